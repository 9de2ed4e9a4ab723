/**
 * Exponential image type (PyRadiomics `exponential`): f(x) = e^{c·x}, c = log(max|x|)/max|x|
 * over the whole image, so that f(max|x|) = max|x|. No IBSI code.
 * @module
 */
import type { ImageType } from "./types.js";
import { mapRegion, maxAbs, regionOnly } from "./pointwise.js";

export const exponential: ImageType = {
  name: "Exponential",
  mapNames: () => ["exponential"],
  *responses(input) {
    const { kernels } = input;
    const m = maxAbs(input, kernels, "Exponential");
    const c = Math.log(m) / m;
    yield { name: "exponential", image: mapRegion(input, (x) => Math.exp(c * x)) };
  },
  reads: regionOnly,
  scaledByRange: true,
};
