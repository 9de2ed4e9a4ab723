/**
 * LaplacianOfGaussian image type (IBSI 2 LoG, L6PA):
 * g(k) = −(1/σ²)·(1/(√(2π)σ))^D·(D − ‖k‖²/σ²)·e^{−‖k‖²/(2σ²)}, σ = σ* ÷ spacing in voxels
 * per axis, truncated to a support of M = 1 + 2⌊dσ + ½⌋ voxels per axis (d = `logCutoff`),
 * convolved with the image continued by `filterBoundary`; D = 3, or 2 per slice.
 * The kernel is the sum over axes a of g₂(k_a)·Π_{b≠a} g₀(k_b), with
 * g₀(x) = e^{−x²/(2σ²)}/(√(2π)σ) and g₂(x) = g₀(x)·(x²/σ⁴ − 1/σ²), so each term is three
 * 1-D convolutions; the cube truncation is the same. One map per `sigma` (mm).
 * @module
 */
import type { Settings } from "../settings.js";
import { separable, type AxisPass } from "./grid.js";
import { dimensionTag, filterAxes, nameNumber, requireSigma } from "./ibsi.js";
import type { ImageType, ResponseMap } from "./types.js";
import type { Kernels } from "../kernels/types.js";
import type { BoundingBox, Volume } from "../volume.js";

const name = (sigma: number, settings: Settings) => `laplacianofgaussian-sigma-${nameNumber(sigma)}-mm-${dimensionTag(settings)}`;

/** Sampled g₀ (order 0) or g₂ (order 2) of width σ voxels on M = 1 + 2⌊dσ + ½⌋ samples. */
export function gaussianTaps(sigma: number, cutoff: number, order: 0 | 2): Float64Array {
  const half = Math.floor(cutoff * sigma + 0.5);
  return Float64Array.from({ length: 2 * half + 1 }, (_, i) => {
    const x = i - half;
    const g = Math.exp(-(x * x) / (2 * sigma * sigma)) / (Math.sqrt(2 * Math.PI) * sigma);
    return order === 0 ? g : g * ((x * x) / sigma ** 4 - 1 / (sigma * sigma));
  });
}

export const laplacianOfGaussian: ImageType = {
  name: "LaplacianOfGaussian",
  mapNames: (settings) => requireSigma(settings, "LaplacianOfGaussian").map((s) => name(s, settings)),
  *responses({ image, region, settings, kernels }): Generator<ResponseMap> {
    for (const sigma of settings.sigma) yield { name: name(sigma, settings), image: laplacianOfGaussianResponse(image, region, sigma, settings, kernels) };
  },
};

/**
 * The IBSI LoG response of width `sigma` mm on `region`: for each filtered axis d, g₂
 * along d and g₀ along the others, summed over d (the terms added in axis order).
 */
export function laplacianOfGaussianResponse(image: Volume, region: BoundingBox, sigma: number, settings: Settings, kernels: Kernels): Volume<Float64Array> {
  const axes = filterAxes(settings);
  const pass = (axis: number, order: 0 | 2): AxisPass => {
    const taps = gaussianTaps(sigma / image.spacing[axis]!, settings.logCutoff, order);
    return [axis, (v, keep) => kernels.convolveAxis(v.data, v.size, axis, taps, (taps.length - 1) / 2, 1, settings.filterBoundary, keep)];
  };
  let sum: Volume<Float64Array> | null = null;
  for (const d of axes) {
    const term = separable(image, region, axes.map((a) => pass(a, a === d ? 2 : 0)));
    if (!sum) sum = term;
    else for (let i = 0; i < sum.data.length; i++) sum.data[i] = sum.data[i]! + term.data[i]!;
  }
  return sum!;
}
