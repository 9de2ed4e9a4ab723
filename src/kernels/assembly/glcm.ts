// The co-occurrence matrix's sums in AssemblyScript: twins of glcmSums and
// glcmSecondEigenvalue in ../glcm.ts, the same arithmetic in the same order, so the same bits.
import { at, put } from "./memory";
import { gramSecondEigenvalue } from "./eigen";
import { entropy } from "./entropy";

@inline
function add(p: usize, i: i32, v: f64): void {
  put(p, i, at(p, i) + v);
}

/** M(i, j), plus M(j, i) when symmetric. */
@inline
function cell(counts: usize, n: i32, i: i32, j: i32, symmetric: bool): f64 {
  return at(counts, i * n + j) + (symmetric ? at(counts, j * n + i) : 0);
}

/**
 * The sums of the n × n counts at `counts` (twin: glcmSums): p into `p` (n² f64), p_x
 * and p_y into `px`, `py` (n each), p_{x+y} into `pSum` (2n + 1), p_{x−y} into `pDiff`
 * (n), and the 28 scalars of GLCM_SCALARS to `out`. Returns 0 (writing nothing else) when
 * the matrix holds no count.
 */
export function glcmSums(counts: usize, n: i32, symmetric: bool, eps: f64, p: usize, px: usize, py: usize, pSum: usize, pDiff: usize, out: usize): i32 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = cell(counts, n, i, j, symmetric);
      put(p, i * n + j, v);
      total += v;
    }
  }
  if (total == 0) return 0;
  memory.fill(px, 0, <usize>n << 3);
  memory.fill(py, 0, <usize>n << 3);
  memory.fill(pSum, 0, <usize>(2 * n + 1) << 3);
  memory.fill(pDiff, 0, <usize>n << 3);
  let energy: f64 = 0, maximum: f64 = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = at(p, i * n + j) / total;
      put(p, i * n + j, v);
      add(px, i, v);
      add(py, j, v);
      add(pSum, i + j + 2, v);
      add(pDiff, abs<i32>(i - j), v);
      energy += v * v;
      if (v > maximum) maximum = v;
    }
  }
  let mux: f64 = 0, muy: f64 = 0;
  for (let i = 0; i < n; i++) {
    mux += <f64>(i + 1) * at(px, i);
    muy += <f64>(i + 1) * at(py, i);
  }
  let varianceX: f64 = 0, varianceY: f64 = 0;
  for (let i = 0; i < n; i++) {
    const dx = <f64>(i + 1) - mux, dy = <f64>(i + 1) - muy;
    varianceX += dx * dx * at(px, i);
    varianceY += dy * dy * at(py, i);
  }
  let autocorrelation: f64 = 0, clusterTendency: f64 = 0, clusterShade: f64 = 0, clusterProminence: f64 = 0, covariance: f64 = 0, sumSquares: f64 = 0;
  for (let i = 1; i <= n; i++) {
    const fi = <f64>i;
    for (let j = 1; j <= n; j++) {
      const v = at(p, (i - 1) * n + j - 1);
      if (v == 0) continue;
      const fj = <f64>j;
      const t = fi + fj - mux - muy, t2 = t * t;
      autocorrelation += fi * fj * v;
      clusterTendency += t2 * v;
      clusterShade += t2 * t * v;
      clusterProminence += t2 * t2 * v;
      covariance += (fi - mux) * (fj - muy) * v;
      sumSquares += (fi - mux) * (fi - mux) * v;
    }
  }
  put(out, 0, total);
  put(out, 1, mux);
  put(out, 2, muy);
  put(out, 3, varianceX);
  put(out, 4, varianceY);
  put(out, 5, entropy(px, n, eps));
  put(out, 6, entropy(py, n, eps));
  put(out, 7, entropy(p, n * n, eps));
  put(out, 8, autocorrelation);
  put(out, 9, clusterTendency);
  put(out, 10, clusterShade);
  put(out, 11, clusterProminence);
  put(out, 12, covariance);
  put(out, 13, sumSquares);
  put(out, 14, energy);
  put(out, 15, maximum);
  put(out, 16, entropy(pSum, 2 * n + 1, eps));
  put(out, 17, entropy(pDiff, n, eps));
  // The sums over p_{x−y} and p_{x+y}, each from index 0 in index order.
  let contrast: f64 = 0, differenceAverage: f64 = 0, inverseDifference: f64 = 0, inverseDifferenceMoment: f64 = 0;
  let inverseDifferenceNormalised: f64 = 0, inverseDifferenceMomentNormalised: f64 = 0, inverseVariance: f64 = 0;
  const fn = <f64>n;
  for (let k = 0; k < n; k++) {
    const v = at(pDiff, k), fk = <f64>k;
    contrast += fk * fk * v;
    differenceAverage += fk * v;
    inverseDifference += v / (1 + fk);
    inverseDifferenceMoment += v / (1 + fk * fk);
    inverseDifferenceNormalised += v / (1 + fk / fn);
    inverseDifferenceMomentNormalised += v / (1 + (fk * fk) / (fn * fn));
    inverseVariance += k ? v / (fk * fk) : 0;
  }
  let differenceVariance: f64 = 0;
  for (let k = 0; k < n; k++) {
    const d = <f64>k - differenceAverage;
    differenceVariance += d * d * at(pDiff, k);
  }
  let sumAverage: f64 = 0;
  for (let k = 0; k < 2 * n + 1; k++) sumAverage += <f64>k * at(pSum, k);
  let sumVariance: f64 = 0;
  for (let k = 0; k < 2 * n + 1; k++) {
    const d = <f64>k - sumAverage;
    sumVariance += d * d * at(pSum, k);
  }
  put(out, 18, contrast);
  put(out, 19, differenceAverage);
  put(out, 20, differenceVariance);
  put(out, 21, inverseDifference);
  put(out, 22, inverseDifferenceMoment);
  put(out, 23, inverseDifferenceNormalised);
  put(out, 24, inverseDifferenceMomentNormalised);
  put(out, 25, inverseVariance);
  put(out, 26, sumAverage);
  put(out, 27, sumVariance);
  return 1;
}

/**
 * The second largest eigenvalue of the maximal correlation coefficient's W Wᵀ (twin:
 * glcmSecondEigenvalue), or NaN with fewer than two rows (levels with p_x > 0): W into
 * `w` (rows × columns of the used levels), `rows` and `cols` scratch of n i32, then
 * gramSecondEigenvalue with its scratch (`s`, `d`, `e`, `v`, `q`, `t`).
 */
export function glcmSecondEigenvalue(
  counts: usize, n: i32, symmetric: bool, total: f64, px: usize, py: usize,
  rows: usize, cols: usize, w: usize, s: usize, d: usize, e: usize, v: usize, q: usize, t: usize,
): f64 {
  let m = 0, k = 0;
  for (let i = 0; i < n; i++) {
    if (at(px, i) > 0) {
      store<i32>(rows + (<usize>m << 2), i);
      m++;
    }
  }
  if (m < 2) return NaN;
  for (let j = 0; j < n; j++) {
    if (at(py, j) > 0) {
      store<i32>(cols + (<usize>k << 2), j);
      k++;
    }
  }
  for (let a = 0; a < m; a++) {
    const i = load<i32>(rows + (<usize>a << 2));
    for (let b = 0; b < k; b++) {
      const j = load<i32>(cols + (<usize>b << 2));
      put(w, a * k + b, cell(counts, n, i, j, symmetric) / total / Math.sqrt(at(px, i) * at(py, j)));
    }
  }
  return gramSecondEigenvalue(w, m, k, s, d, e, v, q, t);
}
