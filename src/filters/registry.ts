/**
 * The image types by params-file name, and the map names a configuration will produce.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { ExtractionConfig, ImageTypeName, Settings } from "../settings.js";
import { enclosingBox, type BoundingBox } from "../volume.js";
import { exponential } from "./exponential.js";
import { gradient } from "./gradient.js";
import { lbp2D } from "./lbp2d.js";
import { lbp3D } from "./lbp3d.js";
import { log } from "./log.js";
import { laplacianOfGaussian } from "./laplacian-of-gaussian.js";
import { mean } from "./mean.js";
import { laws } from "./laws.js";
import { separableWavelet } from "./separable-wavelet.js";
import { simoncelli } from "./simoncelli.js";
import { gabor } from "./gabor.js";
import { rieszLaplacianOfGaussian, rieszSimoncelli } from "./riesz.js";
import { logarithm } from "./logarithm.js";
import { original } from "./original.js";
import { square } from "./square.js";
import { squareRoot } from "./squareroot.js";
import type { ImageExtent, ImageType } from "./types.js";
import { wavelet } from "./wavelet.js";

/** Image types this version computes. */
export const IMAGE_TYPE_FILTERS: Partial<Record<ImageTypeName, ImageType>> = {
  Original: original, Wavelet: wavelet, LoG: log, Square: square, SquareRoot: squareRoot,
  Logarithm: logarithm, Exponential: exponential, Gradient: gradient, LBP2D: lbp2D, LBP3D: lbp3D,
  Mean: mean, LaplacianOfGaussian: laplacianOfGaussian, Laws: laws, SeparableWavelet: separableWavelet,
  Gabor: gabor, Simoncelli: simoncelli, RieszSimoncelli: rieszSimoncelli, RieszLaplacianOfGaussian: rieszLaplacianOfGaussian,
};

/** The image type of a params-file name, or a typed error naming the ones available. */
export function imageTypeOf(name: string): ImageType {
  const type = IMAGE_TYPE_FILTERS[name as ImageTypeName];
  if (!type) {
    throw new RadiomicsError(
      "UNSUPPORTED_SETTING",
      `image type "${name}" is not available in this version; available: ${Object.keys(IMAGE_TYPE_FILTERS).join(", ")}`,
      { imageType: name, allowed: Object.keys(IMAGE_TYPE_FILTERS) },
    );
  }
  return type;
}

/**
 * Response maps per case under a configuration, for planning a batch (nothing is checked
 * against an image; a configuration an image type refuses counts 1, and its cases say why).
 */
export function mapsPerCase(config: Pick<ExtractionConfig, "imageTypes" | "settings">): number {
  return Object.entries(config.imageTypes).reduce((n, [name, overrides]) => {
    try {
      return n + imageTypeOf(name).mapNames({ ...config.settings, ...overrides }).length;
    } catch {
      return n + 1;
    }
  }, 0);
}

/**
 * Items made map by map (`[map name, item]`, in the order an image type's responses came),
 * in the order of `names` (its `mapNames`, the row's order).
 */
export function inNameOrder<T>(names: readonly string[], made: ReadonlyArray<readonly [string, T]>): T[] {
  return [...made].sort((a, b) => names.indexOf(a[0]) - names.indexOf(b[0])).map(([, item]) => item);
}

/** The response maps each enabled image type yields on an image of extent `image` (checks each type's settings). */
export function plannedMaps(imageTypes: Partial<Record<ImageTypeName, Partial<Settings>>>, settings: Settings, image: ImageExtent): Array<{ type: ImageType; settings: Settings; names: string[] }> {
  return Object.entries(imageTypes).map(([name, overrides]) => {
    const type = imageTypeOf(name);
    const typeSettings: Settings = { ...settings, ...overrides };
    return { type, settings: typeSettings, names: type.mapNames(typeSettings, image) };
  });
}

/** Whether every image type of `imageTypes` names the box of the image it reads ({@link ImageType.reads}), so that a window holding it will do. */
export function readsWindow(imageTypes: Partial<Record<ImageTypeName, unknown>>): boolean {
  return Object.keys(imageTypes).every((name) => IMAGE_TYPE_FILTERS[name as ImageTypeName]?.reads !== undefined);
}

/** Whether an image type of `imageTypes` is scaled by the whole image's range ({@link ImageType.scaledByRange}). */
export function scaledByRange(imageTypes: Partial<Record<ImageTypeName, unknown>>): boolean {
  return Object.keys(imageTypes).some((name) => IMAGE_TYPE_FILTERS[name as ImageTypeName]?.scaledByRange === true);
}

/**
 * The box of an image of extent `image` that a configuration's image types read for their
 * responses on `region` ({@link ImageType.reads}, each with its own settings): the region
 * and what each filter's reach adds to it. Null when one of them reads the whole image.
 * @example
 * ```ts
 * // LoG σ 1 mm on a 1 mm grid reaches some 30 voxels beyond the region along each axis.
 * readBox(resolveConfig({ imageType: { LoG: { sigma: [1] } } }), region, { size: [512, 512, 120], spacing: [1, 1, 1] });
 * ```
 */
export function readBox(config: Pick<ExtractionConfig, "imageTypes" | "settings">, region: BoundingBox, image: ImageExtent): BoundingBox | null {
  let box = region;
  for (const [name, overrides] of Object.entries(config.imageTypes)) {
    const reads = imageTypeOf(name).reads;
    if (!reads) return null;
    box = enclosingBox(box, reads(region, image, { ...config.settings, ...overrides }));
  }
  return box;
}
