/**
 * Intensity preprocessing: PyRadiomics normalisation and re-segmentation (range,
 * relative, σ; plus IBSI outlier filtering).
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Settings } from "../settings.js";
import type { Volume } from "../volume.js";
import { countVoxels } from "./mask.js";

/**
 * PyRadiomics `normalize`: z-score over the whole image (mean and the sample standard
 * deviation, as ITK's NormalizeImageFilter), clip at ±`removeOutliers` when given, then
 * multiply by `normalizeScale`. Returns a Float64 volume.
 * @example
 * ```ts
 * const normalised = normaliseImage(image, 100, 3); // z-scores × 100, outliers beyond 3σ clipped
 * ```
 */
export function normaliseImage(image: Volume, scale = 1, removeOutliers: number | null = null): Volume<Float64Array> {
  return normalisedBy(image, normalisation(image.data, scale, removeOutliers));
}

/** What {@link normaliseImage} takes of the whole image: its mean and sample standard deviation, with the settings' scale and clip. */
export interface Normalisation {
  mean: number;
  sd: number;
  scale: number;
  removeOutliers: number | null;
}

/**
 * The mean and sample standard deviation of samples `d` ({@link sumInOrder}, then
 * {@link squaresInOrder} about the mean), with the settings' scale and clip.
 */
export function normalisation(d: ArrayLike<number>, scale: number, removeOutliers: number | null): Normalisation {
  const mean = sumInOrder(d) / d.length;
  return { mean, sd: sampleSd(squaresInOrder(d, mean), d.length), scale, removeOutliers };
}

/** `sum` plus the samples `d`, one at a time in scan order: pieces of an image summed in turn give its whole sum, bit for bit (io/stream-case.ts). */
export function sumInOrder(d: ArrayLike<number>, sum = 0): number {
  for (let i = 0; i < d.length; i++) sum += d[i]!;
  return sum;
}

/** `ss` plus the squared differences of the samples `d` from `mean`, one at a time in scan order (as {@link sumInOrder}). */
export function squaresInOrder(d: ArrayLike<number>, mean: number, ss = 0): number {
  for (let i = 0; i < d.length; i++) ss += (d[i]! - mean) ** 2;
  return ss;
}

/** The sample standard deviation of `n` samples whose squared differences from their mean sum to `ss`. */
export const sampleSd = (ss: number, n: number): number => Math.sqrt(ss / (n - 1));

/** One sample normalised: its z-score (0 when the image is flat), clipped at ± `removeOutliers`, times `scale`. */
export function normalised(x: number, { mean, sd, scale, removeOutliers }: Normalisation): number {
  let z = sd > 0 ? (x - mean) / sd : 0;
  if (removeOutliers !== null) z = Math.min(removeOutliers, Math.max(-removeOutliers, z));
  return z * scale;
}

/** Every sample of `image` {@link normalised}, as float64 (the whole image, or a window of it with the whole image's normalisation). */
export function normalisedBy(image: Volume, by: Normalisation): Volume<Float64Array> {
  const d = image.data;
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = normalised(d[i]!, by);
  return { ...image, data: out };
}

/** Mean and population standard deviation of the image inside a mask. */
function maskedMoments(image: Volume, mask: Volume<Uint8Array>): { mean: number; sd: number; max: number; count: number } {
  let sum = 0, count = 0, max = -Infinity;
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    const v = image.data[i]!;
    sum += v;
    count++;
    if (v > max) max = v;
  }
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) ss += (image.data[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / count), max, count };
}

/** Keeps the mask voxels whose intensity lies in [lower, upper] (null bounds are open). */
function applyBounds(image: Volume, mask: Volume<Uint8Array>, lower: number | null, upper: number | null): Volume<Uint8Array> {
  const out = new Uint8Array(mask.data.length);
  const lo = lower ?? -Infinity;
  const hi = upper ?? Infinity;
  for (let i = 0; i < out.length; i++) {
    const v = image.data[i]!;
    if (mask.data[i] && v >= lo && v <= hi) out[i] = 1;
  }
  return { ...mask, data: out };
}

/** Result of re-segmentation. */
export interface Resegmented {
  mask: Volume<Uint8Array>;
  /** The absolute bounds applied (after resolving relative/σ modes), or null if none. */
  bounds: [number | null, number | null] | null;
}

/**
 * Re-segments the ROI by intensity: `resegmentRange` read per `resegmentMode`
 * (absolute; relative = fraction of the ROI maximum; sigma = mean + t·σ of the ROI),
 * then IBSI outlier filtering at mean ± `resegmentOutliers`·σ of what remains.
 * @throws RadiomicsError `EMPTY_ROI` when fewer than 2 voxels remain.
 * @example
 * ```ts
 * const roi = selectLabel(mask, 1);
 * const { mask: soft, bounds } = resegment(image, roi, { resegmentRange: [-100, 200], resegmentMode: "absolute", resegmentOutliers: null });
 * ```
 */
export function resegment(image: Volume, mask: Volume<Uint8Array>, settings: Pick<Settings, "resegmentRange" | "resegmentMode" | "resegmentOutliers">): Resegmented {
  let out = mask;
  let bounds: [number | null, number | null] | null = null;
  if (settings.resegmentRange) {
    const [a = null, b = null] = settings.resegmentRange;
    const m = maskedMoments(image, mask);
    const resolve = (t: number | null) =>
      t === null ? null : settings.resegmentMode === "relative" ? t * m.max : settings.resegmentMode === "sigma" ? m.mean + t * m.sd : t;
    bounds = [resolve(a), resolve(b)];
    out = applyBounds(image, out, bounds[0], bounds[1]);
  }
  if (settings.resegmentOutliers !== null) {
    const m = maskedMoments(image, out);
    const t = settings.resegmentOutliers;
    out = applyBounds(image, out, m.mean - t * m.sd, m.mean + t * m.sd);
  }
  const remaining = countVoxels(out);
  if (remaining < 2) {
    throw new RadiomicsError(
      "EMPTY_ROI",
      `re-segmentation left ${remaining} voxel(s) in the ROI; widen resegmentRange (${JSON.stringify(settings.resegmentRange)}) or resegmentOutliers`,
      { remaining },
    );
  }
  return { mask: out, bounds };
}
