/**
 * Exponential image type (PyRadiomics `exponential`): f(x) = e^{c·x}, c = log(max|x|)/max|x|
 * over the whole image, so that f(max|x|) = max|x|. No IBSI code.
 * @module
 */
import type { ImageType } from "./types.js";
import { mapRegion, maxAbs } from "./pointwise.js";

export const exponential: ImageType = {
  name: "Exponential",
  mapNames: () => ["exponential"],
  *responses(input) {
    const { image, kernels } = input;
    const m = maxAbs(image, kernels, "Exponential");
    const c = Math.log(m) / m;
    yield { name: "exponential", image: mapRegion(input, (x) => Math.exp(c * x)) };
  },
};
