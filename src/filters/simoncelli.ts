/**
 * Simoncelli image type (IBSI 2 non-separable wavelet, PRT7; the B map): the isotropic
 * band-pass ĝ(ν) = cos(π/2 · log₂(2‖ν‖/ν_B)) for ν_B/4 ≤ ‖ν‖ ≤ ν_B, else 0, with
 * ν_B = π/2^(j−1) at level j (`level`), applied in the frequency domain over the filtered
 * axes (3-D, or each slice in 2-D) on the image's own grid (the transform is periodic; the
 * boundary setting does not apply: the IBSI 2 phase 2 references are reproduced without a
 * margin, not with a mirrored one), sampled as {@link angularFrequencies}; the real part.
 * @module
 */
import type { Settings } from "../settings.js";
import { dimensionTag, filterAxes } from "./ibsi.js";
import { extend, filterSpectrum, regionOf, transferOn } from "./spectral.js";
import type { ImageType } from "./types.js";

/** ĝ at radial frequency r for the band of level j. */
export function simoncelliBand(r: number, level: number): number {
  const top = Math.PI / 2 ** (level - 1);
  return r >= top / 4 && r <= top ? Math.cos((Math.PI / 2) * Math.log2((2 * r) / top)) : 0;
}

const name = (settings: Settings) => `simoncelli-level-${settings.level}-${dimensionTag(settings)}`;

export const simoncelli: ImageType = {
  name: "Simoncelli",
  mapNames: (settings) => [name(settings)],
  *responses({ image, region, settings, kernels }) {
    const axes = filterAxes(settings);
    // Defined on the image's own frequency grid: the transform is periodic, no margin.
    const grid = extend(image, axes, settings.filterBoundary, [0, 0, 0]);
    const transfer = transferOn(grid, axes, (nu) => simoncelliBand(Math.hypot(...nu), settings.level));
    const filtered = filterSpectrum(grid, axes, [transfer], kernels);
    yield { name: name(settings), image: regionOf(grid, filtered, image, region) };
  },
};
