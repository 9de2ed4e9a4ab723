/**
 * Order statistics and central moments of a set of values, computed once and shared by
 * the first-order, intensity-statistics and intensity-histogram families.
 * @module
 */
import { jsKernels } from "../kernels/js.js";
import type { Kernels } from "../kernels/types.js";

/** Sorted values with their moments. */
export interface ValueSummary {
  /** Number of values N. */
  count: number;
  /** Values in ascending order. */
  sorted: Float64Array;
  mean: number;
  /** Population variance μ₂ = Σ(x − μ)²/N. */
  variance: number;
  /** Third central moment μ₃ = Σ(x − μ)³/N. */
  m3: number;
  /** Fourth central moment μ₄ = Σ(x − μ)⁴/N. */
  m4: number;
  /** Mean absolute deviation Σ|x − μ|/N. */
  meanAbsoluteDeviation: number;
}

/** Summarises values (sorted by the backend's kernel; two passes for the moments). */
export function summarise(values: Float64Array | Int32Array, kernels: Kernels = jsKernels): ValueSummary {
  const count = values.length;
  const sorted = kernels.sortValues(values instanceof Float64Array ? values : Float64Array.from(values));
  let sum = 0;
  for (let n = 0; n < count; n++) sum += sorted[n]!;
  const mean = sum / count;
  let m2 = 0, m3 = 0, m4 = 0, mad = 0;
  for (let n = 0; n < count; n++) {
    const d = sorted[n]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    mad += Math.abs(d);
  }
  return { count, sorted, mean, variance: m2 / count, m3: m3 / count, m4: m4 / count, meanAbsoluteDeviation: mad / count };
}

/**
 * Percentile q (0–100) with linear interpolation between closest ranks: numpy's
 * default `percentile(x, q)`, rank h = (N − 1)·q/100.
 */
export function percentile(sorted: Float64Array, q: number): number {
  const h = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = h - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  // numpy's lerp: from the nearer end, which keeps the result within [a, b].
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/** Mean of |x − mean(X')| over X' = the values within [P10, P90] (robust MAD). */
export function robustMeanAbsoluteDeviation(sorted: Float64Array): number {
  const p10 = percentile(sorted, 10);
  const p90 = percentile(sorted, 90);
  // The values are sorted: those within [P10, P90] are one run of indices.
  let first = 0, end = sorted.length;
  while (first < end && sorted[first]! < p10) first++;
  while (end > first && sorted[end - 1]! > p90) end--;
  let sum = 0;
  for (let n = first; n < end; n++) sum += sorted[n]!;
  const mean = sum / (end - first);
  let dev = 0;
  for (let n = first; n < end; n++) dev += Math.abs(sorted[n]! - mean);
  return dev / (end - first);
}

/** Mean of |x − median| (median absolute deviation as IBSI defines it: a mean). */
export function medianAbsoluteDeviation(sorted: Float64Array): number {
  const median = percentile(sorted, 50);
  let dev = 0;
  for (let n = 0; n < sorted.length; n++) dev += Math.abs(sorted[n]! - median);
  return dev / sorted.length;
}

/** Sum of x² over the values, each shifted by `shift`. */
export function sumOfSquares(values: ArrayLike<number>, shift = 0): number {
  let s = 0;
  for (let n = 0; n < values.length; n++) {
    const v = values[n]! + shift;
    s += v * v;
  }
  return s;
}

/** Counts n_i of each gray level 1..max (index 0 unused, so n[i] is level i). */
export function levelCounts(levels: Int32Array): Float64Array {
  let max = 0;
  for (let k = 0; k < levels.length; k++) if (levels[k]! > max) max = levels[k]!;
  const n = new Float64Array(max + 1);
  for (let k = 0; k < levels.length; k++) n[levels[k]!]! += 1;
  return n;
}

/** Probabilities p_i = n_i/N of each gray level 1..max (index 0 unused). */
export function levelProbabilities(levels: Int32Array): Float64Array {
  return levelCounts(levels).map((n) => n / levels.length);
}

/** numpy.spacing(1): what PyRadiomics adds inside entropy logarithms. */
export const MACHINE_EPSILON = 2.220446049250313e-16;

/**
 * Shannon entropy −Σ p log₂(p + ε) over the probabilities p > 0 (in `scale` units:
 * each value is divided by `scale` first). ε = 0 gives the IBSI form; PyRadiomics adds
 * {@link MACHINE_EPSILON}, which makes a certain outcome give −3.2·10⁻¹⁶ instead of 0.
 */
export function entropy(values: ArrayLike<number>, eps = 0, scale = 1): number {
  let h = 0;
  for (let i = 0; i < values.length; i++) {
    const p = values[i]! / scale;
    if (p > 0) h -= p * Math.log2(p + eps);
  }
  return h;
}
