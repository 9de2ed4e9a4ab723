/**
 * Order statistics and central moments of a set of values, computed once and shared by
 * the first-order, intensity-statistics and intensity-histogram families.
 * @module
 */
import { jsKernels } from "../kernels/js.js";
import type { Kernels } from "../kernels/types.js";
import type { ValueSummary } from "../kernels/intensity.js";
import type { VoxelArray } from "../volume.js";

export { summaryPercentile, type SummaryPercentile, type ValueSummary } from "../kernels/intensity.js";

/**
 * The values' order statistics, moments and deviations (see `summariseValues` in
 * kernels/intensity.ts, the TypeScript twin of the WebAssembly kernel that computes them),
 * with `voxelArrayShift`'s Σ (x + c)² when `shift` is given (0: Σ x²).
 */
export function summarise(values: VoxelArray, kernels: Kernels = jsKernels, shift = 0): ValueSummary {
  return kernels.summariseValues(values, shift);
}

/** Probabilities p_i = n_i/N of each gray level from its counts (index 0 unused). */
export function levelProbabilities(counts: Float64Array, voxels: number): Float64Array {
  return counts.map((n) => n / voxels);
}

/** numpy.spacing(1): what PyRadiomics adds inside entropy logarithms. */
export const MACHINE_EPSILON = 2.220446049250313e-16;
