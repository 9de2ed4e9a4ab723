/**
 * Intensity and mask kernels in plain TypeScript, the twins of `./assembly/intensity.ts`:
 * values → gray levels by IBSI's fixed bin size and fixed bin number, numpy's digitize
 * for PyRadiomics' bin edges (the rules are in preprocess/discretise.ts), the sort of ROI
 * values, an image's sum and range, label selection, and the count and box of a mask.
 * @module
 */
import type { VoxelArray } from "../volume.js";

/**
 * IBSI fixed bin size: ⌊(x − lower)/w⌋ + 1.
 * @example
 * ```ts
 * fixedBinSizeIbsi(Float64Array.of(-500, -480, -300), 25, -500); // Int32Array [1, 1, 9]
 * ```
 */
export function fixedBinSizeIbsi(values: Float64Array, binWidth: number, lower: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) out[n] = Math.floor((values[n]! - lower) / binWidth) + 1;
  return out;
}

/**
 * IBSI fixed bin number over [min, max]: ⌊N (x − min)/(max − min)⌋ + 1, capped at N.
 * @example
 * ```ts
 * fixedBinNumberIbsi(Float64Array.of(0, 5, 10), 4, 0, 10); // Int32Array [1, 3, 4]
 * ```
 */
export function fixedBinNumberIbsi(values: Float64Array, binCount: number, min: number, max: number): Int32Array {
  const out = new Int32Array(values.length);
  const range = max - min;
  for (let n = 0; n < values.length; n++) {
    out[n] = range > 0 ? Math.min(binCount, Math.floor((binCount * (values[n]! - min)) / range) + 1) : 1;
  }
  return out;
}

/**
 * `numpy.digitize(x, edges)`: the i with edges[i−1] ≤ x < edges[i] (0 below, n above).
 * @example
 * ```ts
 * digitize(Float64Array.of(0.5, 1.5, 2), Float64Array.of(0, 1, 2, 3)); // Int32Array [1, 2, 3]
 * ```
 */
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
  /** The largest value (0 for an empty mask): 1 when a u8 label map is a binary mask already. */
  largest: number;
}

/** Count, bounding box and largest value of the non-zero voxels of a u8 mask, in one pass. */
export function maskFacts(mask: Uint8Array, size: readonly [number, number, number]): MaskFacts {
  const [nx, ny, nz] = size;
  const lower: [number, number, number] = [nx, ny, nz];
  const upper: [number, number, number] = [-1, -1, -1];
  let count = 0, largest = 0;
  for (let z = 0, n = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      let first = -1, last = -1;
      for (let x = 0; x < nx; x++, n++) {
        if (mask[n] === 0) continue;
        if (first < 0) first = x;
        last = x;
        count++;
        if (mask[n]! > largest) largest = mask[n]!;
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
  return { count, box: count > 0 ? { lower, upper } : null, largest };
}

/** Counts n_i of each gray level 0 … max of ROI levels (≥ 1, so n[0] = 0 and n[i] is level i). */
export function levelCounts(levels: Int32Array): Float64Array {
  let max = 0;
  for (let k = 0; k < levels.length; k++) if (levels[k]! > max) max = levels[k]!;
  const n = new Float64Array(max + 1);
  for (let k = 0; k < levels.length; k++) n[levels[k]!]! += 1;
  return n;
}

/** The image's values where the mask is non-zero, in index order, as f64. */
export function maskedValues(values: VoxelArray, mask: Uint8Array): Float64Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) count++;
  const out = new Float64Array(count);
  for (let i = 0, n = 0; i < mask.length; i++) if (mask[i] !== 0) out[n++] = values[i]!;
  return out;
}

/**
 * Number of 26-connected components of a u8 mask's non-zero voxels, from its runs: each
 * row's maximal runs of voxels, joined (union-find) with the runs of the four earlier
 * rows that touch the row — (y − 1, z), and (y − 1, y, y + 1) at z − 1 — where the two
 * x ranges overlap once one is widened by a voxel each way. Runs of one row never touch
 * (a gap separates them). A few thousand runs for a compact ROI, where a voxel flood fill
 * tests 26 neighbours of every voxel.
 */
