/**
 * What the intensity-mapping image types (Square, SquareRoot, Logarithm, Exponential)
 * share: the largest absolute intensity of the whole image, which scales each of them
 * as PyRadiomics scales it, and the map applied to the region's voxels only (the map is
 * voxel by voxel, so the rest of the image never needs it): they read the region, and a
 * window of the image will do when the whole image's range comes with it.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Kernels } from "../kernels/types.js";
import type { BoundingBox, Volume } from "../volume.js";
import { regionImage } from "./grid.js";
import type { FilterInput } from "./types.js";

/** max |x| over the whole image (its `range` where given, else `image`'s); an all-zero image has no scale, and is refused. */
export function maxAbs({ image, range }: Pick<FilterInput, "image" | "range">, kernels: Kernels, imageType: string): number {
  const { min, max } = range ?? kernels.imageStats(image.data);
  const m = Math.max(Math.abs(min), Math.abs(max));
  if (!(m > 0)) {
    throw new RadiomicsError("INVALID_INPUT", `image type ${imageType} scales by the largest absolute intensity, and this image is all zero; remove ${imageType} from imageType`, { imageType });
  }
  return m;
}

/** What these image types read of the image: the region alone ({@link ImageType.reads}). */
export const regionOnly = (region: BoundingBox): BoundingBox => region;

/** `f` applied to every voxel of the region, as float64. */
export function mapRegion(input: Pick<FilterInput, "image" | "region" | "regionImage">, f: (x: number) => number): Volume<Float64Array> {
  const cropped = regionImage(input);
  const data = new Float64Array(cropped.data.length);
  for (let i = 0; i < data.length; i++) data[i] = f(cropped.data[i]!);
  return { ...cropped, data };
}
