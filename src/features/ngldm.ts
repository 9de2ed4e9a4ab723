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
import { dependenceMatrix } from "./dependence.js";
import { sizeMatrixContext, sizeMatrixFeatures, type SizeMatrixContext } from "./sizematrix.js";

const features = sizeMatrixFeatures([
  /** Low dependence emphasis Σ M/j² / N_s. IBSI SODN. */
  ["smallEmphasis", "LowDependenceEmphasis", "SODN", "ngl.lde"],
  /** High dependence emphasis Σ M j² / N_s. IBSI IMOQ. */
  ["largeEmphasis", "HighDependenceEmphasis", "IMOQ", "ngl.hde"],
  /** Low gray level count emphasis Σ M/i² / N_s. IBSI TL9H. */
  ["lowGrayEmphasis", "LowGrayLevelCountEmphasis", "TL9H", "ngl.lgce"],
  /** High gray level count emphasis Σ M i² / N_s. IBSI OAE7. */
  ["highGrayEmphasis", "HighGrayLevelCountEmphasis", "OAE7", "ngl.hgce"],
  /** Low dependence low gray level emphasis Σ M/(i² j²) / N_s. IBSI EQ3F. */
  ["smallLowGrayEmphasis", "LowDependenceLowGrayLevelEmphasis", "EQ3F", "ngl.ldlge"],
  /** Low dependence high gray level emphasis Σ M i²/j² / N_s. IBSI JA6D. */
  ["smallHighGrayEmphasis", "LowDependenceHighGrayLevelEmphasis", "JA6D", "ngl.ldhge"],
  /** High dependence low gray level emphasis Σ M j²/i² / N_s. IBSI NBZI. */
  ["largeLowGrayEmphasis", "HighDependenceLowGrayLevelEmphasis", "NBZI", "ngl.hdlge"],
  /** High dependence high gray level emphasis Σ M i² j² / N_s. IBSI 9QMG. */
  ["largeHighGrayEmphasis", "HighDependenceHighGrayLevelEmphasis", "9QMG", "ngl.hdhge"],
  /** Gray level non-uniformity Σ_i m_i² / N_s. IBSI FP8K. */
  ["grayNonUniformity", "GrayLevelNonUniformity", "FP8K", "ngl.glnu"],
  /** Normalised gray level non-uniformity Σ_i m_i² / N_s². IBSI 5SPA. */
  ["grayNonUniformityNormalised", "GrayLevelNonUniformityNormalized", "5SPA", "ngl.glnu.norm"],
  /** Dependence count non-uniformity Σ_j m_j² / N_s. IBSI Z87G. */
  ["sizeNonUniformity", "DependenceCountNonUniformity", "Z87G", "ngl.dcnu"],
  /** Normalised dependence count non-uniformity Σ_j m_j² / N_s². IBSI OKJI. */
  ["sizeNonUniformityNormalised", "DependenceCountNonUniformityNormalized", "OKJI", "ngl.dcnu.norm"],
  /** Dependence count percentage N_s / N_v. IBSI 6XV8. */
  ["percentage", "DependenceCountPercentage", "6XV8", "ngl.dc.perc"],
  /** Gray level variance Σ (i − μ_i)² p. IBSI 1PFV. */
  ["grayVariance", "GrayLevelVariance", "1PFV", "ngl.gl.var"],
  /** Dependence count variance Σ (j − μ_j)² p. IBSI DNX2. */
  ["sizeVariance", "DependenceCountVariance", "DNX2", "ngl.dc.var"],
  /** Dependence count entropy −Σ p log₂ p. IBSI FCBV. */
  ["entropy", "DependenceCountEntropy", "FCBV", "ngl.dc.entr"],
  /** Dependence count energy Σ p². IBSI CAS9. */
  ["energy", "DependenceCountEnergy", "CAS9", "ngl.dc.energy"],
]);

/** The NGLDM family. */
export const ngldmFamily = volumeFamily<SizeMatrixContext>({
  name: "ngldm",
  title: "Neighbouring gray level dependence matrix (IBSI REK0)",
  features,
  matrix: (slab: Slab, volume: TextureVolume, settings: Settings, inPlane: boolean) => dependenceMatrix(slab, volume, settings, inPlane, false),
  context: (m, _volume, settings) => sizeMatrixContext(m, settings.profile),
});
