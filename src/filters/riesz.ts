/**
 * Riesz image types (IBSI 2 Riesz transform, AYRS): the order-L Riesz transform
 * R^l(ν) = (−j)^L·√(L!/(l₁!⋯l_D!))·ν₁^{l₁}⋯ν_D^{l_D}/‖ν‖^L (L = Σl, `rieszOrder` per
 * filtered axis, x first), applied in the frequency domain to the Simoncelli band of
 * `level` (RieszSimoncelli) or to the IBSI Laplacian of Gaussian of each `sigma`
 * (RieszLaplacianOfGaussian), on the grid of the image continued by `filterBoundary`;
 * the real part of the result. The structure-tensor alignment of the manual (no consensus
 * reference exists for it) is not offered.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { factorial } from "../math/special.js";
import type { Settings } from "../settings.js";
import { dimensionTag, filterAxes, nameNumber, requireSigma } from "./ibsi.js";
import { wholeRegion } from "./grid.js";
import { laplacianOfGaussianResponse } from "./laplacian-of-gaussian.js";
import { simoncelliBand } from "./simoncelli.js";
import { extend, filterSpectrum, halfMargin, regionOf, transferOn, type Extended } from "./spectral.js";
import type { ImageType, ResponseMap } from "./types.js";
import type { Kernels } from "../kernels/types.js";

function order(settings: Settings, type: string): number[] {
  const l = settings.rieszOrder;
  if (!l || l.length !== settings.filterDimensions) {
    throw new RadiomicsError(
      "INVALID_SETTING",
      l ? `setting "rieszOrder" = ${JSON.stringify(l)} has ${l.length} orders, and filterDimensions is ${settings.filterDimensions}: one per filtered axis`
        : `image type ${type} needs the setting "rieszOrder" (one order per axis, x first, e.g. rieszOrder: [0, 2, 0])`,
      { key: "rieszOrder", value: l },
    );
  }
  return l;
}

/** Real and imaginary parts of R^l(ν) (zero at ν = 0). */
function rieszTransfer(l: number[]): (nu: number[]) => [number, number] {
  const L = l.reduce((a, b) => a + b, 0);
  const scale = Math.sqrt(factorial(L) / l.reduce((p, li) => p * factorial(li), 1));
  // (−j)^L cycles through 1, −j, −1, j.
  const [cr, ci] = [[1, 0], [0, -1], [-1, 0], [0, 1]][L % 4]!;
  return (nu) => {
    const norm = Math.hypot(...nu);
    if (norm === 0) return [0, 0];
    let m = scale;
    for (let i = 0; i < l.length; i++) m *= (nu[i]! / norm) ** l[i]!;
    return [m * cr!, m * ci!];
  };
}

/** `base` (a transfer function, or 1) times R^l on the grid, then filtered. */
function rieszFiltered(grid: Extended, axes: number[], l: number[], base: ((nu: number[]) => number) | null, kernels: Kernels): Float64Array {
  const riesz = rieszTransfer(l);
  const transfer = transferOn(grid, axes, (nu) => {
    const [re, im] = riesz(nu), b = base ? base(nu) : 1;
    return [re * b, im * b] as const;
  });
  return filterSpectrum(grid, axes, [transfer], kernels);
}

const orderTag = (l: number[]) => `l-${l.join("-")}`;

export const rieszSimoncelli: ImageType = {
  name: "RieszSimoncelli",
  mapNames: (settings) => [`riesz-simoncelli-level-${settings.level}-${orderTag(order(settings, "RieszSimoncelli"))}-${dimensionTag(settings)}`],
  *responses({ image, region, settings, kernels }) {
    const axes = filterAxes(settings);
    const grid = extend(image, axes, settings.filterBoundary, halfMargin(image.size, axes));
    const filtered = rieszFiltered(grid, axes, order(settings, "RieszSimoncelli"), (nu) => simoncelliBand(Math.hypot(...nu), settings.level), kernels);
    yield { name: this.mapNames(settings, image)[0]!, image: regionOf(grid, filtered, image, region) };
  },
};

export const rieszLaplacianOfGaussian: ImageType = {
  name: "RieszLaplacianOfGaussian",
  mapNames(settings) {
    const l = order(settings, "RieszLaplacianOfGaussian");
    return requireSigma(settings, "RieszLaplacianOfGaussian").map((s) => `riesz-laplacianofgaussian-sigma-${nameNumber(s)}-mm-${orderTag(l)}-${dimensionTag(settings)}`);
  },
  *responses({ image, region, settings, kernels }): Generator<ResponseMap> {
    const axes = filterAxes(settings);
    const names = this.mapNames(settings, image);
    const grid = extend(image, axes, settings.filterBoundary, halfMargin(image.size, axes));
    for (const [index, sigmaMm] of settings.sigma.entries()) {
      // The IBSI LoG of the whole extended grid, then the Riesz transform.
      const log = laplacianOfGaussianResponse({ ...image, size: grid.size, data: grid.data }, wholeRegion(grid.size), sigmaMm, settings, kernels).data;
      const filtered = rieszFiltered({ ...grid, data: log }, axes, order(settings, "RieszLaplacianOfGaussian"), null, kernels);
      yield { name: names[index]!, image: regionOf(grid, filtered, image, region) };
    }
  },
};
