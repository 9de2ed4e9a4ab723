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
import { dependenceMatrix } from "./dependence.js";
import { sizeMatrixContext, sizeMatrixFeatures, type SizeMatrixContext } from "./sizematrix.js";

const features = sizeMatrixFeatures([
  /** Small dependence emphasis Σ M/j² / N_s. IBSI SODN (NGLDM low dependence emphasis). */
  ["smallEmphasis", "SmallDependenceEmphasis", "SODN", "ngl.lde"],
  /** Large dependence emphasis Σ M j² / N_s. IBSI IMOQ. */
  ["largeEmphasis", "LargeDependenceEmphasis", "IMOQ", "ngl.hde"],
  /** Gray level non-uniformity Σ_i m_i² / N_s. IBSI FP8K. */
  ["grayNonUniformity", "GrayLevelNonUniformity", "FP8K", "ngl.glnu"],
  /** Normalised gray level non-uniformity Σ_i m_i² / N_s² (deprecated: equals firstorder Uniformity). IBSI 5SPA. */
  ["grayNonUniformityNormalised", "GrayLevelNonUniformityNormalized", "5SPA", "ngl.glnu.norm", { deprecated: true }],
  /** Dependence non-uniformity Σ_j m_j² / N_s. IBSI Z87G. */
  ["sizeNonUniformity", "DependenceNonUniformity", "Z87G", "ngl.dcnu"],
  /** Normalised dependence non-uniformity Σ_j m_j² / N_s². IBSI OKJI. */
  ["sizeNonUniformityNormalised", "DependenceNonUniformityNormalized", "OKJI", "ngl.dcnu.norm"],
  /** Gray level variance Σ (i − μ_i)² p. IBSI 1PFV. */
  ["grayVariance", "GrayLevelVariance", "1PFV", "ngl.gl.var"],
  /** Dependence variance Σ (j − μ_j)² p. IBSI DNX2. */
  ["sizeVariance", "DependenceVariance", "DNX2", "ngl.dc.var"],
  /** Dependence entropy −Σ p log₂ p. IBSI FCBV. */
  ["entropy", "DependenceEntropy", "FCBV", "ngl.dc.entr"],
  /** Dependence percentage N_s / N_v (always 1; deprecated). IBSI 6XV8. */
  ["percentage", "DependencePercentage", "6XV8", "ngl.dc.perc", { deprecated: true }],
  /** Low gray level emphasis Σ M/i² / N_s. IBSI TL9H. */
  ["lowGrayEmphasis", "LowGrayLevelEmphasis", "TL9H", "ngl.lgce"],
  /** High gray level emphasis Σ M i² / N_s. IBSI OAE7. */
  ["highGrayEmphasis", "HighGrayLevelEmphasis", "OAE7", "ngl.hgce"],
  /** Small dependence low gray level emphasis Σ M/(i² j²) / N_s. IBSI EQ3F. */
  ["smallLowGrayEmphasis", "SmallDependenceLowGrayLevelEmphasis", "EQ3F", "ngl.ldlge"],
  /** Small dependence high gray level emphasis Σ M i²/j² / N_s. IBSI JA6D. */
  ["smallHighGrayEmphasis", "SmallDependenceHighGrayLevelEmphasis", "JA6D", "ngl.ldhge"],
  /** Large dependence low gray level emphasis Σ M j²/i² / N_s. IBSI NBZI. */
  ["largeLowGrayEmphasis", "LargeDependenceLowGrayLevelEmphasis", "NBZI", "ngl.hdlge"],
  /** Large dependence high gray level emphasis Σ M i² j² / N_s. IBSI 9QMG. */
  ["largeHighGrayEmphasis", "LargeDependenceHighGrayLevelEmphasis", "9QMG", "ngl.hdhge"],
]);

/** The GLDM family. */
export const gldmFamily = volumeFamily<SizeMatrixContext>({
  name: "gldm",
  title: "Gray level dependence matrix (PyRadiomics; IBSI NGLDM)",
  features,
  matrix: (slab: Slab, volume: TextureVolume, settings: Settings, inPlane: boolean) =>
    dependenceMatrix(slab, volume, settings, inPlane, settings.profile === "pyradiomics"),
  context: (m, _volume, settings) => sizeMatrixContext(m, settings.profile),
});
