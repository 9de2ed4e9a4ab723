/**
 * Resampling to a new voxel spacing: the IBSI and PyRadiomics interpolation grids, and
 * separable nearest-neighbour, linear and cubic B-spline interpolation.
 *
 * IBSI grid (reference manual, "Interpolation"): along each axis the new size is
 * n' = ⌈n s / s'⌉ and the new grid is centred on the old one, so its first voxel centre
 * lies (s (n − 1) − s' (n' − 1))/2 mm from the old first centre along that axis. A target
 * spacing of 0 keeps the axis (2-D, in-plane resampling). Samples beyond the old grid take
 * the nearest boundary value.
 *
 * PyRadiomics grid (`imageoperations.resampleImage`): only the ROI's box plus `padDistance`
 * new voxels, aligned so that the new and old grids share the corner of voxel (0, 0, 0);
 * axes where the ROI is one voxel thick keep their spacing; samples beyond half a voxel
 * outside the old grid are 0, as SimpleITK's resampler gives.
 *
 * Because the new grid shares the old one's directions, every axis maps to itself and
 * interpolation runs as three 1-D passes (x, then y, then z): a tensor-product
 * interpolator (trilinear, tricubic B-spline) gives the same result as a 3-D one.
 * Cubic B-spline: coefficients by the recursive prefilter of Unser et al. (pole √3 − 2,
 * mirror-symmetric boundaries), then cubic B-spline weights at each sample. Only the box of
 * the image that the new grid's samples read is resampled (see {@link readRange}).
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { lanePlanes } from "../kernels/intensity.js";
import type { Kernels, SlabSink } from "../kernels/types.js";
import type { Settings } from "../settings.js";
import { copyBox, copyWindowPart, indexToWorld, voxelCount, type BoundingBox, type Grid as VolumeGrid, type Mat3, type Vec3, type Volume, type VoxelArray } from "../volume.js";
import { mirror, type Extrapolation, type Interpolation } from "./interpolation.js";


/**
 * The most voxels a resampled grid may have: 2²⁹, whose float64 samples fill 4 GB (one
 * WebAssembly memory). A finer spacing is refused before anything is allocated: the IBSI
 * CT phantom's ROI resampled to 0.1 mm (766 M voxels) once ran for 73 s and took 13 GB
 * before an allocation failed.
 */
export const MAX_RESAMPLED_VOXELS = 2 ** 29;

/** Refuses a grid over {@link MAX_RESAMPLED_VOXELS}, naming the spacing that gave it. */
function checkGridSize(volume: Volume, grid: Grid): void {
  const voxels = voxelCount(grid.size);
  if (voxels <= MAX_RESAMPLED_VOXELS) return;
  const mm = (v: readonly number[]) => `[${v.map((s) => +s.toPrecision(6)).join(", ")}]`;
  throw new RadiomicsError(
    "INVALID_SETTING",
    `resampling from ${mm(volume.spacing)} mm to ${mm(grid.spacing)} mm (resampledPixelSpacing) gives a grid of ${grid.size.join(" × ")} voxels ` +
      `(${(voxels / 1e6).toFixed(0)} M), more than the ${MAX_RESAMPLED_VOXELS / 2 ** 20} M (2^29) this library processes; choose a coarser spacing`,
    { key: "resampledPixelSpacing", value: [...grid.spacing], size: [...grid.size], limit: MAX_RESAMPLED_VOXELS },
  );
}

/** A voxel grid sharing a volume's direction: size, spacing and origin. */
export interface Grid {
  size: Vec3;
  spacing: Vec3;
  origin: Vec3;
}

/** The IBSI interpolation grid of a volume for target spacings (0 keeps an axis). */
export function ibsiGrid(volume: Volume, target: readonly number[]): Grid {
  const spacing = volume.spacing.map((s, a) => (target[a]! > 0 ? target[a]! : s)) as Vec3;
  const size = volume.size.map((n, a) => (target[a]! > 0 ? Math.ceil((n * volume.spacing[a]!) / spacing[a]!) : n)) as Vec3;
  const shift = size.map((n, a) => (volume.spacing[a]! * (volume.size[a]! - 1) - spacing[a]! * (n - 1)) / 2);
  const d = volume.direction;
  const origin = [0, 1, 2].map((r) => volume.origin[r]! + d[3 * r]! * shift[0]! + d[3 * r + 1]! * shift[1]! + d[3 * r + 2]! * shift[2]!) as Vec3;
  return { size, spacing, origin };
}

