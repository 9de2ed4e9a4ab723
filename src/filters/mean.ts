/**
 * Mean image type (IBSI 2 mean filter, S60F): h = (1/M^D) Σ_{k ∈ M^D cube} f, the average
 * over a cube (3-D) or square (2-D, per slice) of M voxels a side, M odd, the image
 * continued by `filterBoundary`. Computed as one 1-D mean of M samples per axis.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { separable, type AxisPass } from "./grid.js";
import { dimensionTag, filterAxes } from "./ibsi.js";
import type { ImageType } from "./types.js";
import type { Settings } from "../settings.js";

const name = (settings: Settings) => `mean-M${settings.meanSupport}-${dimensionTag(settings)}`;

export const mean: ImageType = {
  name: "Mean",
  mapNames(settings) {
    if (settings.meanSupport === null) {
      throw new RadiomicsError("INVALID_SETTING", `image type Mean needs the setting "meanSupport" (the cube side M in voxels, odd, e.g. meanSupport: 5)`, { key: "meanSupport" });
    }
    return [name(settings)];
  },
  *responses({ image, region, settings, kernels }) {
    const M = settings.meanSupport!;
    const taps = new Float64Array(M).fill(1 / M);
    const passes = filterAxes(settings).map((axis): AxisPass => [axis, (v, keep) => kernels.convolveAxis(v.data, v.size, axis, taps, (M - 1) / 2, 1, settings.filterBoundary, keep)]);
    yield { name: name(settings), image: separable(image, region, passes) };
  },
};
