/**
 * Gray level distance zone matrix (GLDZM) features: IBSI family VMDZ (16 features).
 *
 * Zones as in the GLSZM (26-connected, 8 in 2-D, on the intensity mask). A zone's distance
 * is the smallest border distance of its voxels, where the border distance of a voxel of
 * the morphological mask is 1 on the border and grows by one per face step inward
 * (6-connected in 3-D, 4 within a slice in 2-D). M(i, j) counts zones of level i and
 * distance j; N_v = ROI voxels. Formulas: see `sizematrix.ts`.
 * Worked example: in a 3 × 3 slice of one level, every voxel lies in one zone whose
 * smallest distance is 1 (the centre's is 2).
 * @module
 */
import type { Slab } from "../kernels/texture.js";
import type { Matrix } from "../texture/aggregation.js";
import { chebyshevNeighbourhood } from "../texture/directions.js";
import { volumeFamily } from "../texture/family.js";
import { slabVoxels, type TextureVolume } from "../texture/volume.js";
import { zoneMatrix } from "./glszm.js";
import { sizeMatrixContext, sizeMatrixFeatures, type SizeMatrixContext } from "./sizematrix.js";

const features = sizeMatrixFeatures([
  /** Small distance emphasis Σ M/j² / N_s. IBSI 0GBI. */
  ["smallEmphasis", "SmallDistanceEmphasis", "0GBI", "dzm.sde"],
  /** Large distance emphasis Σ M j² / N_s. IBSI MB4I. */
  ["largeEmphasis", "LargeDistanceEmphasis", "MB4I", "dzm.lde"],
  /** Low gray level zone emphasis Σ M/i² / N_s. IBSI S1RA. */
  ["lowGrayEmphasis", "LowGrayLevelZoneEmphasis", "S1RA", "dzm.lgze"],
  /** High gray level zone emphasis Σ M i² / N_s. IBSI K26C. */
  ["highGrayEmphasis", "HighGrayLevelZoneEmphasis", "K26C", "dzm.hgze"],
  /** Small distance low gray level emphasis Σ M/(i² j²) / N_s. IBSI RUVG. */
  ["smallLowGrayEmphasis", "SmallDistanceLowGrayLevelEmphasis", "RUVG", "dzm.sdlge"],
  /** Small distance high gray level emphasis Σ M i²/j² / N_s. IBSI DKNJ. */
  ["smallHighGrayEmphasis", "SmallDistanceHighGrayLevelEmphasis", "DKNJ", "dzm.sdhge"],
  /** Large distance low gray level emphasis Σ M j²/i² / N_s. IBSI A7WM. */
  ["largeLowGrayEmphasis", "LargeDistanceLowGrayLevelEmphasis", "A7WM", "dzm.ldlge"],
  /** Large distance high gray level emphasis Σ M i² j² / N_s. IBSI KLTH. */
  ["largeHighGrayEmphasis", "LargeDistanceHighGrayLevelEmphasis", "KLTH", "dzm.ldhge"],
  /** Gray level non-uniformity Σ_i m_i² / N_s. IBSI VFT7. */
  ["grayNonUniformity", "GrayLevelNonUniformity", "VFT7", "dzm.glnu"],
  /** Normalised gray level non-uniformity Σ_i m_i² / N_s². IBSI 7HP3. */
  ["grayNonUniformityNormalised", "GrayLevelNonUniformityNormalized", "7HP3", "dzm.glnu.norm"],
  /** Zone distance non-uniformity Σ_j m_j² / N_s. IBSI V294. */
  ["sizeNonUniformity", "ZoneDistanceNonUniformity", "V294", "dzm.zdnu"],
  /** Normalised zone distance non-uniformity Σ_j m_j² / N_s². IBSI IATH. */
  ["sizeNonUniformityNormalised", "ZoneDistanceNonUniformityNormalized", "IATH", "dzm.zdnu.norm"],
  /** Zone percentage N_s / N_v. IBSI VIWW. */
  ["percentage", "ZonePercentage", "VIWW", "dzm.z.perc"],
  /** Gray level variance Σ (i − μ_i)² p. IBSI QK93. */
  ["grayVariance", "GrayLevelVariance", "QK93", "dzm.gl.var"],
  /** Zone distance variance Σ (j − μ_j)² p. IBSI 7WT1. */
  ["sizeVariance", "ZoneDistanceVariance", "7WT1", "dzm.zd.var"],
  /** Zone distance entropy −Σ p log₂ p. IBSI GBDU. */
  ["entropy", "ZoneDistanceEntropy", "GBDU", "dzm.zd.entr"],
]);

function matrix(slab: Slab, volume: TextureVolume, _settings: unknown, inPlane: boolean): Matrix {
  const distance = volume.kernels.borderDistance(volume.morphology, volume.size, slab.z0, slab.z1, inPlane);
  const zones = volume.kernels.zoneScan(slab, chebyshevNeighbourhood(inPlane), distance);
  return zoneMatrix(volume.ng, zones.level, zones.distance, slabVoxels(volume, slab), volume.kernels);
}

/** The GLDZM family. */
export const gldzmFamily = volumeFamily<SizeMatrixContext>({
  name: "gldzm",
  title: "Gray level distance zone matrix (IBSI VMDZ)",
  features,
  matrix,
  context: (m, volume, settings) => sizeMatrixContext(m, volume.kernels, settings.profile),
});