/**
 * PyRadiomics' resampling grid for an ROI whose box on a volume of grid `volume` is `box`
 * (see the module doc).
 */
export function pyradiomicsGrid(volume: VolumeGrid, box: BoundingBox, target: readonly number[], padDistance: number): Grid {
  const extent = box.upper.map((u, a) => u - box.lower[a]! + 1);
  const spacing = volume.spacing.map((s, a) => (target[a]! > 0 && extent[a]! > 1 ? target[a]! : s)) as Vec3;
  const ratio = volume.spacing.map((s, a) => s / spacing[a]!);
  const lower = box.lower.map((l, a) => Math.max(0, Math.floor((l - 0.5) * ratio[a]! - padDistance)));
  const upper = box.lower.map((l, a) =>
    Math.min(Math.ceil(volume.size[a]! * ratio[a]!) - 1, Math.ceil((l + extent[a]! - 0.5) * ratio[a]! + padDistance)));
  const size = upper.map((u, a) => u - lower[a]! + 1) as Vec3;
  const originIndex = spacing.map((s, a) => (0.5 * (s - volume.spacing[a]!)) / volume.spacing[a]! + lower[a]! / ratio[a]!) as Vec3;
  return { size, spacing, origin: indexToWorld(volume, originIndex) };
}

/** Positions, in old index units, of the new grid's samples along one axis. */
function axisPositions(volume: VolumeGrid, grid: Grid, axis: number): Float64Array {
  // Offset of the new first centre from the old one, along this axis (same directions).
  const d = volume.direction;
  const delta = [0, 1, 2].map((r) => grid.origin[r]! - volume.origin[r]!);
  const along = d[axis]! * delta[0]! + d[3 + axis]! * delta[1]! + d[6 + axis]! * delta[2]!;
  return Float64Array.from({ length: grid.size[axis]! }, (_, k) => (along + k * grid.spacing[axis]!) / volume.spacing[axis]!);
}

/**
 * How far the cubic B-spline prefilter reaches, in samples: its response to a sample falls
 * as |z|ⁿ (z = √3 − 2), below 2⁻⁶⁴ of it from 34 samples on. A line cut that far beyond the
 * samples an interpolation reads gives the whole line's values to rounding: what the cut
 * lets go is below the last place of a sample's value.
 */
export const BSPLINE_REACH = Math.ceil((-64 * Math.LN2) / Math.log(2 - Math.sqrt(3)));

/**
 * The samples of a line of `n` that interpolation at `positions` reads (first and last
 * index): the two around each position (nearest rounds to one of them; positions beyond the
 * line read its end), and for B-splines {@link BSPLINE_REACH} more each way for the
 * prefilter. Nearest and linear read nothing else, so the cut line gives the same values
 * bit for bit; a B-spline's values change by rounding at most.
 */
