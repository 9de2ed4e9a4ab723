/**
 * Filter kernels (TypeScript twins): the 1-D passes every separable image filter is
 * built from, run along one axis of an x-fastest volume of any sample type (read as f64,
 * so a first pass needs no float copy of the image), giving f64.
 *
 * - {@link convolveAxis}: a finite filter (wavelet banks, mean, derivative and Laws
 *   kernels), with IBSI 2's boundary conditions.
 * - {@link recursiveAxis}: Deriche's fourth-order recursive filter (causal + anti-causal),
 *   the recursive Gaussian and its derivatives, with constant extension of the edge values.
 * - {@link convolveSeparable}: a filter along x, then each of several along y (and along
 *   z), cut to a region (a separable bank's passes).
 * - {@link recursiveLaplacian}: the sum over the axes of a second derivative along one and
 *   smoothing along the others (the recursive LoG), cut to a region.
 *
 * The WebAssembly kernels (`./assembly/filters.ts`) do the same arithmetic in the same
 * order, so both give the same bits.
 * @module
 */
import { copyBox, shiftBox, type BoundingBox, type VoxelArray } from "../volume.js";

/**
 * How a line is continued beyond its ends (IBSI 2, reference manual §2.2):
 * `zero` (constant 0), `nearest` (the edge value), `periodic` (wrap around) or
 * `mirror` (reflection with the edge sample repeated: … c b a | a b c … ).
 */
export type Boundary = "zero" | "nearest" | "periodic" | "mirror";

/** The boundary conditions, in the order of their kernel codes. */
export const BOUNDARIES: readonly Boundary[] = ["zero", "nearest", "periodic", "mirror"];

/** Sample index of position `i` on a line of `n` samples continued by `boundary`; −1 where the value is zero. */
export function extendIndex(i: number, n: number, boundary: Boundary): number {
  if (i >= 0 && i < n) return i;
  switch (boundary) {
    case "zero":
      return -1;
    case "nearest":
      return i < 0 ? 0 : n - 1;
    case "periodic":
      return ((i % n) + n) % n;
    case "mirror": {
      const period = 2 * n;
      const m = ((i % period) + period) % period;
      return m < n ? m : period - 1 - m;
    }
  }
}

/** Lines filtered together: each pass gathers this many lines side by side (lanes), so every step is a row of lanes. */
export const LANES = 64;

/**
 * The lines along `axis`: their length, the stride between samples, how many there are and
 * where line p starts. Consecutive lines are neighbours in memory (along x, or along y for
 * lines along x), so a block of lanes is read in whole cache lines.
 */
function lines(size: readonly [number, number, number], axis: number): { n: number; stride: number; count: number; start(p: number): number } {
  const [nx, ny, nz] = size;
  const n = size[axis]!;
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const count = (nx * ny * nz) / n;
  const start = (p: number) => (axis === 0 ? p * nx : axis === 1 ? (p % nx) + nx * ny * Math.floor(p / nx) : p);
  return { n, stride, count, start };
}

/** The output grid when only samples from…to of each line are kept: its size, and the start and stride of its lines. */
function keptLines(size: readonly [number, number, number], axis: number, from: number, to: number): { total: number; stride: number; start(p: number): number } {
  const kept = [...size] as [number, number, number];
  kept[axis] = to - from + 1;
  const { stride, start } = lines(kept, axis);
  return { total: kept[0] * kept[1] * kept[2], stride, start };
}

/**
 * Convolution along one axis: out[k] = Σ_{j=0}^{F−1} taps[j] · x[k + origin − j·dilation],
 * with x continued by `boundary` (terms summed in order of j, from +0). `origin` places the
 * filter: PyWavelets' stationary transform uses ⌊F/2⌋; a centred odd filter uses (F − 1)/2.
 * `dilation` spreads the taps (à trous: 2^(level−1) at a wavelet's level). With `keep`
 * = [from, to] only those outputs of each line are computed (the result is that long along
 * the axis); they are the same as with the whole line kept.
 */
