/**
 * The co-occurrence matrix's sums: every quantity of one GLCM that is a sum or a maximum
 * over its cells, and the eigenvalue its maximal correlation coefficient needs. These
 * are the TypeScript twins of the kernels in ./assembly/glcm.ts (the same arithmetic in
 * the same order, so the same bits); the formulas that read them are in
 * ../features/glcm.ts. Levels are 1-based in the formulas, indices 0-based here.
 * @module
 */
import { gramSecondEigenvalue } from "../math/eigen.js";
import { entropy } from "../math/entropy.js";

/** The sums over one normalised co-occurrence matrix p = M / Σ M (M made symmetric when asked). */
export interface GlcmSums {
  /** Σ M (after making it symmetric). */
  total: number;
  /** p_x(i) = Σ_j p(i, j) and p_y(j) = Σ_i p(i, j). */
  px: Float64Array;
  py: Float64Array;
  /** p_{x+y}(k) at index k (0 and 1 unused). */
  pSum: Float64Array;
  /** p_{x−y}(k) at index k. */
  pDiff: Float64Array;
  /** μ_x = Σ i p_x(i), μ_y = Σ j p_y(j). */
  mux: number;
  muy: number;
  /** Σ (i − μ_x)² p_x(i) and Σ (j − μ_y)² p_y(j). */
  varianceX: number;
  varianceY: number;
  /** −Σ p log₂(p + ε) of p_x, p_y and p (HXY1 = HXY2 = HX + HY: see ../features/glcm.ts). */
  hx: number;
  hy: number;
  hxy: number;
  /** Σ i j p. */
  autocorrelation: number;
  /** Σ t^k p with t = i + j − μ_x − μ_y, for k = 2, 3, 4. */
  clusterTendency: number;
  clusterShade: number;
  clusterProminence: number;
  /** Σ (i − μ_x)(j − μ_y) p. */
  covariance: number;
  /** Σ (i − μ_x)² p. */
  sumSquares: number;
  /** Σ p². */
  energy: number;
  /** max p. */
  maximum: number;
  /** −Σ p log₂(p + ε) of p_{x+y} and of p_{x−y}. */
  hSum: number;
  hDiff: number;
  /** Σ_k k² p_{x−y}(k) and Σ_k k p_{x−y}(k) (the difference average, DA). */
  contrast: number;
  differenceAverage: number;
  /** Σ_k (k − DA)² p_{x−y}(k). */
  differenceVariance: number;
  /** Σ_k p_{x−y}(k)/(1 + k), Σ_k p_{x−y}(k)/(1 + k²), and the same with k/n and k²/n². */
  inverseDifference: number;
  inverseDifferenceMoment: number;
  inverseDifferenceNormalised: number;
  inverseDifferenceMomentNormalised: number;
  /** Σ_{k≥1} p_{x−y}(k)/k². */
  inverseVariance: number;
  /** Σ_k k p_{x+y}(k) (the sum average, SA) and Σ_k (k − SA)² p_{x+y}(k). */
  sumAverage: number;
  sumVariance: number;
}

/** The scalar fields of {@link GlcmSums}, in the order the kernel writes them. */
export const GLCM_SCALARS = [
  "total", "mux", "muy", "varianceX", "varianceY", "hx", "hy", "hxy",
  "autocorrelation", "clusterTendency", "clusterShade", "clusterProminence", "covariance", "sumSquares", "energy", "maximum", "hSum", "hDiff",
  "contrast", "differenceAverage", "differenceVariance", "inverseDifference", "inverseDifferenceMoment",
  "inverseDifferenceNormalised", "inverseDifferenceMomentNormalised", "inverseVariance", "sumAverage", "sumVariance",
] as const;

/** p(i, j) before normalisation: M(i, j), plus M(j, i) when symmetric. */
function cell(counts: Float64Array, n: number, i: number, j: number, symmetric: boolean): number {
  return counts[i * n + j]! + (symmetric ? counts[j * n + i]! : 0);
}

/**
 * The sums of an n × n count matrix (row-major), made symmetric when `symmetric`, with ε
 * inside the logarithms; null when it holds no count. Each sum adds its terms in
 * row-major order (cells that are zero add nothing and are skipped).
 */
