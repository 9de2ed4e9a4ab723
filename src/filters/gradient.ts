/**
 * Gradient image type (PyRadiomics `gradient`): the gradient magnitude
 * √(Σ_d (∂I/∂x_d)²) by central differences, ∂I/∂x_d ≈ (I[k+1] − I[k−1]) / 2, divided by
 * the spacing when `gradientUseSpacing` (ITK's `GradientMagnitudeImageFilter`, which
 * PyRadiomics calls), edges continued by their values (zero flux). No IBSI code.
 * @module
 */
import { separable } from "./grid.js";
import type { ImageExtent, ImageType } from "./types.js";
import { crop, padBox, shiftBox, type BoundingBox, type Volume } from "../volume.js";

const CENTRAL = Float64Array.from([0.5, 0, -0.5]);

export const gradient: ImageType = {
  name: "Gradient",
  mapNames: () => ["gradient"],
  *responses({ image, region, settings, kernels }) {
    const reach = readBox(region, image);
    const source = crop(image, reach);
    const inner = shiftBox(region, reach.lower);
    let squares: Float64Array | null = null;
    let geometry: Volume | null = null;
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
    yield { name: "gradient", image: { ...geometry!, data: squares!.map(Math.sqrt) } };
  },
  reads: (region, image) => readBox(region, image),
};

/** Differences reach one voxel: the region plus one is all the filter reads. */
function readBox(region: BoundingBox, image: ImageExtent): BoundingBox {
  return padBox(region, 1, image.size);
}