export function convolveAxis(
  data: VoxelArray, size: readonly [number, number, number], axis: number,
  taps: Float64Array, origin: number, dilation: number, boundary: Boundary, keep?: readonly [number, number],
): Float64Array {
  const { n, stride, count, start } = lines(size, axis);
  const [from, to] = keep ?? [0, n - 1];
  const kept = keptLines(size, axis, from, to);
  const out = new Float64Array(kept.total);
  const F = taps.length;
  const left = Math.max(0, (F - 1) * dilation - origin), right = Math.max(0, origin);
  const width = n + left + right;
  // Row t of `ext` holds sample t − left of each lane's line, continued by the boundary.
  const ext = new Float64Array(width * LANES), row = new Float64Array(LANES);
  for (let p0 = 0; p0 < count; p0 += LANES) {
    const lanes = Math.min(LANES, count - p0);
    for (let t = 0; t < width; t++) {
      const i = extendIndex(t - left, n, boundary);
      for (let b = 0; b < lanes; b++) ext[t * LANES + b] = i < 0 ? 0 : data[start(p0 + b) + i * stride]!;
    }
    for (let k = from; k <= to; k++) {
      row.fill(0);
      const at = k + origin + left;
      for (let j = 0; j < F; j++) {
        const w = taps[j]!, src = (at - j * dilation) * LANES;
        for (let b = 0; b < LANES; b++) row[b] = row[b]! + w * ext[src + b]!;
      }
      for (let b = 0; b < lanes; b++) out[kept.start(p0 + b) + (k - from) * kept.stride] = row[b]!;
    }
  }
  return out;
}

/** A finite filter and where it sits: out[k] = Σ_j taps[j]·x[k + origin − j] (see {@link convolveAxis}). */
export interface PlacedTaps {
  taps: Float64Array;
  origin: number;
}

/**
 * A separable bank's passes on a region: `x` along x, then each of `ys` along y, then, when
 * `zs` are given, each of those along z, all continued by `boundary` and cut to the region
 * along the axes they filter. Without `zs`: one volume per filter of `ys`, holding the
 * region's extent along x and y and every z. With `zs`: one volume per pair (y filter
 * major, z filter minor), holding the region's extent along all three axes.
 */
export function convolveSeparable(
  data: VoxelArray, size: readonly [number, number, number], region: BoundingBox,
  x: PlacedTaps, ys: readonly PlacedTaps[], boundary: Boundary, zs?: readonly PlacedTaps[],
): Float64Array[] {
  const alongX = convolveAxis(data, size, 0, x.taps, x.origin, 1, boundary, [region.lower[0], region.upper[0]]);
  const cut: [number, number, number] = [region.upper[0] - region.lower[0] + 1, size[1], size[2]];
  const alongY = ys.map((y) => convolveAxis(alongX, cut, 1, y.taps, y.origin, 1, boundary, [region.lower[1], region.upper[1]]));
  if (!zs) return alongY;
  const cutXY: [number, number, number] = [cut[0], region.upper[1] - region.lower[1] + 1, size[2]];
  return alongY.flatMap((v) => zs.map((z) => convolveAxis(v, cutXY, 2, z.taps, z.origin, 1, boundary, [region.lower[2], region.upper[2]])));
}

/**
 * Coefficients of a fourth-order recursive filter, in kernel order: the causal
 * feed-forward n0…n3, the feedback d1…d4, the anti-causal feed-forward m1…m4, and the
 * boundary terms bn1…bn4 and bm1…bm4 that stand for a line continued by its edge value.
 */
export type RecursiveCoefficients = Float64Array;

