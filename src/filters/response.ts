/**
 * One response map of a whole image, as `radiomics filter` writes it: the map of the one
 * filtered image type a configuration enables (one of its maps, by name, when it yields
 * several), float32 on the image's grid (after normalisation and IBSI resampling when the
 * configuration asks for them). Users look at maps before trusting features.
 * @module
 */
import { outOfMemory, RadiomicsError } from "../errors.js";
import { fallbackNote, kernelsFor } from "../kernels/backend.js";
import type { BackendChoice } from "../kernels/types.js";
import { alignMask } from "../preprocess/geometry.js";
import { normaliseImage } from "../preprocess/intensity.js";
import { selectLabel } from "../preprocess/mask.js";
import { ibsiGrid, resampleIntensities } from "../preprocess/resample.js";
import { asConfig, type ExtractionConfig, type ParamsInput } from "../settings.js";
import { checkVolume, type Volume } from "../volume.js";
import { wholeRegion } from "./grid.js";
import { plannedMaps } from "./registry.js";

/** Options of {@link filterImage}. */
export interface FilterOptions {
  /** Which map, when the image type yields several (`wavelet-HHL`, `log-sigma-2-0-mm-3D`). */
  map?: string;
  /** Kernel backend. @default "auto" */
  backend?: BackendChoice;
  /**
   * A label map on the image's grid (the `label` setting selects the ROI): LBP3D computes
   * its maps at the ROI's voxels only, and needs it. Ignored by the other image types.
   */
  mask?: Volume;
}

/** A response map on the whole grid. */
export interface FilteredVolume {
  /** The map's name (its column prefix in feature tables). */
  name: string;
  image: Volume<Float32Array>;
  /** Warnings the filter gave (e.g. a LoG width below the voxel spacing). */
  warnings: string[];
}

/**
 * The response map of the filtered image type a configuration enables.
 * @param image the image.
 * @param config a resolved configuration or a params object with one filtered `imageType`.
 * @example
 * ```ts
 * const log = filterImage(image, { imageType: { LoG: { sigma: [2.0] } } });
 * const file = encodeVolume(log.image, "nifti-gz"); // look at the map in a viewer
 * ```
 */
export function filterImage(image: Volume, config: ExtractionConfig | ParamsInput, options: FilterOptions = {}): FilteredVolume {
  try {
    return responseOf(image, config, options);
  } catch (err) {
    throw outOfMemory(err, "the filter", image.size, () => asConfig(config).settings.resampledPixelSpacing) ?? err;
  }
}

function responseOf(image: Volume, config: ExtractionConfig | ParamsInput, options: FilterOptions): FilteredVolume {
  checkVolume(image, "filterImage(): the image");
  if (options.mask !== undefined) checkVolume(options.mask, "filterImage(): options.mask");
  const { settings, imageTypes } = asConfig(config);
  const filters = Object.keys(imageTypes).filter((name) => name !== "Original");
  if (filters.length !== 1) {
    throw new RadiomicsError(
      "INVALID_SETTING",
      filters.length === 0
        ? "the configuration enables no filtered image type; enable one in imageType (e.g. LoG: {sigma: [2.0]})"
        : `the configuration enables ${filters.length} filtered image types (${filters.join(", ")}); a response map comes from one: keep one in imageType`,
      { imageTypes: filters },
    );
  }
  const kernels = kernelsFor(options.backend ?? "auto");
  let work: Volume = settings.normalize ? normaliseImage(image, settings.normalizeScale, settings.removeOutliers) : image;
  if (settings.resampledPixelSpacing && settings.interpolator !== null) {
    if (settings.profile === "pyradiomics") {
      throw new RadiomicsError(
        "INVALID_SETTING",
        "the pyradiomics profile resamples onto the ROI's bounding box, and a response map has no ROI: remove resampledPixelSpacing or use the ibsi profile",
        { key: "resampledPixelSpacing" },
      );
    }
    work = resampleIntensities(work, ibsiGrid(work, settings.resampledPixelSpacing), settings, kernels);
  }
  const [{ type, settings: typeSettings, names }] = plannedMaps({ [filters[0]!]: imageTypes[filters[0] as keyof typeof imageTypes] }, settings, work) as [ReturnType<typeof plannedMaps>[number]];
  const wanted = options.map ?? (names.length === 1 ? names[0]! : null);
  if (!wanted || !names.includes(wanted)) {
    throw new RadiomicsError(
      "INVALID_SETTING",
      `${type.name} gives ${names.length} maps here (${names.join(", ")}); ${options.map ? `"${options.map}" is not one of them` : "name one (--map)"}`,
      { maps: names, map: options.map },
    );
  }
  const note = fallbackNote(options.backend);
  const warnings: string[] = note ? [note] : [];
  let roi: Volume<Uint8Array> | null = null;
  if (options.mask) {
    if (settings.resampledPixelSpacing && settings.interpolator !== null) {
      throw new RadiomicsError("INVALID_SETTING", "a mask goes with an image on its own grid: remove resampledPixelSpacing to use --mask", { key: "resampledPixelSpacing" });
    }
    roi = selectLabel(alignMask(work, options.mask, { tolerance: settings.geometryTolerance, correctMask: settings.correctMask }), settings.label, kernels);
  }
  for (const map of type.responses({ image: work, region: wholeRegion(work.size), roi, settings: typeSettings, kernels, warn: (w) => warnings.push(w) })) {
    if (map.name === wanted) return { name: map.name, image: { ...map.image, data: Float32Array.from(map.image.data) }, warnings };
  }
  throw new RadiomicsError("INVALID_SETTING", `${type.name} gave no map "${wanted}"`, { map: wanted });
}
