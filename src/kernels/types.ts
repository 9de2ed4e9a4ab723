/**
 * The kernel interface: every voxel loop that dominates extraction time, behind one
 * object per backend. The TypeScript twins (`jsKernels`) are the reference; the
 * WebAssembly backends (`wasm-simd`, `wasm`) must give the same results — integer
 * counts exactly, floating sums to rounding.
 * @module
 */
import type { Extrapolation, Interpolation } from "../preprocess/interpolation.js";
import type { PlaneHulls } from "../shape/hull.js";
import type { Mesh } from "../shape/mesh.js";
import type { BoundingBox, LevelArray, Vec3, VoxelArray } from "../volume.js";
import type { AxisCoefficients, Boundary, PlacedTaps } from "./filters.js";
import type { GlcmSums } from "./glcm.js";
import type { SizeMatrixSums } from "./sizematrix.js";
import type { NgtdmSums } from "./ngtdm.js";
import type { MaskFacts, ValueSummary } from "./intensity.js";
import type { LbpMethod } from "./lbp.js";
import type { MatrixEntries, NeighbourhoodDifferences, PlacedLevels, Placement, RunLengths, Slab, Zones } from "./texture.js";

/**
 * Where {@link Kernels.resampleSlabs} hands its planes: `values` are the planes from `first`
 * on, in scan order. They may be changed in place, but are valid during the call only (a
 * view of the kernels' memory), and `each` must call no kernel.
 */
export type SlabSink = (values: Float64Array, first: number) => void;

/**
 * Where {@link Kernels.projectedHulls} hands each frame's 2-D hull ((x, y) pairs in order)
 * and height: valid during the call only (a view of the kernels' memory), and `each` must
 * call no kernel.
 */
export type HullSink = (hull: Float64Array, height: number) => void;

/** A kernel backend, fastest first. */
export type Backend = "wasm-simd" | "wasm" | "js";

/** A backend request: `auto` takes the fastest the runtime supports. */
export type BackendChoice = Backend | "auto";

/** All backends, fastest first. */
export const BACKENDS: readonly Backend[] = ["wasm-simd", "wasm", "js"];

