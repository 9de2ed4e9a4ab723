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

/** IBSI fixed bin size: ⌊(x − lower)/w⌋ + 1. */
export function fixedBinSizeIbsi(values: Float64Array, binWidth: number, lower: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) out[n] = Math.floor((values[n]! - lower) / binWidth) + 1;
  return out;
}

/** IBSI fixed bin number over [min, max]: ⌊N (x − min)/(max − min)⌋ + 1, capped at N. */
export function fixedBinNumberIbsi(values: Float64Array, binCount: number, min: number, max: number): Int32Array {
  const out = new Int32Array(values.length);
  const range = max - min;
  for (let n = 0; n < values.length; n++) {
    out[n] = range > 0 ? Math.min(binCount, Math.floor((binCount * (values[n]! - min)) / range) + 1) : 1;
  }
  return out;
}

/** Bin edges as PyRadiomics computes them (see the module doc). */
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

/** `numpy.digitize(x, edges)`: the i with edges[i−1] ≤ x < edges[i] (0 below, n above). */
export function digitize(values: Float64Array, edges: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) {
    const x = values[n]!;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    out[n] = lo;
  }
  return out;
}

/** What a discretisation needs. */
export interface DiscretisationSpec {
  profile: Profile;
  binWidth: number | null;
  binCount: number | null;
  /** IBSI FBS: the lower bound of the re-segmentation range, when there is one. */
  lowerBound?: number | null;
}

/** Discretises ROI values by the profile's rules; binCount wins over binWidth. */
export function discretise(values: Float64Array, spec: DiscretisationSpec): Int32Array {
  if (values.length === 0) return new Int32Array(0);
  if (!spec.binCount && !spec.binWidth) {
    throw new RadiomicsError(
      "INVALID_SETTING",
      "no discretisation is set: give binWidth (fixed bin size, e.g. binWidth: 25) or binCount (fixed bin number, e.g. binCount: 32) " +
        "in the params file, or --setting binWidth:25 on the command line; the ibsi profile has no default",
      { key: "binWidth", allowed: ["binWidth", "binCount"] },
    );
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (spec.profile === "pyradiomics") return digitize(values, pyradiomicsBinEdges(min, max, spec));
  if (spec.binCount) return fixedBinNumberIbsi(values, spec.binCount, min, max);
  const lower = spec.lowerBound !== undefined && spec.lowerBound !== null && Number.isFinite(spec.lowerBound) ? spec.lowerBound : min;
  return fixedBinSizeIbsi(values, spec.binWidth!, lower);
}
