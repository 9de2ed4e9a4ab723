/**
 * Intensity and mask kernels in plain TypeScript, the twins of `./assembly/intensity.ts`:
 * values → gray levels by IBSI's fixed bin size and fixed bin number, numpy's digitize
 * for PyRadiomics' bin edges (the rules are in preprocess/discretise.ts), the sort of ROI
 * values, an image's sum and range, label selection, and the count and box of a mask.
 * @module
 */
import type { VoxelArray } from "../volume.js";

/** IBSI fixed bin size: ⌊(x − lower)/w⌋ + 1. */
export function fixedBinSizeIbsi(values: Float64Array, binWidth: number, lower: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) out[n] = Math.floor((values[n]! - lower) / binWidth) + 1;
  return out;
}

/** IBSI fixed bin number over [min, max]: ⌊N (x − min)/(max − min)⌋ + 1, capped at N. */
export function fixedBinNumberIbsi(values: Float64Array, binCount: number, min: number, max: number): Int32Array {
  const out = new Int32Array(values.length);
  const range = max - min;
  for (let n = 0; n < values.length; n++) {
    out[n] = range > 0 ? Math.min(binCount, Math.floor((binCount * (values[n]! - min)) / range) + 1) : 1;
  }
  return out;
}

/** `numpy.digitize(x, edges)`: the i with edges[i−1] ≤ x < edges[i] (0 below, n above). */
export function digitize(values: Float64Array, edges: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) {
    const x = values[n]!;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    out[n] = lo;
  }
  return out;
}

/** Count and bounding box of a mask's non-zero voxels; see {@link maskFacts}. */
export interface MaskFacts {
  count: number;
  /** Lowest and highest index per axis, or null for an empty mask. */
  box: { lower: [number, number, number]; upper: [number, number, number] } | null;
}

/** Count and bounding box of the non-zero voxels of a u8 mask, in one pass. */
export function maskFacts(mask: Uint8Array, size: readonly [number, number, number]): MaskFacts {
  const [nx, ny, nz] = size;
  const lower: [number, number, number] = [nx, ny, nz];
  const upper: [number, number, number] = [-1, -1, -1];
  let count = 0;
  for (let z = 0, n = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      let first = -1, last = -1;
      for (let x = 0; x < nx; x++, n++) {
        if (mask[n] === 0) continue;
        if (first < 0) first = x;
        last = x;
        count++;
      }
      if (first < 0) continue;
      lower[0] = Math.min(lower[0], first);
      upper[0] = Math.max(upper[0], last);
      lower[1] = Math.min(lower[1], y);
      upper[1] = Math.max(upper[1], y);
      lower[2] = Math.min(lower[2], z);
      upper[2] = Math.max(upper[2], z);
    }
  }
  return { count, box: count > 0 ? { lower, upper } : null };
}

/** The image's values where the mask is non-zero, in index order, as f64. */
export function maskedValues(values: VoxelArray, mask: Uint8Array): Float64Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) count++;
  const out = new Float64Array(count);
  for (let i = 0, n = 0; i < mask.length; i++) if (mask[i] !== 0) out[n++] = values[i]!;
  return out;
}

/** {@link maskMoments}' numbers, named. */
export type Moments = readonly [count: number, sx: number, sy: number, sz: number, sxx: number, syy: number, szz: number, sxy: number, sxz: number, syz: number];

/**
 * Index moments of a u8 mask's non-zero voxels: count, Σx, Σy, Σz, Σx², Σy², Σz², Σxy, Σxz,
 * Σyz over their (x, y, z) indices. Integers, exact in f64 below 2^53 (a 512³ grid full of
 * ROI reaches 2^45), so every backend gives the same numbers. A row adds its count and
 * Σx, Σx² once, scaled by its y and z.
 */
export function maskMoments(mask: Uint8Array, size: readonly [number, number, number]): Float64Array {
  const [nx, ny, nz] = size;
  const m = new Float64Array(10);
  for (let z = 0, n = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      let count = 0, sx = 0, sxx = 0;
      for (let x = 0; x < nx; x++, n++) {
        if (mask[n] === 0) continue;
        count++;
        sx += x;
        sxx += x * x;
      }
      if (count === 0) continue;
      m[0]! += count;
      m[1]! += sx;
      m[2]! += y * count;
      m[3]! += z * count;
      m[4]! += sxx;
      m[5]! += y * y * count;
      m[6]! += z * z * count;
      m[7]! += y * sx;
      m[8]! += z * sx;
      m[9]! += y * z * count;
    }
  }
  return m;
}

/** Widest integer range {@link sortValues} sorts by counting (4 M values: a 16 MB count table). */
export const COUNTING_SORT_RANGE = 1 << 22;

/**
 * The values in ascending order. Integer values spanning at most
 * {@link COUNTING_SORT_RANGE} are sorted by counting (CT and most MR intensities are such
 * integers); others by the runtime's typed-array sort. Either way the result is the same.
 */
export function sortValues(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  if (n === 0) return new Float64Array(0);
  let lowest = values[0]!, highest = lowest, integers = true;
  for (let k = 0; k < n; k++) {
    const v = values[k]!;
    if (v !== Math.floor(v)) {
      integers = false;
      break;
    }
    if (v < lowest) lowest = v;
    if (v > highest) highest = v;
  }
  if (!integers || highest - lowest > COUNTING_SORT_RANGE) return Float64Array.from(values).sort();
  const counts = new Uint32Array(highest - lowest + 1);
  for (let k = 0; k < n; k++) counts[values[k]! - lowest]! += 1;
  const out = new Float64Array(n);
  for (let r = 0, at = 0; r < counts.length; r++) out.fill(lowest + r, at, (at += counts[r]!));
  return out;
}

/** Sum (in index order), minimum and maximum of an image's values. */
export function imageStats(values: ArrayLike<number>): { sum: number; min: number; max: number } {
  let sum = 0, min = Infinity, max = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { sum, min, max };
}

/**
 * The 0/1 mask of the voxels whose value, cast to uint32 as PyRadiomics casts label maps
 * (JavaScript's `>>> 0`), equals `label`; and how many there are.
 */
export function labelMask(values: VoxelArray, label: number): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(values.length);
  let count = 0;
  for (let n = 0; n < values.length; n++) {
    if (values[n]! >>> 0 === label) {
      mask[n] = 1;
      count++;
    }
  }
  return { mask, count };
}
