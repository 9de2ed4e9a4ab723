/**
 * Turns a texture family's matrix builder and context into a {@link FeatureFamily}:
 * it builds the gray-level volume once per ROI (shared by all texture families), the
 * matrices each requested aggregation method needs, and one context per matrix.
 * @module
 */
import type { Slab } from "../kernels/texture.js";
import type { Settings } from "../settings.js";
import type { Evaluation, FeatureDefinition, FeatureFamily, TextureInput } from "../features/types.js";
import { AGGREGATION_CODES, AGGREGATION_SUFFIXES, aggregationsFor, groupDirectional, groupVolume, sumMatrices, type Matrix } from "./aggregation.js";
import type { DirectionalAggregation, VolumeAggregation } from "./aggregation-methods.js";
import { once } from "../once.js";
import { slab, type TextureVolume } from "./volume.js";

/** What every texture family provides. */
interface TextureSpec<C> {
  name: string;
  title: string;
  features: ReadonlyArray<FeatureDefinition<C>>;
  /** Context of one (possibly merged) matrix; null when the matrix is empty. */
  context(matrix: Matrix, volume: TextureVolume, settings: Settings): C | null;
}

/** A family with one matrix per direction (GLCM, GLRLM). */
export interface DirectionalSpec<C> extends TextureSpec<C> {
  /** Direction offsets for a slab: `inPlane` for per-slice (2-D) matrices. */
  offsets(volume: TextureVolume, settings: Settings, inPlane: boolean): Int32Array;
  /** One matrix per offset. */
  matrices(slab: Slab, volume: TextureVolume, offsets: Int32Array, settings: Settings): Matrix[];
  /** PyRadiomics `weightingNorm`: the weight of a direction's matrix before merging. */
  weight(offset: [number, number, number], spacing: readonly number[], norm: NonNullable<Settings["weightingNorm"]>): number;
}

/** A family with one matrix per slice or volume (GLSZM, GLDZM, NGTDM, GLDM, NGLDM). */
export interface VolumeSpec<C> extends TextureSpec<C> {
  matrix(slab: Slab, volume: TextureVolume, settings: Settings, inPlane: boolean): Matrix;
}

function evaluation<C>(aggregation: DirectionalAggregation | VolumeAggregation, settings: Settings, contexts: C[]): Evaluation<C> {
  return {
    aggregation,
    ibsiAggregation: AGGREGATION_CODES[aggregation],
    columnSuffix: settings.profile === "ibsi" ? AGGREGATION_SUFFIXES[aggregation] : "",
    contexts,
  };
}

function contextsOf<C>(spec: TextureSpec<C>, matrices: Matrix[], volume: TextureVolume, settings: Settings): C[] {
  return matrices.map((m) => spec.context(m, volume, settings)).filter((c): c is C => c !== null);
}

/** A family from its spec and a function that, per ROI, gives the matrices of each aggregation method. */
function textureFamily<C>(
  spec: TextureSpec<C>,
  directional: boolean,
  groupsOf: (volume: TextureVolume, settings: Settings) => (aggregation: DirectionalAggregation | VolumeAggregation) => Matrix[],
): FeatureFamily<C> & { evaluate(input: TextureInput): Array<Evaluation<C>> } {
  return {
    name: spec.name,
    title: spec.title,
    features: spec.features,
    texture: true,
    discretises: () => true,
    evaluate(input: TextureInput) {
      const { settings } = input;
      const volume = input.texture();
      const groups = groupsOf(volume, settings);
      return aggregationsFor(settings, directional).map((aggregation) =>
        evaluation(aggregation, settings, contextsOf(spec, groups(aggregation), volume, settings)));
    },
  };
}

/** The matrix times `factor`, dense (a sparse matrix's entries are not carried over unscaled). */
function scale(m: Matrix, factor: number): Matrix {
  return { rows: m.rows, cols: m.cols, voxels: m.voxels, data: m.data.map((v) => v * factor) };
}

/** Builds a directional texture family. */
export function directionalFamily<C>(spec: DirectionalSpec<C>): FeatureFamily<C> {
  return textureFamily(spec, true, (volume, settings) => {
    const perSlice = once(() => {
      const offsets = spec.offsets(volume, settings, true);
      return volume.slices.map((z) => spec.matrices(slab(volume, z), volume, offsets, settings));
    });
    const whole = once(() => {
      const inPlane = settings.profile === "pyradiomics" && settings.force2D;
      return spec.matrices(slab(volume), volume, spec.offsets(volume, settings, inPlane), settings);
    });
    return (aggregation) => {
      if (settings.profile === "ibsi") return groupDirectional(aggregation as DirectionalAggregation, perSlice, whole);
      // PyRadiomics: one matrix per angle over the whole ROI; weightingNorm merges them with weights.
      const norm = settings.weightingNorm;
      if (!norm) return whole();
      const offsets = spec.offsets(volume, settings, settings.force2D);
      return [sumMatrices(whole().map((m, d) => scale(m, spec.weight([offsets[3 * d]!, offsets[3 * d + 1]!, offsets[3 * d + 2]!], volume.spacing, norm))))];
    };
  });
}

/** Builds a texture family with one matrix per slice or volume. */
export function volumeFamily<C>(spec: VolumeSpec<C>): FeatureFamily<C> {
  return textureFamily(spec, false, (volume, settings) => {
    const perSlice = once(() => volume.slices.map((z) => spec.matrix(slab(volume, z), volume, settings, true)));
    const whole = once(() => spec.matrix(slab(volume), volume, settings, false));
    return (aggregation) => groupVolume(aggregation as VolumeAggregation, perSlice, whole);
  });
}
