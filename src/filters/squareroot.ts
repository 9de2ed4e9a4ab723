/**
 * SquareRoot image type (PyRadiomics `squareroot`): f(x) = sign(x)·√(|x|·c), c = max|x|
 * over the whole image, so that f stays within the original range. No IBSI code.
 * @module
 */
import type { ImageType } from "./types.js";
import { mapRegion, maxAbs, regionOnly } from "./pointwise.js";

export const squareRoot: ImageType = {
  name: "SquareRoot",
  mapNames: () => ["squareroot"],
  *responses(input) {
    const { kernels } = input;
    const c = maxAbs(input, kernels, "SquareRoot");
    yield { name: "squareroot", image: mapRegion(input, (x) => (x > 0 ? Math.sqrt(x * c) : x < 0 ? -Math.sqrt(-x * c) : x)) };
  },
  reads: regionOnly,
  scaledByRange: true,
};
