/**
 * Original image type (`original`): the image itself, cropped to the region.
 * @module
 */
import { regionImage } from "./grid.js";
import type { ImageType } from "./types.js";

export const original: ImageType = {
  name: "Original",
  mapNames: () => ["original"],
  *responses(input) {
    // Features read the image's own samples (integer images stay integer).
    yield { name: "original", image: regionImage(input) };
  },
  reads: (region) => region,
};
