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
import { shiftBox, type BoundingBox, type Vec3, type Volume } from "../volume.js";
import { separable, type AxisPass } from "./grid.js";
import { requireSigma } from "./ibsi.js";
import { recursiveGaussian } from "./recursive-gaussian.js";
import type { ImageType, ResponseMap } from "./types.js";

/** A float as Python's str() writes it (1 → "1.0"), as PyRadiomics names the image. */
function pythonFloat(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

/** Column prefix of the LoG image of width σ mm. */
export function logName(sigma: number): string {
  return `log-sigma-${pythonFloat(sigma).replace(".", "-")}-mm-3D`;
}

/** PyRadiomics' size rules, as errors: ≥ 4 voxels per axis and ≥ ⌈σ/spacing⌉ + 1. */
function checkSize(image: Volume, settings: Settings): void {
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

/** The region in the coordinates of a volume already cut to it along `cut` axes. */
function relative(region: BoundingBox, cut: number[]): BoundingBox {
  return shiftBox(region, [0, 1, 2].map((a) => (cut.includes(a) ? region.lower[a]! : 0)) as Vec3);
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
      const pass = (axis: number, order: 0 | 2): AxisPass => {
        const c = recursiveGaussian(sigma, image.spacing[axis]!, order, true);
        return [axis, (v, keep) => kernels.recursiveAxis(v.data, v.size, axis, c, keep)];
      };
      // ∂²/∂x² G, ∂²/∂y² G and ∂²/∂z² G share their passes along x (S: smoothing, D: second
      // derivative): Dx → Sy → Sz, then Sx → Dy → Sz and Sx → Sy → Dz. The passes commute; only
      // rounding differs from ITK's order (the derivative first). Each term is added as soon
      // as it is done, so few whole-image intermediates are alive at once.
      const scale = (d: number) => 1 / (image.spacing[d]! * image.spacing[d]!);
      // The first term, scaled in place, is the sum (0 + …: as if added to zeros).
      const geometry = separable(image, region, [pass(0, 2), pass(1, 0), pass(2, 0)]);
      const sum = geometry.data;
      const first = scale(0);
      for (let i = 0; i < sum.length; i++) sum[i] = 0 + sum[i]! * first;
      const add = (term: Float64Array, d: number) => {
        const s = scale(d);
        for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + term[i]! * s;
      };
      const smoothX = separable(image, region, [pass(0, 0)], false);
      add(separable(smoothX, relative(region, [0]), [pass(1, 2), pass(2, 0)]).data, 1);
      add(separable(separable(smoothX, relative(region, [0]), [pass(1, 0)], false), relative(region, [0, 1]), [pass(2, 2)]).data, 2);
      yield { name: logName(sigma), image: geometry };
    }
  },
};
