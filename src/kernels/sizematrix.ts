/**
 * The sums a gray level × size matrix's features read (run lengths, zone sizes, zone
 * distances, dependence counts: ../features/sizematrix.ts holds their formulas), over its
 * non-zero entries and marginals. The TypeScript twin of the kernel in
 * ./assembly/sizematrix.ts: the same arithmetic in the same order, so the same bits.
 * Levels i and sizes j are 1-based.
 * @module
 */
import { entropy } from "../math/entropy.js";
import type { MatrixEntries } from "./texture.js";

/** The sums of one matrix M with N_s = Σ M and p = M / N_s. */
export interface SizeMatrixSums {
  /** Σ M/j², Σ M j², Σ M/i², Σ M i² over N_s. */
  small: number;
  large: number;
  lowGray: number;
  highGray: number;
  /** Σ M/(i² j²), Σ M i²/j², Σ M j²/i², Σ M i² j² over N_s. */
  smallLowGray: number;
  smallHighGray: number;
  largeLowGray: number;
  largeHighGray: number;
  /** Σ_i m_i² and Σ_j m_j² (m_i, m_j: the row and column sums). */
  graySquares: number;
  sizeSquares: number;
  /** Σ (i − μ_i)² m_i / N_s and Σ (j − μ_j)² m_j / N_s, μ_i = Σ i m_i / N_s, μ_j = Σ j m_j / N_s. */
  grayVariance: number;
  sizeVariance: number;
  /** −Σ p log₂(p + ε) and Σ p². */
  entropy: number;
  energy: number;
}

/** The fields of {@link SizeMatrixSums}, in the order the kernel writes them. */
export const SIZE_MATRIX_SUMS = [
  "small", "large", "lowGray", "highGray", "smallLowGray", "smallHighGray", "largeLowGray", "largeHighGray",
  "graySquares", "sizeSquares", "grayVariance", "sizeVariance", "entropy", "energy",
] as const;

/**
 * Variance of the 1-based index of a marginal with total `total`: `values[t]` at index
 * `at[t]` (the indices left out hold 0 and add nothing), or at t without `at`.
 */
function marginalVariance(values: Float64Array, total: number, at?: Int32Array): number {
  let mean = 0;
  for (let t = 0; t < values.length; t++) mean += ((at ? at[t]! : t) + 1) * values[t]!;
  mean /= total;
  let v = 0;
  for (let t = 0; t < values.length; t++) {
    const d = (at ? at[t]! : t) + 1 - mean;
    v += d * d * values[t]!;
  }
  return v / total;
}

/**
 * The sums of a matrix from its non-zero `entries` (row-major), its row sums `byLevel`
 * (m_i at i − 1), the columns it uses `sizes` (j − 1, ascending) and their sums
 * `sizeTotals`, with `total` = N_s and ε inside the logarithm. Each sum adds its terms in
 * entry (or index) order; the eight emphases in one pass.
 */
export function sizeMatrixSums(entries: MatrixEntries, byLevel: Float64Array, sizes: Int32Array, sizeTotals: Float64Array, total: number, eps: number): SizeMatrixSums {
  const { i, j, v } = entries;
  let small = 0, large = 0, lowGray = 0, highGray = 0, smallLowGray = 0, smallHighGray = 0, largeLowGray = 0, largeHighGray = 0, energy = 0;
  for (let n = 0; n < v.length; n++) {
    const m = v[n]!, iSquared = i[n]! * i[n]!, jSquared = j[n]! * j[n]!;
    const iInverse = 1 / iSquared, jInverse = 1 / jSquared;
    small += m * jInverse;
    large += m * jSquared;
    lowGray += m * iInverse;
    highGray += m * iSquared;
    smallLowGray += m * iInverse * jInverse;
    smallHighGray += m * iSquared * jInverse;
    largeLowGray += m * iInverse * jSquared;
    largeHighGray += m * iSquared * jSquared;
    const p = m / total;
    energy += p * p;
  }
  let graySquares = 0, sizeSquares = 0;
  for (let k = 0; k < byLevel.length; k++) graySquares += byLevel[k]! * byLevel[k]!;
  for (let k = 0; k < sizeTotals.length; k++) sizeSquares += sizeTotals[k]! * sizeTotals[k]!;
  return {
    small: small / total, large: large / total, lowGray: lowGray / total, highGray: highGray / total,
    smallLowGray: smallLowGray / total, smallHighGray: smallHighGray / total, largeLowGray: largeLowGray / total, largeHighGray: largeHighGray / total,
    graySquares, sizeSquares,
    grayVariance: marginalVariance(byLevel, total), sizeVariance: marginalVariance(sizeTotals, total, sizes),
    entropy: entropy(v, eps, total), energy,
  };
}
