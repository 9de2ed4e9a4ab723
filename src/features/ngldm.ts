/**
 * Neighbouring gray level dependence matrix (NGLDM) features: IBSI family REK0
 * (17 features). Matrix: see `dependence.ts` (coarseness α = `gldm_a`, distance
 * δ = `distances`). Formulas: see `sizematrix.ts`; dependence count energy is Σ p².
 * Worked example: a voxel whose 8 in-plane neighbours all share its level has
 * dependence 9.
 * @module
 */
import type { Slab } from "../kernels/texture.js";
import type { Settings } from "../settings.js";
import { volumeFamily } from "../texture/family.js";
import type { TextureVolume } from "../texture/volume.js";
import { dependenceMatrix, dependenceRows } from "./dependence.js";
import { sizeMatrixContext, sizeMatrixFeatures, type SizeMatrixContext } from "./sizematrix.js";

const features = sizeMatrixFeatures(dependenceRows("ngldm"));

/** The NGLDM family. */
export const ngldmFamily = volumeFamily<SizeMatrixContext>({
  name: "ngldm",
  title: "Neighbouring gray level dependence matrix (IBSI REK0)",
  features,
  matrix: (slab: Slab, volume: TextureVolume, settings: Settings, inPlane: boolean) => dependenceMatrix(slab, volume, settings, inPlane, false),
  context: (m, volume, settings) => sizeMatrixContext(m, volume.kernels, settings.profile),
});
