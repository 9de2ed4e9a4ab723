/**
 * Intensity and mask kernels in plain TypeScript, the twins of `./assembly/intensity.ts`:
 * values → gray levels by IBSI's fixed bin size and fixed bin number, numpy's digitize
 * for PyRadiomics' bin edges (the rules are in preprocess/discretise.ts), the sort of ROI
 * values, an image's sum and range, label selection, and the count and box of a mask.
 * @module
 */
import type { BoundingBox, LevelArray, VoxelArray } from "../volume.js";

/**
 * IBSI fixed bin size: ⌊(x − lower)/w⌋ + 1.
 * @example
 * ```ts
 * fixedBinSizeIbsi(Float64Array.of(-500, -480, -300), 25, -500); // Uint8Array [1, 1, 9]
 * ```
 */
export function fixedBinSizeIbsi(values: VoxelArray, binWidth: number, lower: number): LevelArray {
  const out = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) out[n] = Math.floor((values[n]! - lower) / binWidth) + 1;
  return narrowLevels(out);
}

/**
 * IBSI fixed bin number over [min, max]: ⌊N (x − min)/(max − min)⌋ + 1, capped at N.
 * @example
 * ```ts
 * fixedBinNumberIbsi(Float64Array.of(0, 5, 10), 4, 0, 10); // Uint8Array [1, 3, 4]
 * ```
 */
export function fixedBinNumberIbsi(values: VoxelArray, binCount: number, min: number, max: number): LevelArray {
  const out = new Int32Array(values.length);
  const range = max - min;
  for (let n = 0; n < values.length; n++) {
    out[n] = range > 0 ? Math.min(binCount, Math.floor((binCount * (values[n]! - min)) / range) + 1) : 1;
  }
  return narrowLevels(out);
}

/**
 * `numpy.digitize(x, edges)`: the i with edges[i−1] ≤ x < edges[i] (0 below, n above).
 * @example
 * ```ts
 * digitize(Float64Array.of(0.5, 1.5, 2), Float64Array.of(0, 1, 2, 3)); // Uint8Array [1, 2, 3]
 * ```
 */
export function digitize(values: VoxelArray, edges: Float64Array): LevelArray {
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
  return narrowLevels(out);
}

/**
 * Levels in the narrowest unsigned type that holds them all: Uint8Array when all are
 * 0…255, else Uint16Array when 0…65,535, else the Int32Array itself. A CT's levels at a
 * bin width of 25 HU take a quarter of the memory.
 * @example
 * ```ts
 * narrowLevels(Int32Array.of(1, 300)); // Uint16Array [1, 300]
 * ```
 */