export function readRange(positions: Float64Array, n: number, method: Interpolation): [number, number] {
  if (positions.length === 0) return [0, n - 1];
  let min = n - 1, max = 0;
  for (const p of positions) {
    const x = Math.min(n - 1, Math.max(0, p));
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const reach = method === "bspline" ? 1 + BSPLINE_REACH : 1;
  return [Math.max(0, Math.floor(min) - reach), Math.min(n - 1, Math.floor(max) + 1 + reach)];
}

/**
 * The causal initialisation's weights of an n-point line (see {@link bsplineCoefficients}):
 * z^k + z^(2n−2−k) at 0 < k < n − 1 and z^(n−1) at n − 1, each power by repeated products
 * and quotients, so that a pass computes them once for all its lines.
 */
export function initWeights(n: number): Float64Array {
  const z = Math.sqrt(3) - 2;
  const w = new Float64Array(n);
  let zk = z, zBack = Math.pow(z, 2 * n - 2) / z;
  for (let k = 1; k < n - 1; k++) {
    w[k] = zk + zBack;
    zk *= z;
    zBack /= z;
  }
  if (n >= 2) w[n - 1] = zk;
  return w;
}

/** Recursive cubic B-spline prefilter of one line (mirror-symmetric boundaries), in place; `weights`: its {@link initWeights}. */
export function bsplineCoefficients(line: Float64Array, weights = initWeights(line.length)): void {
  const n = line.length;
  if (n < 2) return;
  const z = Math.sqrt(3) - 2;
  for (let k = 0; k < n; k++) line[k]! *= 6; // gain (1 − z)(1 − 1/z)
  // Causal initialisation for a mirror-symmetric signal of period 2n − 2.
  const z2n = Math.pow(z, 2 * n - 2);
  let sum = line[0]!;
  for (let k = 1; k < n - 1; k++) sum += weights[k]! * line[k]!;
  sum += weights[n - 1]! * line[n - 1]!;
  line[0] = sum / (1 - z2n);
  for (let k = 1; k < n; k++) line[k]! += z * line[k - 1]!;
  line[n - 1] = (z / (z * z - 1)) * (line[n - 1]! + z * line[n - 2]!);
  for (let k = n - 2; k >= 0; k--) line[k] = z * (line[k + 1]! - line[k]!);
}

/**
 * Each B-spline position's four taps on a line of `n` (the same for every line of a pass):
 * the indices (mirrored into the line; −1 first where the position gives 0, beyond half a
 * voxel out with "zero") and their weights, four per position.
 */
function splineTaps(n: number, positions: Float64Array, extrapolation: Extrapolation): { idx: Int32Array; taps: Float64Array } {
  const idx = new Int32Array(4 * positions.length), taps = new Float64Array(4 * positions.length);
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k]!;
    if (extrapolation === "zero" && (p < -0.5 || p >= n - 0.5)) {
      idx[4 * k] = -1;
      continue;
    }
    const x = extrapolation === "zero" ? p : Math.min(n - 1, Math.max(0, p));
    const i = Math.floor(x);
    const t = x - i;
    // Powers as products, in the order the WebAssembly twin multiplies.
    const u = 1 - t, t2 = t * t, t3 = t2 * t;
    taps.set([(u * u * u) / 6, (4 - 6 * t2 + 3 * t3) / 6, (1 + 3 * t + 3 * t2 - 3 * t3) / 6, t3 / 6], 4 * k);
    for (let j = 0; j < 4; j++) idx[4 * k + j] = mirror(i - 1 + j, n);
  }
  return { idx, taps };
}

/** B-spline coefficients of one line at each position of its {@link splineTaps} (0 where they say so). */
function splineLine(line: Float64Array, { idx, taps }: ReturnType<typeof splineTaps>, out: Float64Array): void {
  for (let k = 0; k < out.length; k++) {
    if (idx[4 * k]! < 0) {
      out[k] = 0;
      continue;
    }
    let v = 0;
    for (let j = 0; j < 4; j++) v += taps[4 * k + j]! * line[idx[4 * k + j]!]!;
    out[k] = v;
  }
}

/**
 * Interpolates one line at positions (old index units), by nearest neighbour or linearly.
 * Beyond the line: the boundary value ("nearest"), or 0 beyond half a voxel out ("zero").
 */
function interpolateLine(line: Float64Array, positions: Float64Array, method: "nearest" | "linear", extrapolation: Extrapolation, out: Float64Array): void {
  const n = line.length;
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k]!;
    if (extrapolation === "zero" && (p < -0.5 || p >= n - 0.5)) {
      out[k] = 0;
      continue;
    }
    const x = Math.min(n - 1, Math.max(0, p));
    if (method === "nearest") {
      out[k] = line[Math.min(n - 1, Math.floor(x + 0.5))]!;
    } else {
      const i = Math.min(n - 2, Math.floor(x));
      const t = x - i;
      out[k] = n === 1 ? line[0]! : line[i]! * (1 - t) + line[i + 1]! * t;
    }
  }
}

/** The first and last index of a line that a B-spline's {@link splineTaps} read (the first greater than the last when none). */
function tapsRead({ idx }: ReturnType<typeof splineTaps>, n: number): [number, number] {
  let lo = n - 1, hi = 0;
  for (let k = 0; k < idx.length; k += 4) {
    if (idx[k]! < 0) continue;
    for (let j = 0; j < 4; j++) {
      lo = Math.min(lo, idx[k + j]!);
      hi = Math.max(hi, idx[k + j]!);
    }
  }
  return [lo, hi];
}

