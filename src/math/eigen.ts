/**
 * Eigenvalues of a real symmetric matrix: Householder reflections reduce it to a
 * tridiagonal matrix with the same spectrum (O(n³), once), then the QL algorithm with
 * implicit Wilkinson-type shifts finds the eigenvalues of that (O(n²)). This is the
 * classic dense symmetric eigensolver; for the N_g × N_g matrices of the maximal
 * correlation coefficient it is tens of times faster than cyclic Jacobi rotations, and as
 * exact (backward stable, about 1e-15 relative to the largest eigenvalue).
 * @module
 */

/**
 * Householder tridiagonalisation in place: on return `d` holds the diagonal and `e[k]`
 * the element joining rows k and k + 1 (`e[n − 1]` = 0). `m` (row-major n × n) is destroyed.
 */
export function tridiagonalise(m: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // Reflect column k below the diagonal onto its first component.
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += m[i * n + k]! * m[i * n + k]!;
    const first = m[(k + 1) * n + k]!;
    const alpha = first > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    e[k] = norm2 === 0 ? 0 : alpha;
    let vNorm2 = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = m[i * n + k]! - (i === k + 1 ? alpha : 0);
      vNorm2 += v[i]! * v[i]!;
    }
    if (vNorm2 === 0) continue;
    const scale = 1 / Math.sqrt(vNorm2);
    for (let i = k + 1; i < n; i++) v[i]! *= scale;
    // Trailing block B ← H B H with H = I − 2 v vᵀ: p = B v, K = vᵀ p, q = p − K v,
    // B ← B − 2 (v qᵀ + q vᵀ).
    let kk = 0;
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += m[i * n + j]! * v[j]!;
      p[i] = s;
      kk += v[i]! * s;
    }
    for (let i = k + 1; i < n; i++) p[i]! -= kk * v[i]!;
    for (let i = k + 1; i < n; i++) {
      const vi = v[i]!, qi = p[i]!;
      for (let j = k + 1; j < n; j++) m[i * n + j]! -= 2 * (vi * p[j]! + qi * v[j]!);
    }
  }
  for (let i = 0; i < n; i++) d[i] = m[i * n + i]!;
  if (n >= 2) e[n - 2] = m[(n - 1) * n + n - 2]!;
  e[n - 1] = 0;
}

/**
 * √(a² + b²) without overflow or underflow: the larger magnitude times √(1 + r²), r the
 * ratio of the smaller to it. Every step is one IEEE operation, so every engine gives
 * the same bits; Math.hypot's algorithm is each engine's own.
 */
export function hypot(a: number, b: number): number {
  const x = Math.abs(a), y = Math.abs(b);
  const big = x > y ? x : y, small = x > y ? y : x;
  if (big === 0) return 0;
  const r = small / big;
  return big * Math.sqrt(1 + r * r);
}

/**
 * Eigenvalues of the symmetric tridiagonal matrix (d, e) by QL iterations with implicit
 * shifts; `d` receives the eigenvalues (unordered), `e` is destroyed.
 */
