/**
 * LBP2D image type (PyRadiomics `lbp-2D`): local binary patterns in the slices across the
 * force2Ddimension axis (settings `lbp2DRadius`, `lbp2DSamples`, `lbp2DMethod`), computed
 * as scikit-image computes them (see `kernels/lbp.ts` for the codes). PyRadiomics writes the
 * codes back into an array of the image's sample type, so an integer image gets integer
 * codes (truncated, which only changes `var`). Slices are laid out as PyRadiomics swaps
 * numpy's axes: rows y and columns x (force2Ddimension 0), rows z and columns x (1), rows
 * y and columns z (2). No IBSI code.
 * @module
 */
import { lbpOffsets } from "../kernels/lbp.js";
import type { Settings } from "../settings.js";
import { crop, padBox, shiftBox, type BoundingBox } from "../volume.js";
import { asFloat64 } from "./grid.js";
import type { ImageExtent, ImageType } from "./types.js";

/** (row axis, column axis) in x = 0, y = 1, z = 2 for each force2Ddimension. */
const PLANES: ReadonlyArray<[number, number]> = [[1, 0], [2, 0], [1, 2]];

export const lbp2D: ImageType = {
  name: "LBP2D",
  mapNames: () => ["lbp-2D"],
  *responses({ image, region, settings, kernels, warn }) {
    if (!settings.force2D) warn("LBP2D computes patterns per slice while features are extracted in 3D; set force2D to extract them per slice too");
    const [rowAxis, colAxis] = PLANES[settings.force2Ddimension]!;
    const grown = readBox(region, image, settings);
    const source = asFloat64(crop(image, grown));
    let codes = kernels.localBinaryPattern2D(source.data, source.size, rowAxis, colAxis, lbpOffsets(settings.lbp2DRadius, settings.lbp2DSamples), settings.lbp2DMethod);
    // PyRadiomics writes the codes into an array of the image's type: integers truncate, float32 rounds.
    if (image.data instanceof Float32Array) codes = codes.map(Math.fround);
    else if (!(image.data instanceof Float64Array)) codes = codes.map(Math.trunc);
    yield { name: "lbp-2D", image: crop({ ...source, data: codes }, shiftBox(region, grown.lower)) };
  },
  reads: readBox,
};

/** Codes read at most ⌈R⌉ voxels away within a slice: the region plus that reach in the slices' plane is all they need. */
function readBox(region: BoundingBox, image: ImageExtent, settings: Settings): BoundingBox {
  return padBox(region, Math.ceil(settings.lbp2DRadius) + 1, image.size, PLANES[settings.force2Ddimension]!);
}
