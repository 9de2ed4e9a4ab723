/**
 * Gray level dependence matrix (GLDM) features: PyRadiomics `gldm` (16 features, 2 of
 * them deprecated). The matrix is IBSI's NGLDM (see `dependence.ts`), so features carry
 * the NGLDM identities where IBSI defines the same quantity. Formulas: see `sizematrix.ts`.
 * Worked example: a voxel of level 2 with two level-2 neighbours out of four (α = 0) has
 * dependence 3.
 * @module
 */
import type { Slab } from "../kernels/texture.js";
import type { Settings } from "../settings.js";
import { volumeFamily } from "../texture/family.js";
import type { TextureVolume } from "../texture/volume.js";
import { dependenceMatrix, dependenceRows } from "./dependence.js";
import { sizeMatrixContext, sizeMatrixFeatures, type SizeMatrixContext } from "./sizematrix.js";

const features = sizeMatrixFeatures(dependenceRows("gldm"));

/** The GLDM family. */
export const gldmFamily = volumeFamily<SizeMatrixContext>({
  name: "gldm",
  title: "Gray level dependence matrix (PyRadiomics; IBSI NGLDM)",
  features,
  matrix: (slab: Slab, volume: TextureVolume, settings: Settings, inPlane: boolean) =>
    dependenceMatrix(slab, volume, settings, inPlane, settings.profile === "pyradiomics"),
  context: (m, volume, settings) => sizeMatrixContext(m, volume.kernels, settings.profile),
});
