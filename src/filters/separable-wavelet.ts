/**
 * SeparableWavelet image type (IBSI 2 separable wavelets, 25BO; undecimated, CVCQ): one band
 * of the stationary wavelet transform, `waveletBand` naming the filter per axis, x first
 * (L low-pass, H high-pass; "LHL" in 3-D, "LH" per slice in 2-D), at decomposition level
 * `level`. Level ℓ filters the all-low-pass map of level ℓ − 1 with the filters dilated à
 * trous by 2^(ℓ−1) (zeros between the taps, as PyWavelets). The filters are the wavelet's
 * decomposition filters (`wavelet`, PyWavelets names), centred as IBSI 2 centres them (a
 * zero appended to an even-length kernel), convolved with the image continued by
 * `filterBoundary`. With `rotationInvariance`, the map is pooled (`pooling`, IBSI uses
 * average) over the right-angle rotations of the whole filter chain (24 in 3-D, 4 in 2-D).
 *
 * With `waveletDecimated` (the decimated transform, PH3R), each level filters with the
 * undilated kernels and keeps every other voxel along each filtered axis (voxels 0, 2, 4 …,
 * continued by `filterBoundary` on the coarser grid): the map of level ℓ has 2^ℓ times the
 * image's spacing along those axes, its voxel k centred on the image's voxel 2^ℓ·k. The ROI
 * comes onto that grid by the same sampling (a coarse voxel is in the ROI when the image
 * voxel it is centred on is). IBSI 2 defines rotation invariance for the undecimated
 * transform only.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Settings } from "../settings.js";
import { dimensionTag, filterAxes } from "./ibsi.js";
import { centredStep, pooledBankResponse, rightAngleRotations, type AxisStep, type SeparableFilter } from "./separable-bank.js";
import { strided } from "./grid.js";
import type { FilterInput, ImageType, ResponseMap } from "./types.js";
import type { Kernels } from "../kernels/types.js";
import type { BoundingBox, Vec3, Volume } from "../volume.js";
import { waveletFilters } from "./wavelet-banks.js";

function band(settings: Settings): string {
  const b = settings.waveletBand;
  if (!b || b.length !== settings.filterDimensions) {
    throw new RadiomicsError(
      "INVALID_SETTING",
      b ? `setting "waveletBand" = "${b}" has ${b.length} letters, and filterDimensions is ${settings.filterDimensions}: one L or H per filtered axis`
        : `image type SeparableWavelet needs the setting "waveletBand" (L or H per axis, x first, e.g. waveletBand: LHL)`,
      { key: "waveletBand", value: b },
    );
  }
  return b;
}

function name(settings: Settings): string {
  const parts = [`separablewavelet-${settings.wavelet}-${band(settings)}-level-${settings.level}`, dimensionTag(settings)];
  if (settings.rotationInvariance) parts.push(`invariant-${settings.pooling}`);
  if (settings.waveletDecimated) {
    if (settings.rotationInvariance) {
      throw new RadiomicsError(
        "INVALID_SETTING",
        `SeparableWavelet: rotationInvariance needs the undecimated transform (IBSI 2 pools rotations of the undecimated one): remove rotationInvariance or waveletDecimated`,
        { key: "waveletDecimated", value: true },
      );
    }
    parts.push("decimated");
  }
  return parts.join("-");
}

export const separableWavelet: ImageType = {
  name: "SeparableWavelet",
  mapNames: (settings) => [name(settings)],
  *responses(input) {
    const { image, region, settings, kernels } = input;
    if (settings.waveletDecimated) {
      yield decimatedBand(input);
      return;
    }
    const letters = band(settings);
    const { lo, hi } = waveletFilters(settings.wavelet);
    const axes = filterAxes(settings);
    /** The chain along one axis for the band letter of `from`, mirrored or not. */
    const chain = (letter: string, reversed: boolean): AxisStep[] => {
      const steps: AxisStep[] = [];
      for (let level = 1; level < settings.level; level++) steps.push(centredStep(lo, 2 ** (level - 1), reversed));
      steps.push(centredStep(letter === "H" ? hi : lo, 2 ** (settings.level - 1), reversed));
      return steps;
    };
    const rotations = settings.rotationInvariance ? rightAngleRotations(settings.filterDimensions) : [axes.map((_, from) => ({ from, reversed: false }))];
    const bank: SeparableFilter[] = rotations.map((rotation) => rotation.map(({ from, reversed }) => chain(letters[from]!, reversed)));
    yield { name: name(settings), image: pooledBankResponse(image, region, axes, bank, settings.filterBoundary, settings.pooling, kernels) };
  },
};

/** The whole image's band of the decimated transform (Mallat's algorithm), on its coarse grid. */
function decimatedTransform(image: Volume, settings: Settings, kernels: Kernels): Volume {
  const letters = band(settings);
  const { lo, hi } = waveletFilters(settings.wavelet);
  let volume = image;
  for (let level = 1; level <= settings.level; level++) {
    filterAxes(settings).forEach((axis, i) => {
      const step = centredStep(level === settings.level && letters[i]! === "H" ? hi : lo, 1, false);
      const filtered = { ...volume, data: kernels.convolveAxis(volume.data, volume.size, axis, step.taps, step.origin, 1, settings.filterBoundary) };
      const size = [...volume.size] as Vec3;
      size[axis] = Math.ceil(size[axis]! / 2);
      const every: Vec3 = [1, 1, 1];
      every[axis] = 2;
      volume = strided(filtered, [0, 0, 0], every, size);
    });
  }
  return volume;
}

function decimatedBand({ image, region, settings, kernels }: FilterInput): ResponseMap {
  const mapName = name(settings);
  const coarse = decimatedTransform(image, settings, kernels);
  // Image voxels per coarse voxel along each axis.
  const every = [0, 1, 2].map((a) => (filterAxes(settings).includes(a) ? 2 ** settings.level : 1)) as Vec3;
  const kept: BoundingBox = {
    lower: region.lower.map((l, a) => Math.ceil(l / every[a]!)) as Vec3,
    upper: region.upper.map((u, a) => Math.floor(u / every[a]!)) as Vec3,
  };
  const size = kept.upper.map((u, a) => u - kept.lower[a]! + 1) as Vec3;
  const tooCoarse = () => new RadiomicsError(
    "EMPTY_ROI",
    `${mapName}: the decimated level-${settings.level} grid (one voxel in ${2 ** settings.level} along each filtered axis) keeps none of the ROI's voxels: use a lower level or the undecimated transform`,
    { map: mapName, level: settings.level },
  );
  if (size.some((n) => n < 1)) throw tooCoarse();
  return {
    name: mapName,
    image: strided(coarse, kept.lower, [1, 1, 1], size),
    maskOnMap(mask) {
      // mask is on the region's grid: the coarse voxel k sits on its voxel every·k − region.lower.
      const sampled = strided(mask, kept.lower.map((k, a) => k * every[a]! - region.lower[a]!) as Vec3, every, size);
      if (!sampled.data.some((v) => v !== 0)) throw tooCoarse();
      return sampled;
    },
  };
}