/** The first index of each line along `axis` of x-fastest data of `size`, on that grid and on `newSize` (the same but along the axis). */
function eachLine(size: Vec3, newSize: Vec3, axis: number, visit: (base: number, newBase: number) => void): void {
  const [o1, o2] = [0, 1, 2].filter((a) => a !== axis) as [number, number];
  const idx = [0, 0, 0];
  for (let q = 0; q < size[o2]!; q++) {
    for (let p = 0; p < size[o1]!; p++) {
      idx[o1] = p;
      idx[o2] = q;
      visit(idx[0]! + size[0] * (idx[1]! + size[1] * idx[2]!), idx[0]! + newSize[0] * (idx[1]! + newSize[1] * idx[2]!));
    }
  }
}

/** The distance between neighbours along `axis` of x-fastest data of `size`. */
const strideOf = (size: readonly number[], axis: number) => (axis === 0 ? 1 : axis === 1 ? size[0]! : size[0]! * size[1]!);

/**
 * Resamples x-fastest f64 data of `size` along one axis to `positions` (old index units):
 * every line along the axis is prefiltered (B-spline) and interpolated, each line read only
 * where its interpolation reads. `prefiltered`: the lines are B-spline coefficients already
 * ({@link prefilterAxis}). A pass of {@link resampleBox}.
 */
export function resampleAxis(data: Float64Array, size: readonly [number, number, number], axis: number, positions: Float64Array, method: Interpolation, extrapolation: Extrapolation, prefiltered = false): Float64Array {
  const newSize = [...size] as Vec3;
  newSize[axis] = positions.length;
  const out = new Float64Array(newSize[0] * newSize[1] * newSize[2]);
  const [stride, newStride] = [strideOf(size, axis), strideOf(newSize, axis)];
  const n = size[axis]!;
  const line = new Float64Array(n);
  const result = new Float64Array(positions.length);
  // What is the same for every line: the prefilter's initial weights and the positions' taps.
  const filters = method === "bspline" && !prefiltered;
  const weights = filters ? initWeights(n) : null;
  const spline = method === "bspline" ? splineTaps(n, positions, extrapolation) : null;
  // The prefilter reads whole lines; interpolation only the samples its positions read.
  const [lo, hi] = filters ? [0, n - 1] : spline ? tapsRead(spline, n) : readRange(positions, n, method);
  eachLine([...size], newSize, axis, (base, newBase) => {
    for (let k = lo; k <= hi; k++) line[k] = data[base + k * stride]!;
    if (spline) {
      if (filters) bsplineCoefficients(line, weights!);
      splineLine(line, spline, result);
    } else {
      interpolateLine(line, positions, method as "nearest" | "linear", extrapolation, result);
    }
    for (let k = 0; k < positions.length; k++) out[newBase + k * newStride] = result[k]!;
  });
  return out;
}

/**
 * Replaces every line along `axis` of x-fastest f64 data of `size` by its cubic B-spline
 * coefficients ({@link bsplineCoefficients}), in place: made once when a pass's positions
 * are taken a slab at a time ({@link resampleSlabs}).
 */
export function prefilterAxis(data: Float64Array, size: Vec3, axis: number): void {
  const n = size[axis]!;
  if (n < 2) return;
  const line = new Float64Array(n), weights = initWeights(n), stride = strideOf(size, axis);
  eachLine(size, size, axis, (base) => {
    for (let k = 0; k < n; k++) line[k] = data[base + k * stride]!;
    bsplineCoefficients(line, weights);
    for (let k = 0; k < n; k++) data[base + k * stride] = line[k]!;
  });
}

/** The box's samples (see {@link resampleBox}) resampled along x and y, a plane at a time (a plane's lines are its own), and their size. */
function acrossXY(data: VoxelArray, size: Vec3, lower: Vec3, box: Vec3, positions: readonly Float64Array[], method: Interpolation, extrapolation: Extrapolation): { samples: Float64Array; at: Vec3 } {
  const at: Vec3 = [positions[0]!.length, positions[1]!.length, box[2]];
  const samples = new Float64Array(voxelCount(at)), plane = new Float64Array(box[0] * box[1]);
  for (let k = 0; k < box[2]; k++) {
    copyBox(data, size, [lower[0], lower[1], lower[2] + k], [box[0], box[1], 1], plane);
    const across = resampleAxis(plane, [box[0], box[1], 1], 0, positions[0]!, method, extrapolation);
    samples.set(resampleAxis(across, [at[0], box[1], 1], 1, positions[1]!, method, extrapolation), k * at[0] * at[1]);
  }
  return { samples, at };
}

