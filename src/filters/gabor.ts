/**
 * Gabor image type (IBSI 2 Gabor filter, Q88H): per slice, the modulus of the convolution
 * with g(k) = exp(−(k̃₁² + γ²k̃₂²)/(2σ²))·exp(j2πk̃₁/λ), (k̃₁, k̃₂) = R_θ(k₁, k₂),
 * R_θ = [[cos θ, sin θ], [sin θ, −cos θ]], σ = `gaborSigma` and λ = `gaborLambda` (mm) in
 * voxels of the plane's first axis, γ = `gaborGamma`. The kernel is not truncated: it spans
 * the slice (N + 1 samples along an axis of even length N, N along an odd one), so the
 * convolution runs in the frequency domain on the slice continued by `filterBoundary`.
 * θ = `gaborTheta`; with `rotationInvariance`, θ = 0, Δθ, 2Δθ … below 2π (`gaborThetaStep`)
 * pooled by `pooling` (θ and θ + π give the same modulus, so each pair is computed once).
 * Slices lie across force2Ddimension (axial by default), or, with `gaborOrthogonalPlanes`,
 * in each of the three orthogonal planes, the three maps averaged.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Kernels } from "../kernels/types.js";
import type { Settings } from "../settings.js";
import type { Volume } from "../volume.js";
import { asFloat64 } from "./grid.js";
import { filterAxes, finishPool, nameNumber, poolInto } from "./ibsi.js";
import { spectralMargin } from "./simoncelli.js";
import { extend, filterSpectrum, regionOf, transformShape, type Extended } from "./spectral.js";
import type { ImageType } from "./types.js";

function check(settings: Settings): void {
  for (const key of ["gaborSigma", "gaborLambda"] as const) {
    if (settings[key] === null) {
      throw new RadiomicsError("INVALID_SETTING", `image type Gabor needs the setting "${key}" (in mm, e.g. gaborSigma: 5, gaborLambda: 2)`, { key });
    }
  }
}

function name(settings: Settings): string {
  const parts = [`gabor-sigma-${nameNumber(settings.gaborSigma!)}-mm-lambda-${nameNumber(settings.gaborLambda!)}-mm-gamma-${nameNumber(settings.gaborGamma)}`];
  parts.push(settings.rotationInvariance ? `invariant-${settings.pooling}` : `theta-${nameNumber(+settings.gaborTheta.toFixed(6))}`);
  parts.push(settings.gaborOrthogonalPlanes ? "3planes" : "2D");
  return parts.join("-");
}

/** The orientations to pool: one of each pair θ, θ + π, below 2π. */
function orientations(settings: Settings): number[] {
  if (!settings.rotationInvariance) return [settings.gaborTheta];
  const count = Math.round((2 * Math.PI) / settings.gaborThetaStep);
  const all = Array.from({ length: count }, (_, n) => n * settings.gaborThetaStep);
  return count % 2 === 0 ? all.slice(0, count / 2) : all;
}

/** Real and imaginary parts of the spectrum of the kernel of orientation θ on one plane of the grid. */
function kernelSpectrum(grid: Extended, plane: number[], image: Volume, settings: Settings, theta: number, kernels: Kernels): [Float64Array, Float64Array] {
  const shape = transformShape(grid, plane);
  const unit = image.spacing[plane[0]!]!;
  const sigma = settings.gaborSigma! / unit, lambda = settings.gaborLambda! / unit, gamma = settings.gaborGamma;
  const [c, s] = [Math.cos(theta), Math.sin(theta)];
  const re = new Float64Array(shape[0] * shape[1]), im = new Float64Array(shape[0] * shape[1]);
  const half = plane.map((a) => Math.floor(image.size[a]! / 2));
  for (let k2 = -half[1]!; k2 <= half[1]!; k2++) {
    for (let k1 = -half[0]!; k1 <= half[0]!; k1++) {
      const t1 = c * k1 + s * k2, t2 = s * k1 - c * k2;
      const envelope = Math.exp(-(t1 * t1 + gamma * gamma * t2 * t2) / (2 * sigma * sigma));
      // Centre at index 0 of the grid, negative offsets wrapped around.
      const n = ((k1 + shape[0]) % shape[0]) + shape[0] * ((k2 + shape[1]) % shape[1]);
      re[n] = envelope * Math.cos((2 * Math.PI * t1) / lambda);
      im[n] = envelope * Math.sin((2 * Math.PI * t1) / lambda);
    }
  }
  kernels.fft3d(re, im, shape);
  return [re, im];
}

/** The pooled response of every orientation in one plane, on the region. */
function planeResponse(image: Volume, region: Parameters<ImageType["responses"]>[0]["region"], plane: number[], settings: Settings, kernels: Kernels): Volume<Float64Array> {
  const grid = extend(asFloat64(image), plane, settings.filterBoundary, spectralMargin(image.size, plane));
  const thetas = orientations(settings);
  let pooled: Volume<Float64Array> | null = null;
  for (const theta of thetas) {
    const [re, im] = kernelSpectrum(grid, plane, image, settings, theta, kernels);
    const modulus = regionOf(grid, filterSpectrum(grid, plane, re, im, kernels, true), image, region);
    if (!pooled) pooled = modulus;
    else poolInto(pooled.data, modulus.data, settings.pooling);
  }
  return { ...pooled!, data: finishPool(pooled!.data, thetas.length, settings.pooling) };
}

export const gabor: ImageType = {
  name: "Gabor",
  mapNames(settings) {
    check(settings);
    return [name(settings)];
  },
  *responses({ image, region, settings, kernels }) {
    check(settings);
    const planes = settings.gaborOrthogonalPlanes ? [[0, 1], [0, 2], [1, 2]] : [filterAxes({ ...settings, filterDimensions: 2 })];
    let sum: Volume<Float64Array> | null = null;
    for (const plane of planes) {
      const map = planeResponse(image, region, plane, settings, kernels);
      if (!sum) sum = map;
      else for (let i = 0; i < sum.data.length; i++) sum.data[i] = sum.data[i]! + map.data[i]!;
    }
    yield { name: name(settings), image: { ...sum!, data: sum!.data.map((v) => v / planes.length) } };
  },
};
