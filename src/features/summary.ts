/**
 * Order statistics and central moments of a set of values, computed once and shared by
 * the first-order, intensity-statistics and intensity-histogram families.
 * @module
 */
import { jsKernels } from "../kernels/js.js";
import type { Kernels } from "../kernels/types.js";
import type { ValueSummary } from "../kernels/intensity.js";

export { summaryPercentile, sumOfSquares, type SummaryPercentile, type ValueSummary } from "../kernels/intensity.js";

/**
 * Sorted values with their moments and deviations (see `summariseValues` in
 * kernels/intensity.ts, the TypeScript twin of the WebAssembly kernel that computes them),
 * with `voxelArrayShift`'s Σ (x + c)² when `shift` is given (0: Σ x²).
 */
export function summarise(values: Float64Array | Int32Array, kernels: Kernels = jsKernels, shift = 0): ValueSummary {
  return kernels.summariseValues(values instanceof Float64Array ? values : Float64Array.from(values), shift);
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