/**
 * The box of `box` voxels from `lower` of x-fastest samples on a grid of `size`, resampled
 * along x, then y, then z ({@link resampleAxis}) to each axis's `positions` (old index units
 * from the box's first voxel). The twin of the `resampleBox` kernel, which keeps the passes
 * in WebAssembly memory.
 */
export function resampleBox(data: VoxelArray, size: Vec3, lower: Vec3, box: Vec3, positions: readonly Float64Array[], method: Interpolation, extrapolation: Extrapolation): Float64Array {
  const { samples, at } = acrossXY(data, size, lower, box, positions, method, extrapolation);
  return resampleAxis(samples, at, 2, positions[2]!, method, extrapolation);
}

/**
 * {@link resampleBox}'s samples handed to `each` `planes` planes of the new grid at a time,
 * in scan order, so that a large grid is never held whole. The z pass takes its positions a
 * slab at a time, its lines made B-spline coefficients once beforehand by the same
 * arithmetic as a whole pass makes them: every value is {@link resampleBox}'s, bit for bit.
 * The twin of the `resampleSlabs` kernel.
 */
export function resampleSlabs(
  data: VoxelArray, size: Vec3, lower: Vec3, box: Vec3, positions: readonly Float64Array[], method: Interpolation, extrapolation: Extrapolation, planes: number, each: SlabSink,
): void {
  const { samples, at } = acrossXY(data, size, lower, box, positions, method, extrapolation);
  const zs = positions[2]!, step = Math.max(1, Math.min(planes, zs.length)), slabs = step < zs.length;
  if (slabs && method === "bspline") prefilterAxis(samples, at, 2);
  for (let first = 0; first < zs.length; first += step) each(resampleAxis(samples, at, 2, zs.subarray(first, first + step), method, extrapolation, slabs), first);
}

/**
 * Where a volume that is a box of a larger one lies in it: the larger volume's grid, and the
 * box's first voxel on it (a case read as a window around its ROI, io/stream-case.ts).
 */
export interface Placement {
  whole: VolumeGrid;
  lower: Vec3;
}

/**
 * The box of a volume of grid `volume` that resampling onto `grid` reads: along each axis
 * {@link readRange} of the new grid's positions.
 */
export function resampledBox(volume: VolumeGrid, grid: Grid, method: Interpolation): BoundingBox {
  return boxRead([0, 1, 2].map((axis) => axisPositions(volume, grid, axis)), volume, method);
}

/** The box of a volume of grid `volume` that interpolation at `positions` (an array an axis) reads: {@link readRange} along each axis. */
function boxRead(positions: readonly Float64Array[], volume: VolumeGrid, method: Interpolation): BoundingBox {
  const ranges = positions.map((at, axis) => readRange(at, volume.size[axis]!, method));
  return { lower: ranges.map(([lo]) => lo) as Vec3, upper: ranges.map(([, hi]) => hi) as Vec3 };
}

/**
 * Resamples a volume onto a grid with the same directions, one axis at a time (by the
 * given backend's kernel; this module's twin by default). Returns Float64 voxels. Only the
 * box the passes read goes to float64 ({@link resampledBox}): PyRadiomics' grid covers the
 * ROI's box, a small part of a clinical image (whose float64 copy alone was 252 MB). With
 * `placement`, `volume` is a box of a larger volume that holds that box, and the values are
 * the larger volume's, bit for bit: positions are taken on the larger grid and moved into
 * the box by its integer corner, which changes no bit of them (an integer taken off a
 * double no smaller gives the exact difference).
 */
export function resample(
  volume: Volume,
  grid: Grid,
  method: Interpolation,
  extrapolation: Extrapolation = "nearest",
  kernels: Pick<Kernels, "resampleBox"> = { resampleBox },
  placement: Placement = { whole: volume, lower: [0, 0, 0] },
): Volume<Float64Array> {
  checkGridSize(volume, grid);
  const all = { lower: [0, 0, 0] as Vec3, upper: grid.size.map((n) => n - 1) as Vec3 };
  const data = resampledPart(volume, grid, all, method, extrapolation, kernels, placement);
  return { data, size: [...grid.size], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...volume.direction] };
}

