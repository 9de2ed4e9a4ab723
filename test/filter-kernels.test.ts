/**
 * The filter kernels on cases small enough to count by hand: boundary continuation,
 * convolution placement and dilation, and the recursive Gaussian's gains (a constant
 * passes unchanged through the smoother and vanishes under the second derivative, and
 * the second derivative of x²/2 is 1).
 */
import { describe, expect, it } from "vitest";
import { convolveAxis, extendIndex, recursiveAxis } from "../src/kernels/filters.js";
import { recursiveGaussian } from "../src/filters/recursive-gaussian.js";

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
  it("approximates a sampled Gaussian's impulse response (σ = 3 samples) to 1 % of its peak", () => {
    const impulse = new Float64Array(n);
    impulse[32] = 1;
    const response = recursiveAxis(impulse, [n, 1, 1], 0, recursiveGaussian(3, 1, 0, false));
    const peak = 1 / (3 * Math.sqrt(2 * Math.PI));
    for (let i = 20; i < 45; i++) expect(Math.abs(response[i]! - peak * Math.exp(-((i - 32) ** 2) / 18))).toBeLessThan(0.01 * peak);
  });
});