export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array, n: number): void {
  for (let l = 0; l < n; l++) {
    for (let iteration = 0; iteration < 60; iteration++) {
      // Find the first negligible off-diagonal element at or after l.
      let m = l;
      while (m < n - 1 && Math.abs(e[m]!) > Number.EPSILON * (Math.abs(d[m]!) + Math.abs(d[m + 1]!))) m++;
      if (m === l) break;
      // Shift from the leading 2 × 2 block, then chase the bulge from m up to l.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, shift = 0;
      let deflated = false;
      for (let i = m - 1; i >= l; i--) {
        const f = s * e[i]!, b = c * e[i]!;
        r = hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1]! -= shift;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - shift;
        r = (d[i]! - g) * s + 2 * c * b;
        shift = s * r;
        d[i + 1] = g + shift;
        g = c * r - b;
      }
      if (deflated) continue;
      d[l]! -= shift;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/** Eigenvalues, ascending, of the symmetric n × n matrix `a` (row-major; not modified). */
export function symmetricEigenvalues(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalise(m, n, d, e);
  tridiagonalEigenvalues(d, e, n);
  return d.sort();
}

/**
 * The Householder tridiagonal form of the Gram matrix S = W Wᵀ of `rows` × `cols` W
 * (row-major): S(a, b) = Σ_q W(a, q) W(b, q), then {@link tridiagonalise}. The twin of the
 * `gramTridiagonal` kernel.
 */
export function gramTridiagonal(w: Float64Array, rows: number, cols: number): { d: Float64Array; e: Float64Array } {
  const s = new Float64Array(rows * rows);
  for (let a = 0; a < rows; a++) {
    for (let b = a; b < rows; b++) {
      let v = 0;
      // A zero weight adds ±0 to a sum that starts at +0 (W is finite): skipped, as the kernel does.
      for (let q = 0; q < cols; q++) if (w[a * cols + q] !== 0) v += w[a * cols + q]! * w[b * cols + q]!;
      s[a * rows + b] = s[b * rows + a] = v;
    }
  }
  const d = new Float64Array(rows), e = new Float64Array(rows);
  tridiagonalise(s, rows, d, e);
  return { d, e };
}

/**
 * The second largest eigenvalue of the symmetric tridiagonal (d, e) of order n ≥ 2 (`e`
 * is destroyed: its squares), by bisection with Sturm counts: the number of eigenvalues
 * below x is the number of negative pivots of T − x I, each pivot
 * q_i = d_i − x − e²_{i−1}/q_{i−1} (a pivot smaller than `pivmin` in magnitude taken as
 * −pivmin, as LAPACK's dstebz does). From Gershgorin's interval, halved until it is
 * ε · max|bound| wide or no float lies between its ends; the midpoint. One eigenvalue
 * costs some 55 counts of n steps, where QL iterations find all n with a chain of
 * divisions and square roots per rotation (the maximal correlation coefficient needs
 * this one only). The twin of `secondLargest` in ../kernels/assembly/eigen.ts.
 */
export function secondLargestEigenvalue(d: Float64Array, e: Float64Array, n: number): number {
  let lo = Infinity, hi = -Infinity, largest = 0;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1]!) : 0) + (i < n - 1 ? Math.abs(e[i]!) : 0);
    lo = Math.min(lo, d[i]! - r);
    hi = Math.max(hi, d[i]! + r);
  }
  for (let i = 0; i < n - 1; i++) {
    e[i] = e[i]! * e[i]!;
    largest = Math.max(largest, e[i]!);
  }
  const pivmin = 2.2250738585072014e-308 * Math.max(1, largest);
  const tolerance = Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi));
  let mid = 0.5 * (lo + hi);
  while (hi - lo > tolerance && mid > lo && mid < hi) {
    if (eigenvaluesBelow(d, e, n, mid, pivmin) >= n - 1) hi = mid;
    else lo = mid;
    mid = 0.5 * (lo + hi);
  }
  return mid;
}

/** How many eigenvalues of the tridiagonal (d, squared off-diagonal `e2`) lie below x (see {@link secondLargestEigenvalue}). */
function eigenvaluesBelow(d: Float64Array, e2: Float64Array, n: number, x: number, pivmin: number): number {
  let q = d[0]! - x;
  if (Math.abs(q) < pivmin) q = -pivmin;
  let count = q < 0 ? 1 : 0;
  for (let i = 1; i < n; i++) {
    q = d[i]! - x - e2[i - 1]! / q;
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) count++;
  }
  return count;
}

/**
 * The second largest eigenvalue of the Gram matrix W Wᵀ of a `rows` × `cols` W (rows ≥
 * 2): the twin of the `gramSecondEigenvalue` kernel.
 */
export function gramSecondEigenvalue(w: Float64Array, rows: number, cols: number): number {
  const { d, e } = gramTridiagonal(w, rows, cols);
  return secondLargestEigenvalue(d, e, rows);
}
