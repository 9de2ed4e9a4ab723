/**
 * Gabor image type (IBSI 2 Gabor filter, Q88H): per slice, the modulus of the convolution
 * with g(k) = exp(−(k̃₁² + γ²k̃₂²)/(2σ²))·exp(j2πk̃₁/λ), (k̃₁, k̃₂) = R_θ(k₁, k₂),
 * R_θ = [[cos θ, sin θ], [sin θ, −cos θ]], σ = `gaborSigma` and λ = `gaborLambda` (mm) in
 * voxels of the plane's first axis, γ = `gaborGamma`. The kernel is not truncated: it spans
 * the slice (N + 1 samples along an axis of even length N, N along an odd one; in practice
 * to where its envelope vanishes in double precision), so the convolution runs in the
 * frequency domain on the slice continued by `filterBoundary`.
 * θ = `gaborTheta`; with `rotationInvariance`, θ = 0, Δθ, 2Δθ … below 2π (`gaborThetaStep`)
 * pooled by `pooling` (θ and θ + π give the same modulus, so each pair is computed once).
 * Slices lie across force2Ddimension (axial by default), or, with `gaborOrthogonalPlanes`,
 * in each of the three orthogonal planes, the three maps averaged.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Kernels } from "../kernels/types.js";
import type { Settings } from "../settings.js";
import type { BoundingBox, Vec3, Volume } from "../volume.js";
import { nextPowerOfTwo } from "../math/fft.js";
import { filterAxes, nameNumber } from "./ibsi.js";
import { extendWindow, filterSpectrum, regionOf, transformShape, type Transfer } from "./spectral.js";
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

/**
 * Half-size of the kernel along each plane axis: the IBSI size (⌊N/2⌋), or less where the
 * envelope has fallen below 2⁻⁵³ of its peak (radius σ·√(106 ln 2) ≈ 8.6σ along either
 * rotated axis, as γ ≥ 1 only narrows it; 8.6σ/γ′ with γ′ = min(1, γ) otherwise): taps
 * beyond change no double-precision sum.
 */
function kernelHalf(image: Volume, plane: number[], settings: Settings): number[] {
  const sigma = settings.gaborSigma! / image.spacing[plane[0]!]!;
  const reach = Math.ceil((sigma * Math.sqrt(106 * Math.LN2)) / Math.min(1, settings.gaborGamma));
  return plane.map((a) => Math.min(Math.floor(image.size[a]! / 2), reach));
}

/** The spectrum of the kernel of orientation θ on a transform of `shape` (kernel centred at index 0). */
function kernelSpectrum(shape: Vec3, half: number[], unit: number, settings: Settings, theta: number, kernels: Kernels): Transfer {
  const sigma = settings.gaborSigma! / unit, lambda = settings.gaborLambda! / unit, gamma = settings.gaborGamma;
  const [c, s] = [Math.cos(theta), Math.sin(theta)];
  const re = new Float64Array(shape[0] * shape[1]), im = new Float64Array(shape[0] * shape[1]);
  for (let k2 = -half[1]!; k2 <= half[1]!; k2++) {
    for (let k1 = -half[0]!; k1 <= half[0]!; k1++) {
      const t1 = c * k1 + s * k2, t2 = s * k1 - c * k2;
      const envelope = Math.exp(-(t1 * t1 + gamma * gamma * t2 * t2) / (2 * sigma * sigma));
      // Centre at index 0 of the transform, negative offsets wrapped around.
      const n = ((k1 + shape[0]) % shape[0]) + shape[0] * ((k2 + shape[1]) % shape[1]);
      re[n] = envelope * Math.cos((2 * Math.PI * t1) / lambda);
      im[n] = envelope * Math.sin((2 * Math.PI * t1) / lambda);
    }
  }
  kernels.fft3d(re, im, shape);
  return [re, im];
}

/**
 * The pooled response of every orientation in one plane, on the region: only the region's
 * slices are filtered, each on a window of the region ± the kernel's half-size continued by
 * the boundary, rounded up to a power of two (no wrap-around reaches the region).
 */
function planeResponse(image: Volume, region: BoundingBox, plane: number[], settings: Settings, kernels: Kernels): Volume<Float64Array> {
  const half = kernelHalf(image, plane, settings);
  const lower = [...region.lower] as Vec3;
  const size = region.upper.map((u, a) => u - region.lower[a]! + 1) as Vec3;
  plane.forEach((a, i) => {
    lower[a] = region.lower[a]! - half[i]!;
    size[a] = nextPowerOfTwo(size[a]! + 2 * half[i]!);
  });
  const grid = extendWindow(image, settings.filterBoundary, lower, size);
  const shape = transformShape(grid, plane);
  const thetas = orientations(settings);
  const transfers = thetas.map((theta) => kernelSpectrum(shape, half, image.spacing[plane[0]!]!, settings, theta, kernels));
  const pooled = filterSpectrum(grid, plane, transfers, kernels, { modulus: true, pooling: settings.pooling });
  return regionOf(grid, pooled, image, region);
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
