/**
 * What the resampler shares with the kernels that run it: the names of the methods and the
 * mirrored boundary of B-spline sampling (a module of its own, so that neither imports the
 * other for them).
 * @module
 */

/** Interpolation methods. */
export type Interpolation = "nearest" | "linear" | "bspline";

/** How samples beyond the old grid are valued. */
export type Extrapolation = "nearest" | "zero";

/** Mirror an index into [0, n − 1] (whole-sample symmetric, period 2n − 2). */
export function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let m = ((i % period) + period) % period;
  if (m >= n) m = period - m;
  return m;
}