/**
 * Recursive filtering along one axis (lines of at least 4 samples):
 * y⁺[i] = Σ_{k=0}^{3} n_k x[i−k] − Σ_{k=1}^{4} d_k y⁺[i−k],
 * y⁻[i] = Σ_{k=1}^{4} m_k x[i+k] − Σ_{k=1}^{4} d_k y⁻[i+k],  out = y⁺ + y⁻,
 * with the latest output's term subtracted last (its product is the only step that waits
 * for the previous output, so a recursion runs at the speed of a multiply and a subtract),
 * where samples before the line equal its first and after it its last. With `keep` =
 * [from, to] only those outputs are written (the whole line is still filtered).
 */
export function recursiveAxis(data: VoxelArray, size: readonly [number, number, number], axis: number, c: RecursiveCoefficients, keep?: readonly [number, number]): Float64Array {
  const { n, stride, count, start } = lines(size, axis);
  const [from, to] = keep ?? [0, n - 1];
  const kept = keptLines(size, axis, from, to);
  const out = new Float64Array(kept.total);
  const L = LANES;
  // Rows of lanes: the input, the causal and the anti-causal outputs.
  const x = new Float64Array(n * L), yc = new Float64Array(n * L), ya = new Float64Array(n * L);
  const [n0, n1, n2, n3, d1, d2, d3, d4, m1, m2, m3, m4, bn1, bn2, bn3, bn4, bm1, bm2, bm3, bm4] = c as unknown as number[];
  for (let p0 = 0; p0 < count; p0 += L) {
    const lanes = Math.min(L, count - p0);
    for (let i = 0; i < n; i++) for (let b = 0; b < lanes; b++) x[i * L + b] = data[start(p0 + b) + i * stride]!;
    const e = n - 1;
    for (let b = 0; b < L; b++) {
      const first = x[b]!, last = x[e * L + b]!;
      // Causal pass; the first four outputs see the edge value before the line.
      yc[b] = first * n0! + first * n1! + first * n2! + first * n3! - (first * bn1! + first * bn2! + first * bn3! + first * bn4!);
      yc[L + b] = x[L + b]! * n0! + first * n1! + first * n2! + first * n3! - (yc[b]! * d1! + first * bn2! + first * bn3! + first * bn4!);
      yc[2 * L + b] = x[2 * L + b]! * n0! + x[L + b]! * n1! + first * n2! + first * n3! - (yc[L + b]! * d1! + yc[b]! * d2! + first * bn3! + first * bn4!);
      yc[3 * L + b] = x[3 * L + b]! * n0! + x[2 * L + b]! * n1! + x[L + b]! * n2! + first * n3! - (yc[2 * L + b]! * d1! + yc[L + b]! * d2! + yc[b]! * d3! + first * bn4!);
      // Anti-causal pass, mirrored.
      ya[e * L + b] = last * m1! + last * m2! + last * m3! + last * m4! - (last * bm1! + last * bm2! + last * bm3! + last * bm4!);
      ya[(e - 1) * L + b] = x[e * L + b]! * m1! + last * m2! + last * m3! + last * m4! - (ya[e * L + b]! * d1! + last * bm2! + last * bm3! + last * bm4!);
      ya[(e - 2) * L + b] = x[(e - 1) * L + b]! * m1! + x[e * L + b]! * m2! + last * m3! + last * m4! - (ya[(e - 1) * L + b]! * d1! + ya[e * L + b]! * d2! + last * bm3! + last * bm4!);
      ya[(e - 3) * L + b] = x[(e - 2) * L + b]! * m1! + x[(e - 1) * L + b]! * m2! + x[e * L + b]! * m3! + last * m4! -
        (ya[(e - 2) * L + b]! * d1! + ya[(e - 1) * L + b]! * d2! + ya[e * L + b]! * d3! + last * bm4!);
    }
    for (let i = 4; i < n; i++) {
      const r = i * L;
      for (let b = 0; b < L; b++) {
        yc[r + b] = x[r + b]! * n0! + x[r - L + b]! * n1! + x[r - 2 * L + b]! * n2! + x[r - 3 * L + b]! * n3! -
          (yc[r - 2 * L + b]! * d2! + yc[r - 3 * L + b]! * d3! + yc[r - 4 * L + b]! * d4!) - yc[r - L + b]! * d1!;
      }
    }
    for (let i = e - 4; i >= 0; i--) {
      const r = i * L;
      for (let b = 0; b < L; b++) {
        ya[r + b] = x[r + L + b]! * m1! + x[r + 2 * L + b]! * m2! + x[r + 3 * L + b]! * m3! + x[r + 4 * L + b]! * m4! -
          (ya[r + 2 * L + b]! * d2! + ya[r + 3 * L + b]! * d3! + ya[r + 4 * L + b]! * d4!) - ya[r + L + b]! * d1!;
      }
    }
    for (let i = from; i <= to; i++) for (let b = 0; b < lanes; b++) out[kept.start(p0 + b) + (i - from) * kept.stride] = yc[i * L + b]! + ya[i * L + b]!;
  }
  return out;
}

