/**
 * Laws image type (IBSI 2 Laws kernels, JTXT; energy map PQSD): the outer product of 1-D
 * kernels named per axis, x first (`lawsKernel`, e.g. "E5L5S5"; two names per slice for
 * 2-D), normalised to unit L2 norm: L3 = (1, 2, 1)/√6, E3 = (−1, 0, 1)/√2,
 * S3 = (−1, 2, −1)/√6, L5 = (1, 4, 6, 4, 1)/√70, E5 = (−1, −2, 0, 2, 1)/√10,
 * S5 = (−1, 0, 2, 0, −1)/√6, W5 = (−1, 2, 0, −2, 1)/√10, R5 = (1, −4, 6, −4, 1)/√70, convolved
 * with the image continued by `filterBoundary`. With `rotationInvariance`, the responses of
 * the kernel's right-angle rotations (24 in 3-D, 4 in 2-D) are pooled (`pooling`, IBSI uses
 * max). With `lawsEnergyDistance` δ, the energy map: the mean of |h| over the
 * (2δ+1)^D neighbourhood, with the same boundary.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Settings } from "../settings.js";
import { crop, padBox, shiftBox } from "../volume.js";
import { dimensionTag, filterAxes } from "./ibsi.js";
import { centredStep, pooledBankResponse, rightAngleRotations, type SeparableFilter } from "./separable-bank.js";
import type { ImageType } from "./types.js";

/** Laws' 1-D kernels before normalisation. */
const LAWS: Record<string, number[]> = {
  L3: [1, 2, 1], E3: [-1, 0, 1], S3: [-1, 2, -1],
  L5: [1, 4, 6, 4, 1], E5: [-1, -2, 0, 2, 1], S5: [-1, 0, 2, 0, -1], W5: [-1, 2, 0, -2, 1], R5: [1, -4, 6, -4, 1],
};

/** A Laws kernel scaled to unit L2 norm. */
export function lawsKernel(name: string): Float64Array {
  const k = LAWS[name]!;
  const norm = Math.sqrt(k.reduce((s, v) => s + v * v, 0));
  return Float64Array.from(k, (v) => v / norm);
}

function kernelNames(settings: Settings): string[] {
  if (!settings.lawsKernel) {
    throw new RadiomicsError("INVALID_SETTING", `image type Laws needs the setting "lawsKernel" (1-D kernels per axis, e.g. lawsKernel: L5E5E5)`, { key: "lawsKernel" });
  }
  const names = settings.lawsKernel.match(/[LESWR][35]/g)!;
  if (names.length !== settings.filterDimensions) {
    throw new RadiomicsError(
      "INVALID_SETTING",
      `setting "lawsKernel" = "${settings.lawsKernel}" names ${names.length} kernels, and filterDimensions is ${settings.filterDimensions}: name one kernel per filtered axis`,
      { key: "lawsKernel", value: settings.lawsKernel },
    );
  }
  return names;
}

function name(settings: Settings): string {
  const parts = [`laws-${settings.lawsKernel}`, dimensionTag(settings)];
  if (settings.rotationInvariance) parts.push(`invariant-${settings.pooling}`);
  if (settings.lawsEnergyDistance !== null) parts.push(`energy-${settings.lawsEnergyDistance}`);
  return parts.join("-");
}

export const laws: ImageType = {
  name: "Laws",
  mapNames(settings) {
    kernelNames(settings);
    return [name(settings)];
  },
  *responses({ image, region, settings, kernels }) {
    const axes = filterAxes(settings);
    const taps = kernelNames(settings).map(lawsKernel);
    const rotations = settings.rotationInvariance ? rightAngleRotations(settings.filterDimensions) : [axes.map((_, from) => ({ from, reversed: false }))];
    const bank: SeparableFilter[] = rotations.map((rotation) => rotation.map(({ from, reversed }) => [centredStep(taps[from]!, 1, reversed)]));
    const delta = settings.lawsEnergyDistance;
    // The energy map averages δ voxels around each region voxel: the response is needed that far out.
    const reach = padBox(region, delta ?? 0, image.size, axes);
    let map = pooledBankResponse(image, reach, axes, bank, settings.filterBoundary, settings.pooling, kernels);
    if (delta !== null) {
      const M = 2 * delta + 1;
      const box = new Float64Array(M).fill(1 / M);
      map = { ...map, data: map.data.map(Math.abs) };
      for (const axis of axes) {
        // Continued by the boundary only where the reach met the image's edge; elsewhere the extra voxels are real.
        map = { ...map, data: kernels.convolveAxis(map.data, map.size, axis, box, delta, 1, settings.filterBoundary) };
      }
      map = crop(map, shiftBox(region, reach.lower));
    }
    yield { name: name(settings), image: map };
  },
};
