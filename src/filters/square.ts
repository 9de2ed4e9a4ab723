/**
 * Square image type (PyRadiomics `square`): f(x) = (c·x)², c = 1/√max|x|, the maximum
 * over the whole image, so that f stays within the original range. No IBSI code.
 * @module
 */
import type { ImageType } from "./types.js";
import { mapRegion, maxAbs, regionOnly } from "./pointwise.js";

export const square: ImageType = {
  name: "Square",
  mapNames: () => ["square"],
  *responses(input) {
    const { kernels } = input;
    const c = 1 / Math.sqrt(maxAbs(input, kernels, "Square"));
    yield { name: "square", image: mapRegion(input, (x) => (c * x) * (c * x)) };
  },
  reads: regionOnly,
  scaledByRange: true,
};
