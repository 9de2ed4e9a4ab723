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
import { RadiomicsError } from "../errors.js";
import type { Settings } from "../settings.js";
import { separable, type AxisPass } from "./grid.js";
import { dimensionTag, filterAxes, nameNumber } from "./ibsi.js";
import type { ImageType, ResponseMap } from "./types.js";

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
  mapNames(settings) {
    if (settings.sigma.length === 0) {
      throw new RadiomicsError("INVALID_SETTING", `image type LaplacianOfGaussian needs the setting "sigma" (widths in mm, e.g. sigma: [1.5])`, { key: "sigma" });
    }
    return settings.sigma.map((s) => name(s, settings));
  },
  *responses({ image, region, settings, kernels }): Generator<ResponseMap> {
    const axes = filterAxes(settings);
    const source = image;
    for (const sigmaMm of settings.sigma) {
      const pass = (axis: number, order: 0 | 2): AxisPass => {
        const taps = gaussianTaps(sigmaMm / image.spacing[axis]!, settings.logCutoff, order);
        return [axis, (v, keep) => kernels.convolveAxis(v.data, v.size, axis, taps, (taps.length - 1) / 2, 1, settings.filterBoundary, keep)];
      };
      let sum: Float64Array | null = null;
      let geometry: ResponseMap["image"] | null = null;
      for (const d of axes) {
        const term = separable(source, region, axes.map((a) => pass(a, a === d ? 2 : 0)));
        if (!sum) sum = term.data;
        else for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + term.data[i]!;
        geometry = term;
      }
      yield { name: name(sigmaMm, settings), image: { ...geometry!, data: sum! } };
    }
  },
};
