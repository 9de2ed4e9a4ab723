/**
 * Logarithm image type (PyRadiomics `logarithm`): f(x) = sign(x)·log(|x| + 1)·c,
 * c = max|x| / log(max|x| + 1), the maxima over the whole image, so that max|f| = max|x|.
 * No IBSI code.
 * @module
 */
import type { ImageType } from "./types.js";
import { mapRegion, maxAbs, regionOnly } from "./pointwise.js";

export const logarithm: ImageType = {
  name: "Logarithm",
  mapNames: () => ["logarithm"],
  *responses(input) {
    const { kernels } = input;
    const m = maxAbs(input, kernels, "Logarithm");
    // log is monotonic in |x|: the largest |log| is that of the largest |x|.
    const c = m / Math.log(m + 1);
    yield { name: "logarithm", image: mapRegion(input, (x) => (x > 0 ? Math.log(x + 1) : x < 0 ? -Math.log(-(x - 1)) : x) * c) };
  },
  reads: regionOnly,
  scaledByRange: true,
};