/** Coefficients of one recursive pass per axis (x, y, z). */
export type AxisCoefficients = readonly [RecursiveCoefficients, RecursiveCoefficients, RecursiveCoefficients];

/**
 * Σ_d w_d · (D along d, S along the other axes) of a volume, on `region` only: for the
 * LoG, S smooths and D takes the second derivative (`smooth`, `second`: one coefficient set
 * per axis, `weights` per axis). Passes run x, then y, then z, each keeping the region's
 * extent of its axis; the x passes are shared, and so is the z smoothing of the first two
 * terms (the passes are linear): Sz(w_x·Sy Dx + w_y·Dy Sx) + w_z·Dz Sy Sx. With `window`
 * (a box of the volume holding `region`), the lines span the window only, as if it were
 * the volume: the LoG's cut to its reach (filters/log.ts), without a copy of the window
 * in the WebAssembly kernel (this twin copies it).
 */
export function recursiveLaplacian(
  data: VoxelArray, size: readonly [number, number, number], region: BoundingBox,
  smooth: AxisCoefficients, second: AxisCoefficients, weights: readonly [number, number, number], window?: BoundingBox,
): Float64Array {
  if (window) {
    const inner = window.upper.map((u, a) => u - window.lower[a]! + 1) as [number, number, number];
    // Of the samples' own type: copyBox moves shared memory's samples as bytes.
    const samples = new (data.constructor as new (length: number) => VoxelArray)(inner[0] * inner[1] * inner[2]);
    copyBox(data, [...size], [...window.lower], inner, samples);
    return recursiveLaplacian(samples, inner, shiftBox(region, window.lower), smooth, second, weights);
  }
  const keep = [0, 1, 2].map((a) => [region.lower[a]!, region.upper[a]!] as const);
  const rx = keep[0]![1] - keep[0]![0] + 1, ry = keep[1]![1] - keep[1]![0] + 1;
  const cutX: [number, number, number] = [rx, size[1], size[2]], cutXY: [number, number, number] = [rx, ry, size[2]];
  const alongY = (alongX: Float64Array, c: RecursiveCoefficients) => recursiveAxis(alongX, cutX, 1, c, keep[1]);
  const alongZ = (alongXY: Float64Array, c: RecursiveCoefficients) => recursiveAxis(alongXY, cutXY, 2, c, keep[2]);
  const smoothX = recursiveAxis(data, size, 0, smooth[0], keep[0]);
  const first = weightedSum(alongY(recursiveAxis(data, size, 0, second[0], keep[0]), smooth[1]), weights[0], alongY(smoothX, second[1]), weights[1]);
  return weightedSum(alongZ(first, smooth[2]), 1, alongZ(alongY(smoothX, smooth[1]), second[2]), weights[2]);
}

/** a·wa + b·wb, sample by sample, into a. */
function weightedSum(a: Float64Array, wa: number, b: Float64Array, wb: number): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = a[i]! * wa + b[i]! * wb;
  return a;
}
