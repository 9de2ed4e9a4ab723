/**
 * Dependence matrices, shared by PyRadiomics' GLDM and the IBSI NGLDM: for each ROI voxel,
 * its dependence k = 1 + the number of ROI neighbours whose gray level differs by at most
 * α (`gldm_a`); M(i, k) counts voxels of level i with dependence k; N_v = ROI voxels.
 * Neighbours: every offset within Chebyshev distance δ = max(`distances`) in IBSI; in
 * PyRadiomics, the offsets whose Chebyshev norm is one of `distances` (the same set for δ = 1).
 * @module
 */
import type { Slab } from "../kernels/texture.js";
import type { Settings } from "../settings.js";
import type { Matrix } from "../texture/aggregation.js";
import { chebyshevNeighbourhood, pyradiomicsAngles } from "../texture/directions.js";
import { slabVoxels, type TextureVolume } from "../texture/volume.js";
import type { SizeFeatureKind, SizeFeatureRow } from "./sizematrix.js";

/** The dependence matrix of a slab. */
export function dependenceMatrix(slab: Slab, volume: TextureVolume, settings: Settings, inPlane: boolean, pyradiomicsNeighbours: boolean): Matrix {
  const offsets = pyradiomicsNeighbours
    ? pyradiomicsAngles(volume.size, settings.distances, true, inPlane)
    : chebyshevNeighbourhood(inPlane, Math.max(...settings.distances));
  const data = volume.kernels.dependenceCounts(slab, volume.ng, offsets, settings.gldm_a);
  return { data, rows: volume.ng, cols: offsets.length / 3 + 1, voxels: slabVoxels(volume, slab) };
}

/**
 * The dependence features under both names: [kind, PyRadiomics GLDM name, IBSI NGLDM name,
 * IBSI code, IBSI tag]. Formulas: see `sizematrix.ts`.
 */
const DEPENDENCE_FEATURES: Array<[SizeFeatureKind, string | null, string, string, string]> = [
  /** Small (low) dependence emphasis Σ M/j² / N_s. IBSI SODN. */
  ["smallEmphasis", "SmallDependenceEmphasis", "LowDependenceEmphasis", "SODN", "ngl.lde"],
  /** Large (high) dependence emphasis Σ M j² / N_s. IBSI IMOQ. */
  ["largeEmphasis", "LargeDependenceEmphasis", "HighDependenceEmphasis", "IMOQ", "ngl.hde"],
  /** Low gray level (count) emphasis Σ M/i² / N_s. IBSI TL9H. */
  ["lowGrayEmphasis", "LowGrayLevelEmphasis", "LowGrayLevelCountEmphasis", "TL9H", "ngl.lgce"],
  /** High gray level (count) emphasis Σ M i² / N_s. IBSI OAE7. */
  ["highGrayEmphasis", "HighGrayLevelEmphasis", "HighGrayLevelCountEmphasis", "OAE7", "ngl.hgce"],
  /** Small dependence low gray level emphasis Σ M/(i² j²) / N_s. IBSI EQ3F. */
  ["smallLowGrayEmphasis", "SmallDependenceLowGrayLevelEmphasis", "LowDependenceLowGrayLevelEmphasis", "EQ3F", "ngl.ldlge"],
  /** Small dependence high gray level emphasis Σ M i²/j² / N_s. IBSI JA6D. */
  ["smallHighGrayEmphasis", "SmallDependenceHighGrayLevelEmphasis", "LowDependenceHighGrayLevelEmphasis", "JA6D", "ngl.ldhge"],
  /** Large dependence low gray level emphasis Σ M j²/i² / N_s. IBSI NBZI. */
  ["largeLowGrayEmphasis", "LargeDependenceLowGrayLevelEmphasis", "HighDependenceLowGrayLevelEmphasis", "NBZI", "ngl.hdlge"],
  /** Large dependence high gray level emphasis Σ M i² j² / N_s. IBSI 9QMG. */
  ["largeHighGrayEmphasis", "LargeDependenceHighGrayLevelEmphasis", "HighDependenceHighGrayLevelEmphasis", "9QMG", "ngl.hdhge"],
  /** Gray level non-uniformity Σ_i m_i² / N_s. IBSI FP8K. */
  ["grayNonUniformity", "GrayLevelNonUniformity", "GrayLevelNonUniformity", "FP8K", "ngl.glnu"],
  /** Normalised gray level non-uniformity Σ_i m_i² / N_s². IBSI 5SPA. */
  ["grayNonUniformityNormalised", "GrayLevelNonUniformityNormalized", "GrayLevelNonUniformityNormalized", "5SPA", "ngl.glnu.norm"],
  /** Dependence (count) non-uniformity Σ_j m_j² / N_s. IBSI Z87G. */
  ["sizeNonUniformity", "DependenceNonUniformity", "DependenceCountNonUniformity", "Z87G", "ngl.dcnu"],
  /** Normalised dependence (count) non-uniformity Σ_j m_j² / N_s². IBSI OKJI. */
  ["sizeNonUniformityNormalised", "DependenceNonUniformityNormalized", "DependenceCountNonUniformityNormalized", "OKJI", "ngl.dcnu.norm"],
  /** Dependence (count) percentage N_s / N_v. IBSI 6XV8. */
  ["percentage", "DependencePercentage", "DependenceCountPercentage", "6XV8", "ngl.dc.perc"],
  /** Gray level variance Σ (i − μ_i)² p. IBSI 1PFV. */
  ["grayVariance", "GrayLevelVariance", "GrayLevelVariance", "1PFV", "ngl.gl.var"],
  /** Dependence (count) variance Σ (j − μ_j)² p. IBSI DNX2. */
  ["sizeVariance", "DependenceVariance", "DependenceCountVariance", "DNX2", "ngl.dc.var"],
  /** Dependence (count) entropy −Σ p log₂ p. IBSI FCBV. */
  ["entropy", "DependenceEntropy", "DependenceCountEntropy", "FCBV", "ngl.dc.entr"],
  /** Dependence count energy Σ p² (IBSI only). IBSI CAS9. */
  ["energy", null, "DependenceCountEnergy", "CAS9", "ngl.dc.energy"],
];

/** Rows of the dependence feature table under PyRadiomics' (GLDM) or IBSI's (NGLDM) names. */
export function dependenceRows(naming: "gldm" | "ngldm"): SizeFeatureRow[] {
  // PyRadiomics deprecates two GLDM features (one equals firstorder Uniformity, the other is always 1).
  const deprecated = new Set(["GrayLevelNonUniformityNormalized", "DependencePercentage"]);
  return DEPENDENCE_FEATURES.flatMap(([kind, gldm, ngldm, code, tag]): SizeFeatureRow[] => {
    const name = naming === "gldm" ? gldm : ngldm;
    if (name === null) return [];
    return [[kind, name, code, tag, naming === "gldm" && deprecated.has(name) ? { deprecated: true } : undefined]];
  });
}
