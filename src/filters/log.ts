/**
 * LoG image type (PyRadiomics `log-sigma-<σ>-mm-3D`): the scale-normalised Laplacian of
 * a Gaussian of width σ mm, σ²·∇²(G_σ ∗ I), as ITK's `LaplacianRecursiveGaussianImageFilter`
 * computes it for PyRadiomics: for each axis d, the recursive second derivative along d and
 * the recursive Gaussian along the other axes (ascending), divided by spacing_d², summed
 * over the axes. Lines are continued by their edge values. IBSI 2 defines its own LoG
 * (a truncated convolution kernel, code L6PA); this is PyRadiomics' recursive one.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Settings } from "../settings.js";
import type { AxisCoefficients } from "../kernels/filters.js";
import { enclosingBox, indexToWorld, padBox, type BoundingBox, type Vec3 } from "../volume.js";
import { requireSigma } from "./ibsi.js";
import { recursiveGaussian, recursiveReach } from "./recursive-gaussian.js";
import type { ImageExtent, ImageType, ResponseMap } from "./types.js";

/** A float as Python's str() writes it (1 → "1.0"), as PyRadiomics names the image. */
function pythonFloat(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

/** Column prefix of the LoG image of width σ mm. */
export function logName(sigma: number): string {
  return `log-sigma-${pythonFloat(sigma).replace(".", "-")}-mm-3D`;
}

/** PyRadiomics' size rules, as errors: ≥ 4 voxels per axis and ≥ ⌈σ/spacing⌉ + 1. */
function checkSize(image: ImageExtent, settings: Settings): void {
  requireSigma(settings, "LoG");
  if (Math.min(...image.size) < 4) {
    throw new RadiomicsError("INVALID_SETTING", `image type LoG needs at least 4 voxels along every axis; the image is ${image.size.join(" × ")}`, { key: "sigma", size: image.size });
  }
  for (const sigma of settings.sigma) {
    const needed = image.spacing.map((s) => Math.ceil(sigma / s) + 1);
    if (needed.some((n, a) => image.size[a]! < n)) {
      throw new RadiomicsError(
        "INVALID_SETTING",
        `setting "sigma" = ${sigma} mm is too wide for an image of ${image.size.join(" × ")} voxels of ${image.spacing.join(" × ")} mm: ` +
          `each axis needs ⌈σ/spacing⌉ + 1 voxels (${needed.join(", ")}); use a smaller sigma`,
        { key: "sigma", value: sigma, size: image.size, spacing: image.spacing },
      );
    }
  }
}

/**
 * The box of the image that the region's LoG reads: along each axis, the region ± the reach
 * of that axis' passes ({@link recursiveReach}), where that stays inside the image. The
 * cut lines are continued by their edge values there, as whole lines are at the image's
 * ends. What the cut lets go is below the passes' own rounding, which it only steers
 * another way: the region's values are the whole image's to a few units in their last
 * place (as ITK's order of the passes, not ours, would give). Time and memory follow the
 * region, not the image: a 512 × 512 × 120 CT with a tumour of 70 k voxels, LoG σ 1, 2,
 * 3 mm in 65 instead of 400 ms. Lines keep at least 4 samples.
 */
function reachOf(image: ImageExtent, region: BoundingBox, [smooth, second]: Passes): BoundingBox {
  let box = region;
  for (let axis = 0; axis < 3; axis++) box = padBox(box, Math.max(recursiveReach(smooth[axis]!), recursiveReach(second[axis]!)), image.size, [axis]);
  // A line shorter than 4 samples (a σ far below the spacing reaches a voxel or two) takes the whole axis.
  const short = [0, 1, 2].filter((axis) => box.upper[axis]! - box.lower[axis]! < 3);
  return short.length ? padBox(box, Math.max(...image.size), image.size, short) : box;
}

/** The recursive Gaussian's passes of width σ mm along each axis: smoothing, and the second derivative. */
type Passes = [smooth: AxisCoefficients, second: AxisCoefficients];

function passes(sigma: number, spacing: Vec3): Passes {
  const along = (order: 0 | 2) => spacing.map((s) => recursiveGaussian(sigma, s, order, true)) as unknown as AxisCoefficients;
  return [along(0), along(2)];
}

export const log: ImageType = {
  name: "LoG",
  mapNames(settings, image) {
    if (image) checkSize(image, settings);
    return requireSigma(settings, "LoG").map(logName);
  },
  *responses({ image, region, settings, kernels, warn }): Generator<ResponseMap> {
    for (const sigma of settings.sigma) {
      const finest = Math.min(...image.spacing);
      if (sigma < finest) warn(`LoG sigma ${sigma} mm is smaller than the voxel spacing (${finest} mm): the filter is mostly sampling noise`);
      // ∂²/∂x² G, ∂²/∂y² G and ∂²/∂z² G, each divided by its axis' spacing², summed (see
      // recursiveLaplacian: the x passes are shared, and only the region is kept). The passes
      // commute; only rounding differs from ITK's order (the derivative first).
      const weights = image.spacing.map((s) => 1 / (s * s)) as Vec3;
      const both = passes(sigma, image.spacing);
      const data = kernels.recursiveLaplacian(image.data, image.size, region, ...both, weights, reachOf(image, region, both));
      const size = region.upper.map((u, a) => u - region.lower[a]! + 1) as Vec3;
      yield { name: logName(sigma), image: { ...image, data, size, origin: indexToWorld(image, region.lower) }, scratch: true };
    }
  },
  reads: (region, image, settings) => requireSigma(settings, "LoG").map((sigma) => reachOf(image, region, passes(sigma, image.spacing))).reduce(enclosingBox),
};
