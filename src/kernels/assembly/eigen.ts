// The second largest eigenvalue of a Gram matrix in AssemblyScript (the maximal
// correlation coefficient's): Householder reduction and bisection, twins of
// gramTridiagonal and secondLargestEigenvalue in ../../math/eigen.ts, the same arithmetic
// in the same order, so the same bits.
import { at, put } from "./memory";

/** acc[j] += f · src[j] for j = from … to − 1 (SIMD pairs where built with it; the same product and sum per element). */
@inline
function axpy(acc: usize, src: usize, f: f64, from: i32, to: i32): void {
  let j = from;
  if (ASC_FEATURE_SIMD) {
    const vf = f64x2.splat(f);
    for (; j + 1 < to; j += 2) {
      const q = <usize>j << 3;
      v128.store(acc + q, f64x2.add(v128.load(acc + q), f64x2.mul(v128.load(src + q), vf)));
    }
  }
  for (; j < to; j++) put(acc, j, at(acc, j) + at(src, j) * f);
}

/**
 * S = W Wᵀ of the rows × cols W at `w` into `s` (rows × rows scratch), then its Householder
 * tridiagonal form: diagonal into `d`, off-diagonal into `e`; `v` and `p` scratch of rows,
 * `t` of rows × cols. Each sum runs over its terms in the twin's order; the loops are
 * turned so that the inner one runs along memory (S stays symmetric bit for bit, so a
 * column is read as a row), which lets SIMD take two sums at a time.
 */
export function gramTridiagonal(w: usize, rows: i32, cols: i32, s: usize, d: usize, e: usize, v: usize, p: usize, t: usize): void {
  const n = rows;
  // Wᵀ, so that row a of S accumulates w(a, q)·w(b, q) over q for every b ≥ a along memory.
  for (let a = 0; a < n; a++) for (let q = 0; q < cols; q++) put(t, q * n + a, at(w, a * cols + q));
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) put(p, b, 0);
    // A zero weight adds ±0 to sums that start at +0 (W is finite): skipping it changes no
    // bit, and a GLCM's W is often more than half zeros.
    for (let q = 0; q < cols; q++) {
      const f = at(w, a * cols + q);
      if (f != 0) axpy(p, t + (<usize>(q * n) << 3), f, a, n);
    }
    for (let b = a; b < n; b++) {
      put(s, a * n + b, at(p, b));
      put(s, b * n + a, at(p, b));
    }
  }
  for (let k = 0; k < n - 2; k++) {
    let norm2: f64 = 0;
    for (let i = k + 1; i < n; i++) norm2 += at(s, i * n + k) * at(s, i * n + k);
    const first = at(s, (k + 1) * n + k);
    const alpha = first > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    put(e, k, norm2 == 0 ? 0 : alpha);
    let vNorm2: f64 = 0;
    for (let i = k + 1; i < n; i++) {
      const vi = at(s, i * n + k) - (i == k + 1 ? alpha : 0);
      put(v, i, vi);
      vNorm2 += vi * vi;
    }
    if (vNorm2 == 0) continue;
    const scale = 1 / Math.sqrt(vNorm2);
    for (let i = k + 1; i < n; i++) put(v, i, at(v, i) * scale);
    // p = S v over the trailing block: Σ_j s(i, j) v(j), summed over j in order (s(i, j) = s(j, i)).
    for (let i = k + 1; i < n; i++) put(p, i, 0);
    for (let j = k + 1; j < n; j++) axpy(p, s + (<usize>(j * n) << 3), at(v, j), k + 1, n);
    let kk: f64 = 0;
    for (let i = k + 1; i < n; i++) kk += at(v, i) * at(p, i);
    for (let i = k + 1; i < n; i++) put(p, i, at(p, i) - kk * at(v, i));
    for (let i = k + 1; i < n; i++) rankTwoRow(s + (<usize>(i * n) << 3), at(v, i), at(p, i), v, p, k + 1, n);
  }
  for (let i = 0; i < n; i++) put(d, i, at(s, i * n + i));
  if (n >= 2) put(e, n - 2, at(s, (n - 1) * n + n - 2));
  put(e, n - 1, 0);
}

/** row[j] −= 2 (vi·p[j] + qi·v[j]) for j = from … to − 1: one row of the Householder update. */
@inline
function rankTwoRow(row: usize, vi: f64, qi: f64, v: usize, p: usize, from: i32, to: i32): void {
  let j = from;
  if (ASC_FEATURE_SIMD) {
    const two = f64x2.splat(2), a = f64x2.splat(vi), b = f64x2.splat(qi);
    for (; j + 1 < to; j += 2) {
      const q = <usize>j << 3;
      v128.store(row + q, f64x2.sub(v128.load(row + q), f64x2.mul(two, f64x2.add(f64x2.mul(a, v128.load(p + q)), f64x2.mul(b, v128.load(v + q))))));
    }
  }
  for (; j < to; j++) put(row, j, at(row, j) - 2 * (vi * at(p, j) + qi * at(v, j)));
}

/**
 * The second largest eigenvalue of the symmetric tridiagonal (d, e) of order n ≥ 2 by
 * bisection with Sturm counts (`e` becomes its squares): the twin of
 * secondLargestEigenvalue in ../../math/eigen.ts, step for step.
 */
function secondLargest(d: usize, e: usize, n: i32): f64 {
  let lo = Infinity, hi = -Infinity, largest: f64 = 0;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(at(e, i - 1)) : 0) + (i < n - 1 ? Math.abs(at(e, i)) : 0);
    lo = Math.min(lo, at(d, i) - r);
    hi = Math.max(hi, at(d, i) + r);
  }
  for (let i = 0; i < n - 1; i++) {
    put(e, i, at(e, i) * at(e, i));
    largest = Math.max(largest, at(e, i));
  }
  const pivmin = 2.2250738585072014e-308 * Math.max(1, largest);
  const tolerance = f64.EPSILON * Math.max(Math.abs(lo), Math.abs(hi));
  let mid = 0.5 * (lo + hi);
  while (hi - lo > tolerance && mid > lo && mid < hi) {
    if (eigenvaluesBelow(d, e, n, mid, pivmin) >= n - 1) hi = mid;
    else lo = mid;
    mid = 0.5 * (lo + hi);
  }
  return mid;
}

/** How many eigenvalues of the tridiagonal (d, squared off-diagonal `e2`) lie below x. */
@inline
function eigenvaluesBelow(d: usize, e2: usize, n: i32, x: f64, pivmin: f64): i32 {
  let q = at(d, 0) - x;
  if (Math.abs(q) < pivmin) q = -pivmin;
  let count = q < 0 ? 1 : 0;
  for (let i = 1; i < n; i++) {
    q = at(d, i) - x - at(e2, i - 1) / q;
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) count++;
  }
  return count;
}

/** The second largest eigenvalue of W Wᵀ (rows ≥ 2): {@link gramTridiagonal}, then bisection. */
export function gramSecondEigenvalue(w: usize, rows: i32, cols: i32, s: usize, d: usize, e: usize, v: usize, p: usize, t: usize): f64 {
  gramTridiagonal(w, rows, cols, s, d, e, v, p, t);
  return secondLargest(d, e, rows);
}
