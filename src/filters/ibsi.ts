/**
 * What the IBSI 2 image types share: the axes a filter runs along (all three, or the two
 * of the slice plane for 2-D filtering), the pooling of rotated responses, and the
 * number formatting of map names.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Settings } from "../settings.js";

/** The `sigma` widths an image type needs (LoG, LaplacianOfGaussian, RieszLaplacianOfGaussian), or a typed error. */
export function requireSigma(settings: Settings, imageType: string): number[] {
  if (settings.sigma.length === 0) {
    throw new RadiomicsError("INVALID_SETTING", `image type ${imageType} needs the setting "sigma" (a list of widths in mm, e.g. sigma: [1.0, 2.0, 3.0])`, { key: "sigma" });
  }
  return settings.sigma;
}

/** Axes (x = 0, y = 1, z = 2) a filter runs along: all, or the plane across force2Ddimension (numpy order: 0 = z). */
export function filterAxes(settings: Settings): number[] {
  return settings.filterDimensions === 3 ? [0, 1, 2] : [0, 1, 2].filter((a) => a !== 2 - settings.force2Ddimension);
}

/** "2D" or "3D", as map names end. */
export function dimensionTag(settings: Settings): string {
  return `${settings.filterDimensions}D`;
}

/** A number as map names write it: 1.5 → "1-5", 2 → "2-0" (PyRadiomics' style). */
export function nameNumber(v: number): string {
  return (Number.isInteger(v) ? `${v}.0` : String(v)).replace(".", "-");
}

/** Voxel-wise pooling of `next` into `acc` (in place); `count` maps pooled so far, including `next`. */
export function poolInto(acc: Float64Array, next: Float64Array, pooling: Settings["pooling"]): void {
  if (pooling === "max") for (let i = 0; i < acc.length; i++) acc[i] = Math.max(acc[i]!, next[i]!);
  else if (pooling === "min") for (let i = 0; i < acc.length; i++) acc[i] = Math.min(acc[i]!, next[i]!);
  else for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + next[i]!;
}

/** Finishes a pooling: averages divide by the number of maps. */
export function finishPool(acc: Float64Array, count: number, pooling: Settings["pooling"]): Float64Array {
  if (pooling === "average") for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! / count;
  return acc;
}
