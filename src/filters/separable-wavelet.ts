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
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Settings } from "../settings.js";
import { dimensionTag, filterAxes } from "./ibsi.js";
import { centredStep, pooledBankResponse, rightAngleRotations, type AxisStep, type SeparableFilter } from "./separable-bank.js";
import type { ImageType } from "./types.js";
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
  return parts.join("-");
}

export const separableWavelet: ImageType = {
  name: "SeparableWavelet",
  mapNames: (settings) => [name(settings)],
  *responses({ image, region, settings, kernels }) {
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
