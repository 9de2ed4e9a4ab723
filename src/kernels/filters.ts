/**
 * Filter kernels (TypeScript twins): the 1-D passes every separable image filter is
 * built from, run along one axis of an x-fastest f64 volume.
 *
 * - {@link convolveAxis}: a finite filter (wavelet banks, mean, derivative and Laws
 *   kernels), with IBSI 2's boundary conditions.
 * - {@link recursiveAxis}: Deriche's fourth-order recursive filter (causal + anti-causal),
 *   the recursive Gaussian and its derivatives, with constant extension of the edge values.
 *
 * The WebAssembly kernels (`./assembly/filters.ts`) do the same arithmetic in the same
 * order, so both give the same bits.
 * @module
 */

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

/** Line count, stride and length of the lines along `axis`, and the start of line `p`. */
function lines(size: readonly [number, number, number], axis: number): { n: number; stride: number; count: number; start(p: number): number } {
  const [nx, ny, nz] = size;
  const n = size[axis]!;
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const count = (nx * ny * nz) / n;
  const start = (p: number) => (axis === 0 ? p * nx : axis === 1 ? (p % nx) + nx * ny * Math.floor(p / nx) : p);
  return { n, stride, count, start };
}

/**
 * Convolution along one axis: out[k] = Σ_{j=0}^{F−1} taps[j] · x[k + origin − j·dilation],
 * with x continued by `boundary` (terms summed in order of j). `origin` places the filter:
 * PyWavelets' stationary transform uses ⌊F/2⌋; a centred odd filter uses (F − 1)/2.
 * `dilation` spreads the taps (à trous: 2^(level−1) at a wavelet's level).
 */
export function convolveAxis(
  data: Float64Array, size: readonly [number, number, number], axis: number,
  taps: Float64Array, origin: number, dilation: number, boundary: Boundary,
): Float64Array {
  const out = new Float64Array(data.length);
  const { n, stride, count, start } = lines(size, axis);
  const F = taps.length;
  const left = Math.max(0, (F - 1) * dilation - origin), right = Math.max(0, origin);
  const ext = new Float64Array(n + left + right);
  for (let p = 0; p < count; p++) {
    const base = start(p);
    for (let t = 0; t < ext.length; t++) {
      const i = extendIndex(t - left, n, boundary);
      ext[t] = i < 0 ? 0 : data[base + i * stride]!;
    }
    for (let k = 0; k < n; k++) {
      let sum = 0;
      const at = k + origin + left;
      for (let j = 0; j < F; j++) sum += taps[j]! * ext[at - j * dilation]!;
      out[base + k * stride] = sum;
    }
  }
  return out;
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
 * where samples before the line equal its first and after it its last.
 */
export function recursiveAxis(data: Float64Array, size: readonly [number, number, number], axis: number, c: RecursiveCoefficients): Float64Array {
  const out = new Float64Array(data.length);
  const { n, stride, count, start } = lines(size, axis);
  const x = new Float64Array(n), yc = new Float64Array(n), ya = new Float64Array(n);
  const [n0, n1, n2, n3, d1, d2, d3, d4, m1, m2, m3, m4, bn1, bn2, bn3, bn4, bm1, bm2, bm3, bm4] = c as unknown as number[];
  for (let p = 0; p < count; p++) {
    const base = start(p);
    for (let i = 0; i < n; i++) x[i] = data[base + i * stride]!;
    const first = x[0]!, last = x[n - 1]!;
    // Causal pass; the first four outputs see the edge value before the line.
    yc[0] = first * n0! + first * n1! + first * n2! + first * n3! - (first * bn1! + first * bn2! + first * bn3! + first * bn4!);
    yc[1] = x[1]! * n0! + first * n1! + first * n2! + first * n3! - (yc[0]! * d1! + first * bn2! + first * bn3! + first * bn4!);
    yc[2] = x[2]! * n0! + x[1]! * n1! + first * n2! + first * n3! - (yc[1]! * d1! + yc[0]! * d2! + first * bn3! + first * bn4!);
    yc[3] = x[3]! * n0! + x[2]! * n1! + x[1]! * n2! + first * n3! - (yc[2]! * d1! + yc[1]! * d2! + yc[0]! * d3! + first * bn4!);
    for (let i = 4; i < n; i++) {
      yc[i] = x[i]! * n0! + x[i - 1]! * n1! + x[i - 2]! * n2! + x[i - 3]! * n3! - (yc[i - 1]! * d1! + yc[i - 2]! * d2! + yc[i - 3]! * d3! + yc[i - 4]! * d4!);
    }
    // Anti-causal pass, mirrored.
    const e = n - 1;
    ya[e] = last * m1! + last * m2! + last * m3! + last * m4! - (last * bm1! + last * bm2! + last * bm3! + last * bm4!);
    ya[e - 1] = x[e]! * m1! + last * m2! + last * m3! + last * m4! - (ya[e]! * d1! + last * bm2! + last * bm3! + last * bm4!);
    ya[e - 2] = x[e - 1]! * m1! + x[e]! * m2! + last * m3! + last * m4! - (ya[e - 1]! * d1! + ya[e]! * d2! + last * bm3! + last * bm4!);
    ya[e - 3] = x[e - 2]! * m1! + x[e - 1]! * m2! + x[e]! * m3! + last * m4! - (ya[e - 2]! * d1! + ya[e - 1]! * d2! + ya[e]! * d3! + last * bm4!);
    for (let i = e - 4; i >= 0; i--) {
      ya[i] = x[i + 1]! * m1! + x[i + 2]! * m2! + x[i + 3]! * m3! + x[i + 4]! * m4! - (ya[i + 1]! * d1! + ya[i + 2]! * d2! + ya[i + 3]! * d3! + ya[i + 4]! * d4!);
    }
    for (let i = 0; i < n; i++) out[base + i * stride] = yc[i]! + ya[i]!;
  }
  return out;
}
