/**
 * Grid helpers shared by the filters: regions, single-axis crops, and separable passes
 * that crop each axis to the region as soon as its pass is done (a pass along an axis needs
 * whole lines along that axis, but only the region's extent across the axes already done).
 * @module
 */
import { crop, indexToWorld, type BoundingBox, type Vec3, type Volume } from "../volume.js";

/** The whole grid as a region. */
export function wholeRegion(size: Vec3): BoundingBox {
  return { lower: [0, 0, 0], upper: size.map((s) => s - 1) as Vec3 };
}

/** The image cut to the region: the caller's cut when it has one, else a new one. */
export function regionImage(input: { image: Volume; region: BoundingBox; regionImage?: Volume }): Volume {
  return input.regionImage ?? crop(input.image, input.region);
}

/** A float64 copy of an image (filters never write into the caller's volume). */
export function asFloat64(volume: Volume): Volume<Float64Array> {
  return { ...volume, data: Float64Array.from(volume.data as ArrayLike<number>) };
}

/** Crops one axis of a volume to [lower, upper]. */
export function cropAxis<T extends Volume>(volume: T, axis: number, lower: number, upper: number): T {
  if (lower === 0 && upper === volume.size[axis]! - 1) return volume;
  const box: BoundingBox = { lower: [0, 0, 0], upper: volume.size.map((s) => s - 1) as Vec3 };
  box.lower[axis] = lower;
  box.upper[axis] = upper;
  return crop(volume, box) as T;
}

/** A volume's samples from…to along one axis (other axes whole), as `data` already holds them. */
export function keptVolume(volume: Volume, axis: number, from: number, to: number, data: Float64Array): Volume<Float64Array> {
  const size = [...volume.size] as Vec3;
  size[axis] = to - from + 1;
  const lower: Vec3 = [0, 0, 0];
  lower[axis] = from;
  return { ...volume, size, data, origin: indexToWorld(volume, lower) };
}

/** One 1-D pass: the axis, and the pass over whole lines (any sample type in, f64 out) keeping outputs from…to of each. */
export type AxisPass = [axis: number, run: (volume: Volume, keep: readonly [number, number]) => Float64Array];

/**
 * Runs 1-D passes in order (each axis at most once), each keeping only the region's extent
 * of its axis, then crops the axes no pass ran along (unless `cropRest` is false, for a
 * partial result that later passes continue): the result covers exactly the region.
 */
export function separable(volume: Volume, region: BoundingBox, passes: readonly AxisPass[], cropRest = true): Volume<Float64Array> {
  if (passes.length === 0) throw new RangeError("separable() needs at least one pass");
  let v = volume;
  const done = [false, false, false];
  for (const [axis, run] of passes) {
    const keep = [region.lower[axis]!, region.upper[axis]!] as const;
    v = keptVolume(v, axis, keep[0], keep[1], run(v, keep));
    done[axis] = true;
  }
  for (let axis = 0; axis < 3; axis++) if (cropRest && !done[axis]) v = cropAxis(v, axis, region.lower[axis]!, region.upper[axis]!);
  // After a pass the samples are f64.
  return v as Volume<Float64Array>;
}

/**
 * Every `step`-th voxel of a volume from `start` on, `size` of them per axis: a coarser grid
 * over the same world (spacing × step, origin at the start voxel's centre).
 */
export function strided<T extends Volume>(volume: T, start: Vec3, step: Vec3, size: Vec3): T {
  const [nx, ny] = volume.size;
  const Ctor = volume.data.constructor as new (n: number) => T["data"];
  const out = new Ctor(size[0] * size[1] * size[2]);
  let n = 0;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const line = start[0] + nx * (start[1] + j * step[1] + ny * (start[2] + k * step[2]));
      for (let i = 0; i < size[0]; i++) out[n++] = volume.data[line + i * step[0]]!;
    }
  }
  return {
    ...volume, data: out, size: [...size] as Vec3,
    spacing: volume.spacing.map((s, a) => s * step[a]!) as Vec3, origin: indexToWorld(volume, start),
  };
}
