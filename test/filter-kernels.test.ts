/**
 * The filter kernels on cases small enough to count by hand: boundary continuation,
 * convolution placement and dilation, and the recursive Gaussian's gains (a constant
 * passes unchanged through the smoother and vanishes under the second derivative, and
 * the second derivative of x²/2 is 1), and the recursive Laplacian of a quadratic.
 */
import { describe, expect, it } from "vitest";
import { convolveAxis, extendIndex, recursiveAxis, recursiveLaplacian, type AxisCoefficients } from "../src/kernels/filters.js";
import { fft3d } from "../src/math/fft.js";
import { recursiveGaussian } from "../src/filters/recursive-gaussian.js";
import { LBP_METHODS, lbpOffsets, localBinaryPattern2D, type LbpMethod } from "../src/kernels/lbp.js";

describe("boundary continuation (IBSI 2)", () => {
  const n = 4; // samples a b c d at 0…3
  const at = (boundary: Parameters<typeof extendIndex>[2]) => [-5, -4, -3, -2, -1, 4, 5, 6, 7, 8].map((i) => extendIndex(i, n, boundary));
  it("zero, nearest, periodic and mirror", () => {
    expect(at("zero")).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1]);
    expect(at("nearest")).toEqual([0, 0, 0, 0, 0, 3, 3, 3, 3, 3]);
    expect(at("periodic")).toEqual([3, 0, 1, 2, 3, 0, 1, 2, 3, 0]);
    // … c b a | a b c d | d c b a | a …
    expect(at("mirror")).toEqual([3, 3, 2, 1, 0, 3, 2, 1, 0, 0]);
  });
});

describe("convolveAxis", () => {
  const line = Float64Array.of(1, 2, 4, 8, 16);
  it("places the filter by its origin: out[k] = Σ taps[j]·x[k + origin − j]", () => {
    // Central difference (x[k+1] − x[k−1]) / 2 with edge continuation.
    expect(Array.from(convolveAxis(line, [5, 1, 1], 0, Float64Array.of(0.5, 0, -0.5), 1, 1, "nearest"))).toEqual([0.5, 1.5, 3, 6, 4]);
    // Haar-like pair with PyWavelets' origin ⌊2/2⌋ = 1, periodic: x[k+1] + x[k].
    expect(Array.from(convolveAxis(line, [5, 1, 1], 0, Float64Array.of(1, 1), 1, 1, "periodic"))).toEqual([3, 6, 12, 24, 17]);
  });
  it("spreads the taps by the dilation (à trous)", () => {
    // x[k+2] − x[k−2] with zero continuation.
    expect(Array.from(convolveAxis(line, [5, 1, 1], 0, Float64Array.of(1, 0, -1), 2, 2, "zero"))).toEqual([4, 8, 15, -2, -4]);
  });
  it("runs along y and z as along x", () => {
    const volume = Float64Array.from({ length: 2 * 3 * 2 }, (_, i) => i * i);
    const y = convolveAxis(volume, [2, 3, 2], 1, Float64Array.of(1, -1), 0, 1, "zero");
    // out = x[y] − x[y−1] along y, for x = 0, z = 0: 0, 4 − 0, 16 − 4.
    expect([y[0], y[2], y[4]]).toEqual([0, 4, 12]);
    const z = convolveAxis(volume, [2, 3, 2], 2, Float64Array.of(1, -1), 0, 1, "zero");
    expect([z[1], z[7]]).toEqual([1, 49 - 1]);
  });
});

describe("recursive Gaussian (Deriche, ITK normalisation)", () => {
  const n = 64;
  it("smooths a constant to itself and takes its second derivative to zero", () => {
    const constant = new Float64Array(n).fill(7);
    const smooth = recursiveAxis(constant, [n, 1, 1], 0, recursiveGaussian(2, 1, 0, false));
    const second = recursiveAxis(constant, [n, 1, 1], 0, recursiveGaussian(2, 1, 2, false));
    for (let i = 0; i < n; i++) {
      expect(smooth[i]).toBeCloseTo(7, 9);
      expect(second[i]).toBeCloseTo(0, 9);
    }
  });
  it("gives the second derivative of x²/2 as 1 away from the ends, σ² times that when normalised", () => {
    const parabola = Float64Array.from({ length: n }, (_, i) => ((i - 32) ** 2) / 2);
    const second = recursiveAxis(parabola, [n, 1, 1], 0, recursiveGaussian(2, 1, 2, false));
    const scaled = recursiveAxis(parabola, [n, 1, 1], 0, recursiveGaussian(2, 1, 2, true));
    for (let i = 24; i < 40; i++) {
      expect(second[i]).toBeCloseTo(1, 6);
      expect(scaled[i]).toBeCloseTo(4, 5);
    }
  });
  it("takes the scale-normalised Laplacian of X² + 2Y² + 3Z² (physical coordinates) as 12σ² away from the edges", () => {
    const n = 64, sigma = 1.5, spacing = [1, 0.8, 1.2] as const;
    const data = new Float64Array(n * n * n);
    for (let z = 0, i = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++, i++) {
      data[i] = (x * spacing[0]) ** 2 + 2 * (y * spacing[1]) ** 2 + 3 * (z * spacing[2]) ** 2;
    }
    const along = (order: 0 | 2) => spacing.map((s) => recursiveGaussian(sigma, s, order, true)) as unknown as AxisCoefficients;
    // Σ_d (1/spacing_d²) · σ² ∂²/∂d² in samples = σ² (2 + 4 + 6), at the centre 8³ voxels.
    const region = { lower: [28, 28, 28] as [number, number, number], upper: [35, 35, 35] as [number, number, number] };
    const out = recursiveLaplacian(data, [n, n, n], region, along(0), along(2), spacing.map((s) => 1 / (s * s)) as [number, number, number]);
    expect(out).toHaveLength(512);
    for (const v of out) expect(v).toBeCloseTo(12 * sigma * sigma, 6);
  });

  it("approximates a sampled Gaussian's impulse response (σ = 3 samples) to 1 % of its peak", () => {
    const impulse = new Float64Array(n);
    impulse[32] = 1;
    const response = recursiveAxis(impulse, [n, 1, 1], 0, recursiveGaussian(3, 1, 0, false));
    const peak = 1 / (3 * Math.sqrt(2 * Math.PI));
    for (let i = 20; i < 45; i++) expect(Math.abs(response[i]! - peak * Math.exp(-((i - 32) ** 2) / 18))).toBeLessThan(0.01 * peak);
  });
});