export function glcmSums(counts: Float64Array, n: number, symmetric: boolean, eps: number): GlcmSums | null {
  const p = new Float64Array(n * n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = cell(counts, n, i, j, symmetric);
      p[i * n + j] = v;
      total += v;
    }
  }
  if (total === 0) return null;
  const px = new Float64Array(n), py = new Float64Array(n);
  const pSum = new Float64Array(2 * n + 1), pDiff = new Float64Array(n);
  let energy = 0, maximum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = (p[i * n + j]! /= total);
      px[i]! += v;
      py[j]! += v;
      pSum[i + j + 2]! += v;
      pDiff[Math.abs(i - j)]! += v;
      energy += v * v;
      if (v > maximum) maximum = v;
    }
  }
  let mux = 0, muy = 0;
  for (let i = 0; i < n; i++) {
    mux += (i + 1) * px[i]!;
    muy += (i + 1) * py[i]!;
  }
  let varianceX = 0, varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = i + 1 - mux, dy = i + 1 - muy;
    varianceX += dx * dx * px[i]!;
    varianceY += dy * dy * py[i]!;
  }
  let autocorrelation = 0, clusterTendency = 0, clusterShade = 0, clusterProminence = 0, covariance = 0, sumSquares = 0;
  for (let i = 1; i <= n; i++) {
    const row = (i - 1) * n - 1;
    for (let j = 1; j <= n; j++) {
      const v = p[row + j]!;
      if (v === 0) continue;
      const t = i + j - mux - muy, t2 = t * t;
      autocorrelation += i * j * v;
      clusterTendency += t2 * v;
      clusterShade += t2 * t * v;
      clusterProminence += t2 * t2 * v;
      covariance += (i - mux) * (j - muy) * v;
      sumSquares += (i - mux) * (i - mux) * v;
    }
  }
  // The sums over p_{x−y} and p_{x+y}, each from index 0 in index order.
  let contrast = 0, differenceAverage = 0, inverseDifference = 0, inverseDifferenceMoment = 0;
  let inverseDifferenceNormalised = 0, inverseDifferenceMomentNormalised = 0, inverseVariance = 0;
  for (let k = 0; k < n; k++) {
    const v = pDiff[k]!;
    contrast += k * k * v;
    differenceAverage += k * v;
    inverseDifference += v / (1 + k);
    inverseDifferenceMoment += v / (1 + k * k);
    inverseDifferenceNormalised += v / (1 + k / n);
    inverseDifferenceMomentNormalised += v / (1 + (k * k) / (n * n));
    inverseVariance += k ? v / (k * k) : 0;
  }
  let differenceVariance = 0;
  for (let k = 0; k < n; k++) {
    const d = k - differenceAverage;
    differenceVariance += d * d * pDiff[k]!;
  }
  let sumAverage = 0;
  for (let k = 0; k < pSum.length; k++) sumAverage += k * pSum[k]!;
  let sumVariance = 0;
  for (let k = 0; k < pSum.length; k++) {
    const d = k - sumAverage;
    sumVariance += d * d * pSum[k]!;
  }
  return {
    contrast, differenceAverage, differenceVariance, inverseDifference, inverseDifferenceMoment,
    inverseDifferenceNormalised, inverseDifferenceMomentNormalised, inverseVariance, sumAverage, sumVariance,
    total, px, py, pSum, pDiff, mux, muy, varianceX, varianceY,
    hx: entropy(px, eps), hy: entropy(py, eps), hxy: entropy(p, eps),
    autocorrelation, clusterTendency, clusterShade, clusterProminence, covariance, sumSquares, energy, maximum,
    hSum: entropy(pSum, eps), hDiff: entropy(pDiff, eps),
  };
}

/**
 * The second largest eigenvalue of the maximal correlation coefficient's S = W Wᵀ, with
 * W(a, q) = p(i_a, j_q)/√(p_x(i_a) p_y(j_q)) over the levels i_a with p_x > 0 and j_q
 * with p_y > 0 (see `maximalCorrelation` in ../features/glcm.ts), or NaN with fewer than
 * two such levels i_a (S then has no second eigenvalue); p = M (+ Mᵀ) / `total` as in
 * {@link glcmSums}, so the same bits.
 */
export function glcmSecondEigenvalue(counts: Float64Array, n: number, symmetric: boolean, total: number, px: Float64Array, py: Float64Array): number {
  const rows: number[] = [], columns: number[] = [];
  for (let i = 0; i < n; i++) if (px[i]! > 0) rows.push(i);
  if (rows.length < 2) return NaN;
  for (let j = 0; j < n; j++) if (py[j]! > 0) columns.push(j);
  const w = new Float64Array(rows.length * columns.length);
  for (let a = 0; a < rows.length; a++) {
    const i = rows[a]!;
    for (let q = 0; q < columns.length; q++) {
      const j = columns[q]!;
      w[a * columns.length + q] = cell(counts, n, i, j, symmetric) / total / Math.sqrt(px[i]! * py[j]!);
    }
  }
  return gramSecondEigenvalue(w, rows.length, columns.length);
}