/**
 * What resampling the box `part` of `grid` (inclusive indices on it) reads of `volume`, a
 * box of `whole` from its voxel `at`: the first voxel and size of the box of `volume` its
 * interpolators read, and each axis's positions in that box.
 */
function partRead(volume: Volume, grid: Grid, part: BoundingBox, method: Interpolation, { whole, lower: at }: Placement): { first: Vec3; size: Vec3; positions: Float64Array[] } {
  const wanted = [0, 1, 2].map((axis) => axisPositions(whole, grid, axis).subarray(part.lower[axis]!, part.upper[axis]! + 1));
  const { lower, upper } = boxRead(wanted, whole, method);
  const size = upper.map((u, a) => u - lower[a]! + 1) as Vec3;
  const first = lower.map((l, a) => l - at[a]!) as Vec3;
  if (first.some((f, a) => f < 0 || f + size[a]! > volume.size[a]!)) {
    throw new RadiomicsError("INVALID_INPUT", `resampling reads voxels [${lower.join(", ")}]–[${upper.join(", ")}] of the whole volume, beyond the part given: give a part that holds them`, { lower, upper });
  }
  return { first, size, positions: wanted.map((p, axis) => p.map((v) => v - lower[axis]!)) };
}

/**
 * {@link resample}'s samples in the box `part` of `grid` only (inclusive indices on it), in
 * scan order: each the whole grid's, bit for bit.
 */
function resampledPart(
  volume: Volume, grid: Grid, part: BoundingBox, method: Interpolation, extrapolation: Extrapolation,
  kernels: Pick<Kernels, "resampleBox">, placement: Placement,
): Float64Array {
  const { first, size, positions } = partRead(volume, grid, part, method, placement);
  return kernels.resampleBox(volume.data, volume.size, first, size, positions, method, extrapolation);
}

/**
 * A mask resampled onto `grid` by nearest neighbour or linearly ({@link resample}), its
 * fractions kept where they reach `threshold`: only the part of the grid whose samples read
 * the ROI's box `box` (on the mask's whole grid) is interpolated, since everywhere else
 * the interpolation reads zeros only. The IBSI grid of a 512 × 512 × 120 CT at 1 mm holds
 * 39 M voxels, whose fractions as float64 were 309 MB.
 */
export function resampleMask(
  mask: Volume<Uint8Array>, box: BoundingBox, grid: Grid, method: "nearest" | "linear", extrapolation: Extrapolation, threshold: number,
  kernels: Pick<Kernels, "resampleBox"> = { resampleBox }, placement: Placement = { whole: mask, lower: [0, 0, 0] },
): Volume<Uint8Array> {
  checkGridSize(mask, grid);
  const data = new Uint8Array(voxelCount(grid.size));
  const out = { data, size: [...grid.size] as Vec3, spacing: [...grid.spacing] as Vec3, origin: [...grid.origin] as Vec3, direction: [...mask.direction] as Mat3 };
  // Along each axis the new voxels whose two samples around them can meet the box.
  const ranges = [0, 1, 2].map((axis) => {
    const n = placement.whole.size[axis]!;
    const meets = Array.from(axisPositions(placement.whole, grid, axis), (p) => {
      const [lo, hi] = readRange(Float64Array.of(p), n, method);
      return hi >= box.lower[axis]! && lo <= box.upper[axis]!;
    });
    return [meets.indexOf(true), meets.lastIndexOf(true)] as const;
  });
  if (ranges.some(([first]) => first < 0)) return out;
  const part = { lower: ranges.map(([first]) => first) as Vec3, upper: ranges.map(([, last]) => last) as Vec3 };
  const fractions = resampledPart(mask, grid, part, method, extrapolation, kernels, placement);
  const [w, h, d] = part.upper.map((u, a) => u - part.lower[a]! + 1);
  for (let z = 0, n = 0; z < d!; z++) {
    for (let y = 0; y < h!; y++) {
      const row = part.lower[0] + grid.size[0] * (part.lower[1] + y + grid.size[1] * (part.lower[2] + z));
      for (let x = 0; x < w!; x++, n++) if (fractions[n]! >= threshold) data[row + x] = 1;
    }
  }
  return out;
}