export function componentCount(mask: Uint8Array, size: readonly [number, number, number]): number {
  const [nx, ny, nz] = size;
  const rows = ny * nz;
  // Runs in scan order: row r's runs are [rowStart[r], rowStart[r + 1]).
  const rowStart = new Int32Array(rows + 1);
  let n = 0;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let x = 0; x < nx; x++, i++) if (mask[i] !== 0 && (x === 0 || mask[i - 1] === 0)) n++;
    rowStart[r + 1] = n;
  }
  const x0 = new Int32Array(n), x1 = new Int32Array(n), parent = new Int32Array(n);
  for (let r = 0, i = 0, k = 0; r < rows; r++) {
    for (let x = 0; x < nx; x++, i++) {
      if (mask[i] === 0) continue;
      if (x === 0 || mask[i - 1] === 0) {
        x0[k] = x;
        parent[k] = k;
        k++;
      }
      x1[k - 1] = x;
    }
  }
  const root = (a: number) => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  let components = n;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const r = y + ny * z;
      for (let t = 0; t < 4; t++) {
        const yy = t === 0 ? y - 1 : y + t - 2, zz = t === 0 ? z : z - 1;
        if (yy < 0 || yy >= ny || zz < 0) continue;
        const q = yy + ny * zz;
        // Two sorted run lists: advance whichever ends first.
        for (let a = rowStart[r]!, b = rowStart[q]!; a < rowStart[r + 1]! && b < rowStart[q + 1]!;) {
          if (x0[a]! <= x1[b]! + 1 && x0[b]! <= x1[a]! + 1) {
            const ra = root(a), rb = root(b);
            if (ra !== rb) {
              parent[ra > rb ? ra : rb] = ra > rb ? rb : ra;
              components--;
            }
          }
          if (x1[a]! < x1[b]!) a++;
          else b++;
        }
      }
    }
  }
  return components;
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
function sortValues(values: ArrayLike<number>): Float64Array {
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

/** The percentiles a summary keeps (first-order features read these and no others). */
export const SUMMARY_PERCENTILES = [10, 25, 50, 75, 90] as const;

/** A percentile a summary keeps. */
export type SummaryPercentile = (typeof SUMMARY_PERCENTILES)[number];

/**
 * The values' order statistics, moments and deviations: what the first-order families
 * read. The sorted values themselves stay where they were sorted (a 22.7 M-voxel ROI's
 * would be 182 MB more).
 */
export interface ValueSummary {
  /** Number of values N. */
  count: number;
  /** Smallest and largest value (NaN for no values). */
  min: number;
  max: number;
  /** {@link percentile} at each of {@link SUMMARY_PERCENTILES}, in that order (NaN for no values). */
  percentiles: Float64Array;
  mean: number;
  /** Population variance μ₂ = Σ(x − μ)²/N. */
  variance: number;
  /** Third central moment μ₃ = Σ(x − μ)³/N. */
  m3: number;
  /** Fourth central moment μ₄ = Σ(x − μ)⁴/N. */
  m4: number;
  /** Mean absolute deviation Σ|x − μ|/N. */
  meanAbsoluteDeviation: number;
  /** Mean of |x − mean(X')| over X' = the values within [P10, P90]. */
  robustMeanAbsoluteDeviation: number;
  /** Mean of |x − median| (IBSI's median absolute deviation: a mean). */
  medianAbsoluteDeviation: number;
  /** Σ (x + shift)² over the values in their given order. */
  shiftedSumOfSquares: number;
}

/**
 * Percentile q (0–100) with linear interpolation between closest ranks: numpy's
 * default `percentile(x, q)`, rank h = (N − 1)·q/100.
 */
export function percentile(sorted: Float64Array, q: number): number {
  const h = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = h - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  // numpy's lerp: from the nearer end, which keeps the result within [a, b].
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/** Minimum, maximum and the kept percentiles of sorted values (NaN for none). */
export function orderStatistics(sorted: Float64Array): Pick<ValueSummary, "min" | "max" | "percentiles"> {
  const n = sorted.length;
  return {
    min: n > 0 ? sorted[0]! : NaN,
    max: n > 0 ? sorted[n - 1]! : NaN,
    percentiles: Float64Array.from(SUMMARY_PERCENTILES, (q) => (n > 0 ? percentile(sorted, q) : NaN)),
  };
}

/** A kept percentile of a summary. */
export function summaryPercentile(summary: Pick<ValueSummary, "percentiles">, q: SummaryPercentile): number {
  return summary.percentiles[SUMMARY_PERCENTILES.indexOf(q)]!;
}

/** Sum of x² over the values, each shifted by `shift`. */
export function sumOfSquares(values: ArrayLike<number>, shift = 0): number {
  let s = 0;
  for (let n = 0; n < values.length; n++) {
    const v = values[n]! + shift;
    s += v * v;
  }
  return s;
}

/**
 * {@link ValueSummary} of values: sorted ({@link sortValues}); the mean, then the central
 * moments and |x − μ| in one pass; the robust deviation over the one run of sorted
 * values within [P10, P90]; the deviation from the median; Σ (x + shift)² in the values'
 * own order. Every sum runs in index order (the WebAssembly twin adds in the same order).
 */
export function summariseValues(values: Float64Array, shift: number): ValueSummary {
  const count = values.length;
  const sorted = sortValues(values);
  let sum = 0;
  for (let n = 0; n < count; n++) sum += sorted[n]!;
  const mean = sum / count;
  let m2 = 0, m3 = 0, m4 = 0, mad = 0;
  for (let n = 0; n < count; n++) {
    const d = sorted[n]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    mad += Math.abs(d);
  }
  const order = orderStatistics(sorted);
  const p10 = summaryPercentile(order, 10), p90 = summaryPercentile(order, 90);
  let first = 0, end = count;
  while (first < end && sorted[first]! < p10) first++;
  while (end > first && sorted[end - 1]! > p90) end--;
  let inner = 0;
  for (let n = first; n < end; n++) inner += sorted[n]!;
  const innerMean = inner / (end - first);
  let robust = 0;
  for (let n = first; n < end; n++) robust += Math.abs(sorted[n]! - innerMean);
  const median = summaryPercentile(order, 50);
  let fromMedian = 0;
  for (let n = 0; n < count; n++) fromMedian += Math.abs(sorted[n]! - median);
  return {
    count, ...order, mean, variance: m2 / count, m3: m3 / count, m4: m4 / count, meanAbsoluteDeviation: mad / count,
    robustMeanAbsoluteDeviation: robust / (end - first), medianAbsoluteDeviation: fromMedian / count,
    shiftedSumOfSquares: sumOfSquares(values, shift),
  };
}

/**
 * Sum, minimum and maximum of an image's values, kept in four lanes (value k is in lane
 * k mod 4; each lane's sum and extremes in index order) and then combined by
 * {@link combineLanes}: the additions and comparisons overlap, and the WebAssembly twin
 * keeps the same lanes.
 */
export function imageStats(values: ArrayLike<number>): { sum: number; min: number; max: number } {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, l0 = Infinity, l1 = Infinity, l2 = Infinity, l3 = Infinity, h0 = -Infinity, h1 = -Infinity, h2 = -Infinity, h3 = -Infinity;
  const n = values.length;
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const a = values[k]!, b = values[k + 1]!, c = values[k + 2]!, d = values[k + 3]!;
    s0 += a;
    s1 += b;
    s2 += c;
    s3 += d;
    if (a < l0) l0 = a;
    if (b < l1) l1 = b;
    if (c < l2) l2 = c;
    if (d < l3) l3 = d;
    if (a > h0) h0 = a;
    if (b > h1) h1 = b;
    if (c > h2) h2 = c;
    if (d > h3) h3 = d;
  }
  const lanes = Float64Array.of(s0, s1, s2, s3, l0, l1, l2, l3, h0, h1, h2, h3);
  // The last values (fewer than four) are in lanes 0, 1 and 2.
  for (let lane = 0; k < n; k++, lane++) {
    const v = values[k]!;
    lanes[lane]! += v;
    if (v < lanes[4 + lane]!) lanes[4 + lane] = v;
    if (v > lanes[8 + lane]!) lanes[8 + lane] = v;
  }
  return combineLanes(lanes);
}

/** Four lanes' sums (0), minima (+∞) and maxima (−∞), as {@link imageStats} starts them. */
export const emptyLanes = (): Float64Array => Float64Array.of(0, 0, 0, 0, Infinity, Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity, -Infinity);

/**
 * Four lanes' sums, minima and maxima (twelve numbers) combined: sum (s0 + s1) + (s2 + s3);
 * extremes lane 0 to 3 with strict comparisons (NaN is never below or above, so skipped).
 */
export function combineLanes(lanes: ArrayLike<number>): { sum: number; min: number; max: number } {
  let min = lanes[4]!, max = lanes[8]!;
  for (let lane = 1; lane < 4; lane++) {
    if (lanes[4 + lane]! < min) min = lanes[4 + lane]!;
    if (lanes[8 + lane]! > max) max = lanes[8 + lane]!;
  }
  return { sum: lanes[0]! + lanes[1]! + (lanes[2]! + lanes[3]!), min, max };
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
