/**
 * Original image type (`original`): the image itself, cropped to the region.
 * @module
 */
import { crop } from "../volume.js";
import type { ImageType } from "./types.js";

export const original: ImageType = {
  name: "Original",
  mapNames: () => ["original"],
  *responses({ image, region }) {
    // Features read the image's own samples (integer images stay integer).
    yield { name: "original", image: crop(image, region) };
  },
};