describe("local binary patterns (2-D)", () => {
  // A 4 × 4 slice (rows y, columns x) and the codes scikit-image 0.19.3's
  // local_binary_pattern gives for it (P = 8, R = 1; and P = 6, R = 1.5 uniform).
  const slice = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 5, 2, 8);
  const expected: Record<LbpMethod, number[]> = {
    default: [225, 225, 225, 96, 193, 225, 225, 96, 1, 1, 1, 0, 143, 14, 31, 12],
    ror: [15, 15, 15, 3, 7, 15, 15, 3, 1, 1, 1, 0, 31, 7, 31, 3],
    uniform: [4, 4, 4, 2, 3, 4, 4, 2, 1, 1, 1, 0, 5, 3, 5, 2],
    var: [
      3.645620396400257, 5.021468427137464, 6.544683095781213, 7.9188758623638, 11.214503911149441, 8.500038692849998, 8.500038692849998, 15.04502042621819,
      10.81815054169418, 4.591986416718356, 7.666573268400754, 12.107120800085951, 11.976925067547004, 14.450281396392782, 16.0889433970207, 17.99794195262026,
    ],
  };
  it.each(LBP_METHODS)("%s codes as scikit-image's", (method) => {
    const codes = Array.from(localBinaryPattern2D(slice, [4, 4, 1], 1, 0, lbpOffsets(1, 8), method));
    codes.forEach((c, i) => expect(c).toBeCloseTo(expected[method][i]!, 12));
  });
  it("uniform codes with 6 samples on a circle of radius 1.5", () => {
    expect(Array.from(localBinaryPattern2D(slice, [4, 4, 1], 1, 0, lbpOffsets(1.5, 6), "uniform"))).toEqual([3, 3, 2, 1, 2, 3, 2, 1, 1, 1, 0, 0, 3, 3, 4, 1]);
  });
  it("takes slices across any axis: the same slice laid in the x–z plane gives the same codes", () => {
    // Rows along z, columns along x: voxel (x, 0, z) holds slice[z][x].
    const xz = new Float64Array(16);
    for (let z = 0; z < 4; z++) for (let x = 0; x < 4; x++) xz[x + 4 * z] = slice[4 * z + x]!;
    expect(Array.from(localBinaryPattern2D(xz, [4, 1, 4], 2, 0, lbpOffsets(1, 8), "uniform"))).toEqual(expected.uniform);
  });
});

describe("FFT of any length (Bluestein)", () => {
  it("equals the direct DFT on lengths 3, 5, 12 and 17, and inverts", () => {
    for (const n of [3, 5, 12, 17]) {
      const re = Float64Array.from({ length: n }, (_, k) => Math.sin(k * 1.3) + k / n);
      const im = Float64Array.from({ length: n }, (_, k) => Math.cos(k * 0.7));
      const [r, i] = [re.slice(), im.slice()];
      fft3d(r, i, [n, 1, 1]);
      for (let f = 0; f < n; f++) {
        let sr = 0, si = 0;
        for (let k = 0; k < n; k++) {
          const a = (-2 * Math.PI * f * k) / n;
          sr += re[k]! * Math.cos(a) - im[k]! * Math.sin(a);
          si += re[k]! * Math.sin(a) + im[k]! * Math.cos(a);
        }
        expect(r[f]).toBeCloseTo(sr, 10);
        expect(i[f]).toBeCloseTo(si, 10);
      }
      fft3d(r, i, [n, 1, 1], true);
      for (let k = 0; k < n; k++) expect(r[k]).toBeCloseTo(re[k]!, 12);
    }
  });
});
