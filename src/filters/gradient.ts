/**
 * Gradient image type (PyRadiomics `gradient`): the gradient magnitude
 * √(Σ_d (∂I/∂x_d)²) by central differences, ∂I/∂x_d ≈ (I[k+1] − I[k−1]) / 2, divided by
 * the spacing when `gradientUseSpacing` (ITK's `GradientMagnitudeImageFilter`, which
 * PyRadiomics calls), edges continued by their values (zero flux). No IBSI code.
 * @module
 */
import { asFloat64, padRegion, separable } from "./grid.js";
import type { ImageType } from "./types.js";
import { crop } from "../volume.js";

const CENTRAL = Float64Array.from([0.5, 0, -0.5]);

export const gradient: ImageType = {
  name: "Gradient",
  mapNames: () => ["gradient"],
  *responses({ image, region, settings, kernels }) {
    // Differences reach one voxel: the region plus one is all the filter reads.
    const reach = padRegion(region, 1, image.size);
    const source = asFloat64(crop(image, reach));
    const inner = { lower: region.lower.map((v, a) => v - reach.lower[a]!), upper: region.upper.map((v, a) => v - reach.lower[a]!) } as typeof region;
    let squares: Float64Array | null = null;
    let geometry = source;
    for (let d = 0; d < 3; d++) {
      const scale = settings.gradientUseSpacing ? 1 / image.spacing[d]! : 1;
      const derivative = separable(source, inner, [[d, (v, keep) => kernels.convolveAxis(v.data, v.size, d, CENTRAL, 1, 1, "nearest", keep)]]);
      if (!squares) squares = new Float64Array(derivative.data.length);
      for (let i = 0; i < squares.length; i++) {
        const g = derivative.data[i]! * scale;
        squares[i] = squares[i]! + g * g;
      }
      geometry = derivative;
    }
    yield { name: "gradient", image: { ...geometry, data: squares!.map(Math.sqrt) } };
  },
};
