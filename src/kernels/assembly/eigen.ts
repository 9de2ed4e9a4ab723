// The Householder reduction of a Gram matrix in AssemblyScript, the twin of
// gramTridiagonal in ../../math/eigen.ts (the O(n³) part of the maximal correlation
// coefficient's eigenvalues): the same arithmetic in the same order, so the same bits.

@inline
function at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline
function put(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/**
 * S = W Wᵀ of the rows × cols W at `w` into `s` (rows × rows scratch), then its Householder
 * tridiagonal form: diagonal into `d`, off-diagonal into `e`; `v` and `p` scratch of rows.
 */
export function gramTridiagonal(w: usize, rows: i32, cols: i32, s: usize, d: usize, e: usize, v: usize, p: usize): void {
  const n = rows;
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let acc: f64 = 0;
      for (let q = 0; q < cols; q++) acc += at(w, a * cols + q) * at(w, b * cols + q);
      put(s, a * n + b, acc);
      put(s, b * n + a, acc);
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
    let kk: f64 = 0;
    for (let i = k + 1; i < n; i++) {
      let acc: f64 = 0;
      for (let j = k + 1; j < n; j++) acc += at(s, i * n + j) * at(v, j);
      put(p, i, acc);
      kk += at(v, i) * acc;
    }
    for (let i = k + 1; i < n; i++) put(p, i, at(p, i) - kk * at(v, i));
    for (let i = k + 1; i < n; i++) {
      const vi = at(v, i), qi = at(p, i);
      for (let j = k + 1; j < n; j++) put(s, i * n + j, at(s, i * n + j) - 2 * (vi * at(p, j) + qi * at(v, j)));
    }
  }
  for (let i = 0; i < n; i++) put(d, i, at(s, i * n + i));
  if (n >= 2) put(e, n - 2, at(s, (n - 1) * n + n - 2));
  put(e, n - 1, 0);
}
