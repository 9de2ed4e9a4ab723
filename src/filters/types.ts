/**
 * The shape of an image type (filter): the whole image in, one or more response maps out,
 * each kept only on the region the feature families read.
 * @module
 */
import type { Kernels } from "../kernels/types.js";
import type { Settings } from "../settings.js";
import type { BoundingBox, Volume } from "../volume.js";

/** What a filter reads. */
export interface FilterInput {
  /** The whole image the filter sees (after normalisation, resampling and preCrop). */
  image: Volume;
  /** The voxels whose responses are kept (inclusive box on the image's grid). */
  region: BoundingBox;
  /** The image cut to `region`, when the caller has it (see `regionImage` in grid.ts). */
  regionImage?: Volume;
  /**
   * The whole image's smallest and largest sample, when `image` is a window of it (a case
   * read around its ROI): what the image types scaled by the image's range
   * ({@link ImageType.scaledByRange}) scale by. Absent, they take it from `image`.
   */
  range?: { min: number; max: number };
  /** The ROI on the region's grid (the intensity mask), or null when there is none (a response map alone). */
  roi: Volume<Uint8Array> | null;
  /** The image type's settings (global settings with its own overrides). */
  settings: Settings;
  kernels: Kernels;
  /** Records a warning in the row's diagnostics. */
  warn(message: string): void;
}

/** One response map, cropped to the input's region. */
export interface ResponseMap {
  /** Column prefix, as PyRadiomics names the image (`wavelet-LLH`, `log-sigma-1-0-mm-3D`). */
  name: string;
  /** The map on the region (float64, or the image's own samples for Original). */
  image: Volume;
  /**
   * For a map on a grid of its own (a decimated wavelet band, coarser than the image):
   * brings a mask on the region's grid onto the map's grid. Absent, the map is on the region's grid.
   */
  maskOnMap?: (mask: Volume<Uint8Array>) => Volume<Uint8Array>;
  /**
   * The map's samples were made for it alone, on the thread's scratch (scratch.ts), and the
   * image type reads them no more once the next map is asked for: the extraction gives them
   * back when the map's families are done, and the next map reuses their memory.
   */
  scratch?: boolean;
}

/** The size and spacing of an image (the checks of an image type's settings against it read no more). */
export type ImageExtent = Pick<Volume, "size" | "spacing">;

/** An image type: its response maps, computed one at a time as they are consumed. */
export interface ImageType {
  /** Name in params files (`LoG`, `Wavelet`). */
  name: string;
  /** Column prefixes of the maps it yields under `settings`, in the row's order (checks settings, and with `image` the settings against it). */
  mapNames(settings: Settings, image?: ImageExtent): string[];
  /** The response maps, in the order they are made (which may not be {@link mapNames}' order: callers place their features by name). */
  responses(input: FilterInput): Iterable<ResponseMap>;
  /**
   * The box of an image of extent `image` that the responses on `region` read under
   * `settings`: a window of the image that holds it (as its whole image, the region moved
   * into it) gives the same responses, bit for bit. Absent for image types that read the
   * whole image (LBP3D's B-spline prefilter, the IBSI filters): a case read as a window
   * around its ROI (io/stream-case.ts) cannot have them.
   */
  reads?(region: BoundingBox, image: ImageExtent, settings: Settings): BoundingBox;
  /** Its maps are scaled by the whole image's range: a window holding {@link reads}' box will do with that range given ({@link FilterInput.range}). */
  scaledByRange?: boolean;
}
