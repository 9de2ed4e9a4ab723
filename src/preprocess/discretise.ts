/**
 * Discretisation of ROI intensities into gray levels 1, 2, …, in IBSI and PyRadiomics
 * semantics.
 *
 * IBSI (manual §"Discretisation"):
 * - fixed bin size (FBS) w: X_d = ⌊(X − X_min)/w⌋ + 1, where X_min is the lower bound of
 *   the re-segmentation range when there is one, else the ROI minimum;
 * - fixed bin number (FBN) N_g: X_d = ⌊N_g (X − X_min)/(X_max − X_min)⌋ + 1, and N_g for
 *   X = X_max; a flat ROI gets level 1.
 *
 * PyRadiomics (`imageoperations.getBinEdges` + `numpy.digitize`):
 * - binWidth w: edges start at the multiple of w at or below the ROI minimum and step by
 *   w until past maximum + w, so bins are half-open and a maximum on an edge opens a
 *   new bin;
 * - binCount N: `numpy.histogram` edges over [min, max] with the top edge raised by 1.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Profile } from "../settings.js";
import { jsKernels } from "../kernels/js.js";
export { digitize, fixedBinNumberIbsi, fixedBinSizeIbsi } from "../kernels/intensity.js";
import type { Kernels } from "../kernels/types.js";
import type { LevelArray, VoxelArray } from "../volume.js";

/**
 * Bin edges as PyRadiomics computes them (see the module doc).
 * @example
 * ```ts
 * pyradiomicsBinEdges(-7, 58, { binWidth: 25 }); // Float64Array [-25, 0, 25, 50, 75, 100]
 * ```
 */
export function pyradiomicsBinEdges(min: number, max: number, bin: { binWidth?: number | null; binCount?: number | null }): Float64Array {
  if (bin.binCount) {
    // numpy.histogram: range (min − 0.5, max + 0.5) for a flat ROI; linspace start + i·step, last = stop.
    const [lo, hi] = min === max ? [min - 0.5, max + 0.5] : [min, max];
    const n = bin.binCount;
    const step = (hi - lo) / n;
    const edges = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) edges[i] = i * step + lo;
    edges[n] = hi + 1;
    return edges;
  }
  const w = bin.binWidth!;
  const low = min - pythonMod(min, w);
  const high = max + 2 * w;
  // numpy.arange: start + i·delta with delta = (start + step) − start, length ⌈(stop − start)/step⌉.
  const delta = low + w - low;
  const count = Math.ceil((high - low) / w);
  if (count === 1) return Float64Array.of(low - 0.5, low + 0.5);
  const edges = new Float64Array(count);
  for (let i = 0; i < count; i++) edges[i] = low + i * delta;
  return edges;
}

/** Python's `a % b` (result has the sign of b). */
function pythonMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

/** What a discretisation needs. */
export interface DiscretisationSpec {
  profile: Profile;
  binWidth: number | null;
  binCount: number | null;
  /** IBSI FBS: the lower bound of the re-segmentation range, when there is one. */
  lowerBound?: number | null;
}

/** Throws unless `spec` sets binWidth or binCount (`imageType`: whose settings these are, for the message). */
export function requireDiscretisation(spec: Pick<DiscretisationSpec, "binWidth" | "binCount">, imageType?: string): void {
  if (spec.binCount || spec.binWidth) return;
  throw new RadiomicsError(
    "INVALID_SETTING",
    `no discretisation is set${imageType ? ` for image type ${imageType}` : ""}: give binWidth (fixed bin size, e.g. binWidth: 25) or binCount (fixed bin number, e.g. binCount: 32) ` +
      "in the params file, or --setting binWidth:25 on the command line; the ibsi profile has no default",
    { key: "binWidth", allowed: ["binWidth", "binCount"], ...(imageType ? { imageType } : {}) },
  );
}

/**
 * Discretises ROI values by the profile's rules; binCount wins over binWidth.
 * @example
 * ```ts
 * const levels = discretise(Float64Array.of(-7, 12, 58), { profile: "pyradiomics", binWidth: 25, binCount: null }); // [1, 2, 4]
 * ```
 */
export function discretise(
  values: VoxelArray, spec: DiscretisationSpec, kernels: Kernels = jsKernels,
  range?: { min: number; max: number },
): LevelArray {
  if (values.length === 0) return new Uint8Array(0);
  requireDiscretisation(spec);
  // The values' range (given when the caller has it): the kernel's pass, not a JavaScript
  // loop, as every response map of a case discretises its ROI.
  const { min, max } = range ?? kernels.imageStats(values);
  if (spec.profile === "pyradiomics") return kernels.digitize(values, pyradiomicsBinEdges(min, max, spec));
  if (spec.binCount) return kernels.fixedBinNumber(values, spec.binCount, min, max);
  const lower = spec.lowerBound !== undefined && spec.lowerBound !== null && Number.isFinite(spec.lowerBound) ? spec.lowerBound : min;
  return kernels.fixedBinSize(values, spec.binWidth!, lower);
}
