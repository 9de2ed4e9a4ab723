/**
 * Spatial autocorrelation sums for Moran's I and Geary's C (IBSI morphology): over all
 * pairs of ROI voxels k₁ ≠ k₂ with weight w = 1/‖x_{k₁} − x_{k₂}‖ (world distance),
 * S_w = Σ w, S_moran = Σ w z₁ z₂ and S_geary = Σ w (z₁ − z₂)², where z = X − μ.
 *
 * The pair sums are correlations with the kernel w over the ROI's box, so they are
 * computed exactly (to rounding) by FFT convolution in O(N log N) over the box padded to
 * twice its size, instead of O(n²) over voxel pairs (6·10⁹ pairs for the IBSI CT
 * phantom): with Z = z inside the ROI and M = the ROI indicator,
 * S_moran = Σ Z·(w ∗ Z), S_w = Σ M·(w ∗ M), S_geary = 2 Σ Z²·(w ∗ M) − 2 S_moran.
 * Z and M travel as the real and imaginary parts of one transform; w is even, so its
 * transform is real. Memory: two complex arrays of the padded box (about 130 MB for a
 * 100 × 100 × 30 box).
 * @module
 */
import { nextPowerOfTwo } from "../math/fft.js";
import type { Kernels } from "./types.js";

/** The three pair sums over voxels at integer positions (i, j, k) inside a box of `size`, with the given spacing. */
export function autocorrelationSums(
  positions: Int32Array,
  centred: Float64Array,
  size: readonly [number, number, number],
  spacing: readonly [number, number, number],
  kernels: Kernels,
): { weights: number; moran: number; geary: number } {
  const padded = size.map((s) => nextPowerOfTwo(2 * s - 1)) as [number, number, number];
  const [mx, my, mz] = padded;
  const total = mx * my * mz;
  const fieldRe = new Float64Array(total), fieldIm = new Float64Array(total);
  for (let a = 0; a < centred.length; a++) {
    const p = positions[3 * a]! + mx * (positions[3 * a + 1]! + my * positions[3 * a + 2]!);
    fieldRe[p] = centred[a]!;
    fieldIm[p] = 1;
  }
  // The kernel at every offset within the box, negative offsets wrapped around.
  const kernelRe = new Float64Array(total), kernelIm = new Float64Array(total);
  const [nx, ny, nz] = size;
  for (let dk = -(nz - 1); dk < nz; dk++) {
    for (let dj = -(ny - 1); dj < ny; dj++) {
      for (let di = -(nx - 1); di < nx; di++) {
        const d2 = (di * spacing[0]) ** 2 + (dj * spacing[1]) ** 2 + (dk * spacing[2]) ** 2;
        if (d2 === 0) continue;
        kernelRe[(di + mx) % mx + mx * ((dj + my) % my + my * ((dk + mz) % mz))] = 1 / Math.sqrt(d2);
      }
    }
  }
  kernels.fft3d(fieldRe, fieldIm, padded);
  kernels.fft3d(kernelRe, kernelIm, padded);
  for (let p = 0; p < total; p++) {
    fieldRe[p]! *= kernelRe[p]!;
    fieldIm[p]! *= kernelRe[p]!;
  }
  kernels.fft3d(fieldRe, fieldIm, padded, true);
  let weights = 0, moran = 0, squares = 0;
  for (let a = 0; a < centred.length; a++) {
    const p = positions[3 * a]! + mx * (positions[3 * a + 1]! + my * positions[3 * a + 2]!);
    const z = centred[a]!;
    moran += z * fieldRe[p]!;
    weights += fieldIm[p]!;
    squares += z * z * fieldIm[p]!;
  }
  return { weights, moran, geary: 2 * squares - 2 * moran };
}
