/**
 * The shape of a feature family: a context built once from the ROI, and features that
 * are pure functions of it.
 * @module
 */
import type { Profile, Settings } from "../settings.js";
import type { Kernels } from "../kernels/types.js";
import type { LevelArray, Vec3, Volume, VoxelArray } from "../volume.js";

/** The gray-level volume the texture kernels read (see texture/volume.ts): levels and masks on the ROI's box. */
export interface TextureVolume {
  /** Gray levels, 0 outside the intensity mask. */
  levels: Int32Array;
  /** Morphological mask (before re-segmentation) on the same grid. */
  morphology: Uint8Array;
  size: Vec3;
  /** Spacing along the permuted axes. */
  spacing: Vec3;
  /** Highest gray level present. */
  ng: number;
  /** Gray levels present, ascending. */
  present: number[];
  /** z indices of the slices that hold intensity-mask voxels. */
  slices: number[];
  /** Intensity-mask voxels in each z slice. */
  voxelsPerSlice: Int32Array;
  /** The voxel kernels of the ROI's backend. */
  kernels: Kernels;
}

/**
 * What a texture family reads: the settings and the ROI's gray-level volume. A worker
 * that receives a volume already laid out computes texture families from this alone.
 */
export interface TextureInput {
  settings: Settings;
  /** The gray-level volume, built on first use and shared by every texture family of the ROI. */
  texture(): TextureVolume;
}

/** Everything a family may read about one ROI of one image type. */
export interface RoiInput extends TextureInput {
  /** The image (after normalisation), full grid. */
  image: Volume;
  /** ROI after re-segmentation: the voxels whose intensities are analysed. */
  intensityMask: Volume<Uint8Array>;
  /** ROI before re-segmentation: the voxels whose shape is analysed. */
  morphologicalMask: Volume<Uint8Array>;
  /** Image values of the intensity-mask voxels, in scan order, in the image's own type (computed on first use). */
  readonly values: VoxelArray;
  /** Resolved absolute re-segmentation bounds, or null when none was applied. */
  resegmentBounds: [number | null, number | null] | null;
  /** Gray levels of `values` by the configured discretisation, in the narrowest type that holds them (computed on first use). */
  levels(): LevelArray;
  /** Voxels at each gray level, n[i] for level i (index 0 unused; computed on first use). */
  levelCounts(): Float64Array;
  /** The voxel kernels of the chosen backend. */
  kernels: Kernels;
}

/** One feature: its names, IBSI identity, and how to compute it from its family's context. */
export interface FeatureDefinition<C> {
  /** Name in the wide table, PascalCase (`Mean`, `10Percentile`). */
  name: string;
  /** IBSI permanent identifier (four characters), or null when IBSI has no such feature. */
  ibsiCode: string | null;
  /** IBSI formula symbol (`stat.mean`), or null. */
  ibsiTag: string | null;
  /** Deprecated upstream (PyRadiomics); such features run only when named, unless `profiles` says otherwise. */
  deprecated?: boolean;
  /** Profiles in which the feature is on when its family is enabled whole (default: all, unless deprecated). */
  profiles?: readonly Profile[];
  compute(ctx: C): number;
}

/** Contexts of one aggregation method: a feature's value is the mean of its values over them. */
export interface Evaluation<C> {
  /** Aggregation label for the long table (`3D`, `2D:averaged` …). */
  aggregation: string;
  /** IBSI aggregation code (`DHQ4`, `BTW3` …). */
  ibsiAggregation: string;
  /** Suffix appended to column names ("" for none). */
  columnSuffix: string;
  /** One context per matrix (or one for the whole ROI). */
  contexts: C[];
}

/** A feature family (`firstorder`, `statistics` …). */
export interface FeatureFamily<C> {
  /** Family name as it appears in column names. */
  name: string;
  /** One line: what the family describes. */
  title: string;
  /**
   * Describes the ROI itself (shape, morphology): computed once per case, on the original
   * image and named `original_…`, whichever image types are enabled.
   */
  geometric?: boolean;
  /**
   * Reads nothing but a {@link TextureInput} (the texture families): a worker that holds
   * only the ROI's gray-level volume can compute it.
   */
  texture?: boolean;
  /**
   * Whether computing `features` reads the ROI's gray levels, which need binWidth or
   * binCount: an extraction checks that one is set before it computes anything.
   */
  discretises?(features: ReadonlyArray<FeatureDefinition<C>>): boolean;
  /** Builds the contexts of each aggregation method the settings ask for. */
  evaluate(input: RoiInput): Array<Evaluation<C>>;
  features: ReadonlyArray<FeatureDefinition<C>>;
}

/** Whether a feature is on by default in a profile. */
export function enabledByDefault(feature: FeatureDefinition<unknown>, profile: Profile): boolean {
  return feature.profiles ? feature.profiles.includes(profile) : !feature.deprecated;
}

/** `evaluate` for families computed once over the whole ROI in 3-D (IBSI code DHQ4). */
export function wholeRoi<C>(context: (input: RoiInput) => C): (input: RoiInput) => Array<Evaluation<C>> {
  return (input) => [{ aggregation: "3D", ibsiAggregation: "DHQ4", columnSuffix: "", contexts: [context(input)] }];
}