/**
 * The image resampled onto `grid` as the profile does it: the configured interpolator,
 * nearest-value extrapolation (ibsi) or zero beyond the image with integer images truncated
 * back to integers as SimpleITK casts to the input pixel type (pyradiomics), then rounded
 * to integers when `intensityRounding`.
 */
export function resampleIntensities(image: Volume, grid: Grid, settings: Settings, kernels: Kernels, placement?: Placement): Volume<Float64Array> {
  const resampled = resample(image, grid, interpolationOf(settings.interpolator!), extrapolationOf(settings), kernels, placement);
  roundAsProfile(resampled.data, image, settings);
  return resampled;
}

/** Beyond the image: the nearest value (ibsi) or 0 (pyradiomics, as SimpleITK's resampler). */
const extrapolationOf = (settings: Settings): Extrapolation => (settings.profile === "pyradiomics" ? "zero" : "nearest");

/** Resampled samples of `image` rounded as {@link resampleIntensities} rounds them, in place. */
function roundAsProfile(data: Float64Array, image: Volume, settings: Settings): void {
  const integerImage = !(image.data instanceof Float32Array || image.data instanceof Float64Array);
  if (settings.profile === "pyradiomics" && integerImage) for (let i = 0; i < data.length; i++) data[i] = Math.trunc(data[i]!);
  if (settings.intensityRounding) for (let i = 0; i < data.length; i++) data[i] = Math.round(data[i]!);
}

/** New-grid planes a slab of {@link resampledWindow} holds: some 4 MB of float64. */
const SLAB_BYTES = 4 << 20;

/**
 * {@link resampleIntensities}' box `window` of `grid` (inclusive indices) only, every sample
 * the whole grid's bit for bit, with the whole grid passing by: `each` sees all its samples
 * in scan order a slab of planes at a time (each slab but the last a multiple of four
 * samples, as imageLanes in kernels/intensity.ts takes parts), as they are rounded, and the grid is never
 * held whole (the kernels' `resampleSlabs`). The IBSI grid of a 512 × 512 × 120 CT at 1 mm
 * is 309 MB of float64, of which an extraction reads the ROI's window, and its diagnostics
 * (hash and range) the rest as it passes.
 */
export function resampledWindow(image: Volume, grid: Grid, settings: Settings, kernels: Kernels, window: BoundingBox, each: (values: Float64Array) => void): Volume<Float64Array> {
  checkGridSize(image, grid);
  const method = interpolationOf(settings.interpolator!);
  const all = { lower: [0, 0, 0] as Vec3, upper: grid.size.map((n) => n - 1) as Vec3 };
  const { first, size, positions } = partRead(image, grid, all, method, { whole: image, lower: [0, 0, 0] });
  const windowSize = window.upper.map((u, a) => u - window.lower[a]! + 1) as Vec3;
  const samples = new Float64Array(voxelCount(windowSize));
  const plane = grid.size[0] * grid.size[1], quantum = lanePlanes(plane);
  const planes = quantum * Math.max(1, Math.floor(SLAB_BYTES / (8 * plane * quantum)));
  kernels.resampleSlabs(image.data, image.size, first, size, positions, method, extrapolationOf(settings), planes, (values, z0) => {
    roundAsProfile(values, image, settings);
    each(values);
    copyWindowPart(values, grid.size, z0, values.length / plane, window, samples);
  });
  const whole = { ...grid, direction: image.direction };
  return { data: samples, size: windowSize, spacing: [...grid.spacing], origin: indexToWorld(whole, window.lower), direction: [...image.direction] };
}

/** The interpolation method a PyRadiomics interpolator name or code stands for. */
export function interpolationOf(interpolator: string | number): Interpolation {
  const names: Record<string, Interpolation> = { sitkNearestNeighbor: "nearest", sitkLinear: "linear", sitkBSpline: "bspline", "1": "nearest", "2": "linear", "3": "bspline" };
  const method = names[String(interpolator)];
  if (!method) {
    throw new RadiomicsError(
      "UNSUPPORTED_SETTING",
      `interpolator ${JSON.stringify(interpolator)} is not available; use sitkNearestNeighbor, sitkLinear or sitkBSpline`,
      { key: "interpolator", value: interpolator },
    );
  }
  return method;
}