export function narrowLevels(levels: Int32Array): LevelArray {
  let lowest = 0, highest = 0;
  for (let k = 0; k < levels.length; k++) {
    lowest = Math.min(lowest, levels[k]!);
    highest = Math.max(highest, levels[k]!);
  }
  if (lowest < 0 || highest > 0xffff) return levels;
  return highest > 0xff ? Uint16Array.from(levels) : Uint8Array.from(levels);
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
export function levelCounts(levels: LevelArray): Float64Array {
  let max = 0;
  for (let k = 0; k < levels.length; k++) if (levels[k]! > max) max = levels[k]!;
  const n = new Float64Array(max + 1);
  for (let k = 0; k < levels.length; k++) n[levels[k]!]! += 1;
  return n;
}

/** The image's values where the mask is non-zero, in index order, in the image's own type. */
export function maskedValues<T extends VoxelArray>(values: T, mask: Uint8Array): T {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) count++;
  const out = new (values.constructor as new (length: number) => T)(count);
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

/** Widest integer range {@link sortValues} sorts, and the `countingRanks` kernel selects from, by counting (4 M values: a 16 MB count table). */
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
 * read. No sorted copy of the values is kept (a 22.7 M-voxel ROI's would be 182 MB more);
 * the WebAssembly kernel makes none, selecting the few ranks it needs.
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

/** numpy's rank h = (N − 1)·q/100 of percentile q (0–100) of N values. */
const rankOf = (n: number, q: number) => ((n - 1) * q) / 100;

/**
 * Percentile q (0–100) of `n` values with linear interpolation between closest ranks:
 * numpy's default `percentile(x, q)` at rank h = (N − 1)·q/100, from `at(r)`, the value of
 * rank r (0-based, ascending).
 */
function percentileAt(n: number, q: number, at: (rank: number) => number): number {
  const h = rankOf(n, q);
  const lo = Math.floor(h);
  const t = h - lo;
  const a = at(lo);
  const b = at(Math.min(lo + 1, n - 1));
  // numpy's lerp: from the nearer end, which keeps the result within [a, b].
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/** Percentile q (0–100) of sorted values, as numpy's default `percentile(x, q)` (see {@link percentileAt}). */
export function percentile(sorted: Float64Array, q: number): number {
  return percentileAt(sorted.length, q, (r) => sorted[r]!);
}

/**
 * The ranks (0-based, ascending, some repeated) whose values give a summary's order
 * statistics for `n` ≥ 1 values: the smallest, the two closest to each kept percentile,
 * the largest.
 */
export function summaryRanks(n: number): Int32Array {
  const ranks = [0, n - 1];
  for (const q of SUMMARY_PERCENTILES) {
    const lo = Math.floor(rankOf(n, q));
    ranks.push(lo, Math.min(lo + 1, n - 1));
  }
  return Int32Array.from(ranks).sort();
}

/**
 * Minimum, maximum and the kept percentiles of `n` values (NaN for none), from the value
 * of each rank: `at(r)`, or `selected[i]` for the i-th of {@link summaryRanks}.
 */
export function orderStatistics(n: number, at: (rank: number) => number): Pick<ValueSummary, "min" | "max" | "percentiles"> {
  return {
    min: n > 0 ? at(0) : NaN,
    max: n > 0 ? at(n - 1) : NaN,
    percentiles: Float64Array.from(SUMMARY_PERCENTILES, (q) => (n > 0 ? percentileAt(n, q, at) : NaN)),
  };
}

/** The value of rank r among the values selected at `ranks` (ascending), as {@link orderStatistics} asks. */
export function selectedRank(ranks: Int32Array, selected: ArrayLike<number>): (rank: number) => number {
  return (rank) => selected[ranks.indexOf(rank)]!;
}

/** A kept percentile of a summary. */
export function summaryPercentile(summary: Pick<ValueSummary, "percentiles">, q: SummaryPercentile): number {
  return summary.percentiles[SUMMARY_PERCENTILES.indexOf(q)]!;
}

/** The sums of a {@link ValueSummary}: every field but the count and the order statistics. */
type SummarySums = Omit<ValueSummary, "count" | "min" | "max" | "percentiles">;

/**
 * The moments and deviations of values, given their P10, P90 and median: the mean, then
 * in one pass the central moments, |x − μ|, |x − median|, Σ (x + shift)² and the sum and
 * count of the values within [P10, P90]; then the robust deviation over those. Each sum
 * runs in two lanes, the values of even and of odd index, each in the values' order, then
 * lane 0 + lane 1 (the twin of the `summarySums` kernel, which takes both lanes in one
 * SIMD operation); a value outside [P10, P90] adds +0 there, which changes no sum.
 */
function summarySums(values: ArrayLike<number>, shift: number, p10: number, p90: number, median: number): SummarySums {
  const n = values.length;
  const sum = new Float64Array(2);
  for (let k = 0; k < n; k++) sum[k & 1]! += values[k]!;
  const mean = (sum[0]! + sum[1]!) / n;
  const m2 = new Float64Array(2), m3 = new Float64Array(2), m4 = new Float64Array(2), mad = new Float64Array(2);
  const fromMedian = new Float64Array(2), squares = new Float64Array(2), inner = new Float64Array(2), robust = new Float64Array(2);
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const x = values[k]!, lane = k & 1;
    const d = x - mean;
    const d2 = d * d;
    m2[lane]! += d2;
    m3[lane]! += d2 * d;
    m4[lane]! += d2 * d2;
    mad[lane]! += Math.abs(d);
    fromMedian[lane]! += Math.abs(x - median);
    const v = x + shift;
    squares[lane]! += v * v;
    const inside = x >= p10 && x <= p90;
    inner[lane]! += inside ? x : 0;
    kept += inside ? 1 : 0;
  }
  const innerMean = (inner[0]! + inner[1]!) / kept;
  for (let k = 0; k < n; k++) {
    const x = values[k]!;
    robust[k & 1]! += x >= p10 && x <= p90 ? Math.abs(x - innerMean) : 0;
  }
  const both = (lanes: Float64Array) => lanes[0]! + lanes[1]!;
  return {
    mean, variance: both(m2) / n, m3: both(m3) / n, m4: both(m4) / n, meanAbsoluteDeviation: both(mad) / n,
    robustMeanAbsoluteDeviation: both(robust) / kept, medianAbsoluteDeviation: both(fromMedian) / n, shiftedSumOfSquares: both(squares),
  };
}

/**
 * {@link ValueSummary} of values: the order statistics from a sorted copy
 * ({@link sortValues}; the WebAssembly twin selects the few ranks it needs instead), the
 * sums from {@link summarySums}, given P10, P90 and the median.
 */
export function summariseValues(values: VoxelArray, shift: number): ValueSummary {
  const sorted = sortValues(values);
  const order = orderStatistics(sorted.length, (r) => sorted[r]!);
  return { count: values.length, ...order, ...summarySums(values, shift, summaryPercentile(order, 10), summaryPercentile(order, 90), summaryPercentile(order, 50)) };
}

/**
 * Sum, minimum and maximum of an image's values, kept in four lanes (value k is in lane
 * k mod 4; each lane's sum and extremes in index order) and then combined by
 * {@link combineLanes}: the additions and comparisons overlap, and the WebAssembly twin
 * keeps the same lanes.
 */
export function imageStats(values: ArrayLike<number>): { sum: number; min: number; max: number } {
  return combineLanes(imageLanes(values, emptyLanes()));
}

/** The fewest whole planes of `plane` samples that hold a multiple of four samples: parts of an image in such runs of planes keep {@link imageLanes}' lanes. */
export function lanePlanes(plane: number): number {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  return 4 / gcd(plane, 4);
}

/**
 * {@link imageStats}' four lanes carried on over `values` (twelve numbers: sums, minima,
 * maxima; see {@link emptyLanes}), in place; returns them. Parts of one image given in
 * order, each but the last a multiple of four values long, leave the lanes the whole
 * image would: a file read a piece at a time (io/stream-case.ts) gets the same range and
 * sum, bit for bit.
 */
export function imageLanes(values: ArrayLike<number>, lanes: Float64Array): Float64Array {
  let s0 = lanes[0]!, s1 = lanes[1]!, s2 = lanes[2]!, s3 = lanes[3]!, l0 = lanes[4]!, l1 = lanes[5]!, l2 = lanes[6]!, l3 = lanes[7]!;
  let h0 = lanes[8]!, h1 = lanes[9]!, h2 = lanes[10]!, h3 = lanes[11]!;
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
  lanes.set([s0, s1, s2, s3, l0, l1, l2, l3, h0, h1, h2, h3]);
  // The last values (fewer than four) are in lanes 0, 1 and 2.
  for (let lane = 0; k < n; k++, lane++) {
    const v = values[k]!;
    lanes[lane]! += v;
    if (v < lanes[4 + lane]!) lanes[4 + lane] = v;
    if (v > lanes[8 + lane]!) lanes[8 + lane] = v;
  }
  return lanes;
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
 * Count and box of the voxels of whole planes (`size`: nx × ny × planes) whose value cast
 * to uint32 is `label` (as {@link labelMask}); `largest` is 1 where there are any. The rows
 * that hold the label are found by the typed array's own search where the cast changes
 * nothing (integer samples, a label below 2³¹), skipping the empty ones at once.
 */
export function labelFacts(values: VoxelArray, label: number, size: readonly [number, number, number]): MaskFacts {
  const [nx, ny] = size;
  const exact = !(values instanceof Float32Array || values instanceof Float64Array) && label <= 0x7fffffff;
  const next = (from: number) => {
    if (exact) return values.indexOf(label, from);
    for (let i = from; i < values.length; i++) if (values[i]! >>> 0 === label) return i;
    return -1;
  };
  const lower: [number, number, number] = [nx, ny, size[2]], upper: [number, number, number] = [-1, -1, -1];
  let count = 0;
  for (let at = next(0); at >= 0;) {
    const row = Math.floor(at / nx), end = (row + 1) * nx;
    let last = at;
    for (let i = at; i < end; i++) {
      if (values[i]! >>> 0 !== label) continue;
      last = i;
      count++;
    }
    const point = [at - row * nx, row % ny, Math.floor(row / ny)] as const;
    for (let a = 0; a < 3; a++) {
      lower[a] = Math.min(lower[a]!, point[a]!);
      upper[a] = Math.max(upper[a]!, a === 0 ? last - row * nx : point[a]!);
    }
    at = end < values.length ? next(end) : -1;
  }
  return { count, box: count ? { lower, upper } : null, largest: count ? 1 : 0 };
}

/**
 * Writes 1 into `out`, a window's zeroed mask (`window` on the grid), at the voxels of
 * `box` whose value cast to uint32 is `label`, for the planes of `box` among the `planes`
 * whole planes `values` holds of a grid of `grid` voxels, from plane `z0`. Other voxels of
 * `out` are left as they are.
 */
export function labelWindow(values: VoxelArray, label: number, grid: readonly [number, number, number], box: BoundingBox, window: BoundingBox, z0: number, planes: number, out: Uint8Array): void {
  const [nx, ny] = grid, [x0, y0] = box.lower, [x1, y1] = box.upper;
  const width = window.upper[0] - window.lower[0] + 1, height = window.upper[1] - window.lower[1] + 1;
  const from = Math.max(z0, box.lower[2]), to = Math.min(z0 + planes - 1, box.upper[2]);
  for (let z = from; z <= to; z++) {
    for (let y = y0; y <= y1; y++) {
      const o = ((z - window.lower[2]) * height + y - window.lower[1]) * width - window.lower[0];
      for (let x = x0, i = ((z - z0) * ny + y) * nx + x0; x <= x1; x++, i++) if (values[i]! >>> 0 === label) out[o + x] = 1;
    }
  }
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
