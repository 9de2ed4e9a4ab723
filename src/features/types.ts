/**
 * The shape of a feature family: a context built once from the ROI, and features that
 * are pure functions of it.
 * @module
 */
import type { Settings } from "../settings.js";
import type { Volume } from "../volume.js";

/** Everything a family may read about one ROI of one image type. */
export interface RoiInput {
  /** The image (after normalisation), full grid. */
  image: Volume;
  /** ROI after re-segmentation: the voxels whose intensities are analysed. */
  intensityMask: Volume<Uint8Array>;
  /** ROI before re-segmentation: the voxels whose shape is analysed. */
  morphologicalMask: Volume<Uint8Array>;
  /** Image values of the intensity-mask voxels, in scan order. */
  values: Float64Array;
  /** Resolved absolute re-segmentation bounds, or null when none was applied. */
  resegmentBounds: [number | null, number | null] | null;
  settings: Settings;
  /** Gray levels of `values` by the configured discretisation (computed on first use). */
  levels(): Int32Array;
}

/** One feature: its names, IBSI identity, and how to compute it from its family's context. */
export interface FeatureDefinition<C> {
  /** Name in the wide table, PascalCase (`Mean`, `10Percentile`). */
  name: string;
  /** IBSI permanent identifier (four characters), or null when IBSI has no such feature. */
  ibsiCode: string | null;
  /** IBSI formula symbol (`stat.mean`), or null. */
  ibsiTag: string | null;
  /** Deprecated features run only when named explicitly. */
  deprecated?: boolean;
  compute(ctx: C): number;
}

/** A feature family (`firstorder`, `statistics` …). */
export interface FeatureFamily<C> {
  /** Family name as it appears in column names. */
  name: string;
  /** One line: what the family describes. */
  title: string;
  /** Builds the shared context once per ROI. */
  context(input: RoiInput): C;
  features: ReadonlyArray<FeatureDefinition<C>>;
}