/** The kernels of one backend. Kernels trust their input: callers validate. */
export interface Kernels {
  readonly backend: Backend;
  /** The texture volume's layout: an ROI's levels and morphological mask moved from its box into permuted axes. */
  placeLevels(intensity: Uint8Array, morphological: Uint8Array, levelsInScanOrder: LevelArray, at: Placement): PlacedLevels;
  /** GLCM counts, one N_g × N_g matrix per offset (see `cooccurrenceCounts` in texture.ts). */
  cooccurrenceCounts(slab: Slab, ng: number, offsets: Int32Array): Float64Array;
  /** GLRLM run lengths per direction. */
  runLengthCounts(slab: Slab, ng: number, directions: Int32Array): RunLengths;
  /** GLSZM/GLDZM zones by flood fill, with their border distance when a map is given. */
  zoneScan(slab: Slab, neighbours: Int32Array, distanceMap?: Int32Array): Zones;
  /** The non-zero cells of the zones' N_g × measure histogram (see `zoneEntries` in texture.ts). */
  zoneEntries(ng: number, level: Int32Array, measure: Int32Array): MatrixEntries;
  /** GLDZM distance of each ROI voxel to the ROI border. */
  borderDistance(mask: Uint8Array, size: readonly [number, number, number], z0: number, z1: number, inPlane: boolean): Int32Array;
  /** NGTDM per-level sums. */
  neighbourhoodDifferences(slab: Slab, ng: number, offsets: Int32Array): NeighbourhoodDifferences;
  /** GLDM/NGLDM dependence counts. */
  dependenceCounts(slab: Slab, ng: number, offsets: Int32Array, alpha: number): Float64Array;
  /** IBSI fixed bin size discretisation. */
  fixedBinSize(values: VoxelArray, binWidth: number, lower: number): LevelArray;
  /** IBSI fixed bin number discretisation. */
  fixedBinNumber(values: VoxelArray, binCount: number, min: number, max: number): LevelArray;
  /** `numpy.digitize` against ascending edges. */
  digitize(values: VoxelArray, edges: Float64Array): LevelArray;
  /** Sum (in index order), minimum and maximum of an image's values. */
  imageStats(values: VoxelArray): { sum: number; min: number; max: number };
  /** `imageStats`' four lanes carried on over a part of an image, in place (see `imageLanes` in intensity.ts). */
  imageLanes(values: VoxelArray, lanes: Float64Array): Float64Array;
  /** The values' order statistics, moments and deviations, and Σ (x + shift)² (see `summariseValues` in intensity.ts). */
  summariseValues(values: VoxelArray, shift: number): ValueSummary;
  /** The 0/1 mask of a label map's voxels equal to `label` (uint32 cast), and their count. */
  labelMask(values: VoxelArray, label: number): { mask: Uint8Array; count: number };
  /** Count and bounding box of a u8 mask's non-zero voxels. */
  maskFacts(mask: Uint8Array, size: readonly [number, number, number]): MaskFacts;
  /** Count and box of the voxels of whole planes of a label map whose value cast to uint32 is `label` (`largest`: 1 where there are any). */
  labelFacts(values: VoxelArray, label: number, size: readonly [number, number, number]): MaskFacts;
  /**
   * A label map's voxels of `label` in `box`, for the box's planes among the `planes` whole
   * planes of `values` (from plane `z0` of a grid of `grid` voxels), as 1 in `out`, the mask
   * of `window` (zero in the box's rows; their voxels outside the label are left 0).
   */
  labelWindow(values: VoxelArray, label: number, grid: readonly [number, number, number], box: BoundingBox, window: BoundingBox, z0: number, planes: number, out: Uint8Array): void;
  /** Number of 26-connected components of a u8 mask's non-zero voxels. */
  componentCount(mask: Uint8Array, size: readonly [number, number, number]): number;
  /**
   * The image's values where the mask is non-zero, in index order, in the image's own type
   * (an int16 CT's ROI values take a quarter of float64's memory: the kernels that read
   * intensities take any {@link VoxelArray} and read each value as a number).
   */
  maskedValues<T extends VoxelArray>(values: T, mask: Uint8Array): T;
  /** Counts of each gray level 0 … max of ROI levels (≥ 1), as f64: n[i] voxels at level i. */
  levelCounts(levels: LevelArray): Float64Array;
  /** Count, Σx, Σy, Σz, Σx², Σy², Σz², Σxy, Σxz, Σyz of a u8 mask's non-zero voxel indices (exact integers). */
  maskMoments(mask: Uint8Array, size: readonly [number, number, number]): Float64Array;
  /** Largest squared distance between two of the points (stride `dims`; only `indices`, when given). */
  maxSquaredDistance(points: Float64Array, dims: 2 | 3, indices?: readonly number[]): number;
  /** The IBSI local intensity peaks: the local means (over the sphere's x-intervals `rows`, see `localPeaks` in features/localintensity.ts) at the mask's voxels, reduced to the local and global peak. */
  localPeaks(values: VoxelArray, mask: Uint8Array, size: Vec3, rows: Int32Array): { localPeak: number; globalPeak: number };
  /** For each frame (normal, e1, e2: 9 numbers), the 2-D hull of the hull's vertices projected on its plane and their extent along the normal (see `projectedHulls` in shape/ellipsoid.ts). */
  projectedHulls(points: Float64Array, vertices: Int32Array, frames: Float64Array, each: HullSink): void;
  /** Khachiyan's weights over (x, y, z) points for their minimum-volume enclosing ellipsoid (see `khachiyanWeights` in shape/ellipsoid.ts). */
  khachiyanWeights(points: Float64Array, tolerance: number, iterations: number): Float64Array;
  /** Each plane's 2-D hull of mesh vertices across `axis`: the hull vertices, plane by plane, and the largest squared in-plane distance (see `planeHulls` in shape/hull.ts). */
  planeHulls(vertices: Float64Array, axis: 0 | 1 | 2, spacing: readonly [number, number, number]): PlaneHulls;
  /**
   * Resampling of the box of `box` voxels from `lower` of x-fastest samples on a grid of
   * `size`: along x, then y, then z, every line interpolated at the axis's `positions` (old
   * index units from the box's first voxel; see `resampleBox` in preprocess/resample.ts).
   */
  resampleBox(data: VoxelArray, size: Vec3, lower: Vec3, box: Vec3, positions: readonly Float64Array[], method: Interpolation, extrapolation: Extrapolation): Float64Array;
  /**
   * {@link resampleBox}'s samples handed to `each` in scan order, `planes` planes of the
   * new grid at a time, never held whole (see `resampleSlabs` in preprocess/resample.ts):
   * the same values, bit for bit.
   */
  resampleSlabs(data: VoxelArray, size: Vec3, lower: Vec3, box: Vec3, positions: readonly Float64Array[], method: Interpolation, extrapolation: Extrapolation, planes: number, each: SlabSink): void;
  /** In-place 3-D FFT of an x-fastest complex array (sizes powers of two; `inverse` divides by n). */
  fft3d(re: Float64Array, im: Float64Array, size: readonly [number, number, number], inverse?: boolean): void;
  /** Finite convolution along one axis: out[k] = Σ_j taps[j]·x[k + origin − j·dilation], x continued by `boundary`; outputs `keep` = [from, to] of each line (default all). */
  convolveAxis(data: VoxelArray, size: readonly [number, number, number], axis: number, taps: Float64Array, origin: number, dilation: number, boundary: Boundary, keep?: readonly [number, number]): Float64Array;
  /** `x` along x, then each of `ys` along y, then each of `zs` (when given) along z, cut to the region along the axes filtered (see `convolveSeparable` in filters.ts). */
  convolveSeparable(data: VoxelArray, size: readonly [number, number, number], region: BoundingBox, x: PlacedTaps, ys: readonly PlacedTaps[], boundary: Boundary, zs?: readonly PlacedTaps[]): Float64Array[];
  /** Σ_d weights[d] · (`second` along d, `smooth` along the other axes), on `region`, lines spanning `window` (the volume when not given; see `recursiveLaplacian` in filters.ts). */
  recursiveLaplacian(data: VoxelArray, size: readonly [number, number, number], region: BoundingBox, smooth: AxisCoefficients, second: AxisCoefficients, weights: readonly [number, number, number], window?: BoundingBox): Float64Array;
  /** Local binary pattern codes of every voxel, slice by slice (rows along `rowAxis`, columns along `colAxis`). */
  localBinaryPattern2D(data: Float64Array, size: readonly [number, number, number], rowAxis: number, colAxis: number, offsets: Float64Array, method: LbpMethod): Float64Array;
  /** Cubic B-spline samples of a coefficient volume at centre + offset for every centre and offset (LBP3D's spheres), point-major. */
  sphereSamples(coefficients: Float64Array, size: readonly [number, number, number], centres: Int32Array, offsets: Float64Array, round: boolean): Float64Array;
  /** The sums over an n × n co-occurrence count matrix, made symmetric when asked; null when it is empty (see glcm.ts). */
  glcmSums(counts: Float64Array, n: number, symmetric: boolean, eps: number): GlcmSums | null;
  /** The sums a gray level × size matrix's features read, from its non-zero entries and marginals (see sizematrix.ts). */
  sizeMatrixSums(entries: MatrixEntries, byLevel: Float64Array, sizes: Int32Array, sizeTotals: Float64Array, total: number, eps: number): SizeMatrixSums;
  /** The sums an NGTDM's features read, from its per-level columns, n_i from `column`; null when no voxel counts (see ngtdm.ts). */
  ngtdmSums(data: Float64Array, rows: number, column: 0 | 1): NgtdmSums | null;
  /**
   * The second largest eigenvalue of the maximal correlation coefficient's Gram matrix of
   * a co-occurrence matrix (Householder reduction, then bisection; see glcm.ts), or NaN
   * when fewer than two levels have p_x > 0.
   */
  glcmSecondEigenvalue(counts: Float64Array, n: number, symmetric: boolean, total: number, px: Float64Array, py: Float64Array): number;
  /** Marching-cubes mesh of a binary mask: volume, area and edge-midpoint vertices (which may be on the thread's scratch: scratch.ts). */
  marchingCubes(mask: Uint8Array, size: readonly [number, number, number], spacing: readonly [number, number, number]): Mesh;
}
