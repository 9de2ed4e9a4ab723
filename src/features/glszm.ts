/**
 * Gray level size zone matrix (GLSZM) features: IBSI family 9SAK and PyRadiomics
 * `glszm` (16 features, PyRadiomics names).
 *
 * A zone is a group of voxels with equal gray level linked through their 26 neighbours
 * (8 within a slice in 2-D). M(i, j) counts zones of level i and size j voxels;
 * N_v = ROI voxels. Formulas: see `sizematrix.ts`.
 * Worked example: the slice [[1, 1], [2, 1]] holds one zone of level 1 (size 3) and one of
 * level 2 (size 1): zone percentage 2/4.
 * @module
 */
import type { Slab } from "../kernels/texture.js";
import type { Kernels } from "../kernels/types.js";
import { sparseMatrix, type Matrix } from "../texture/aggregation.js";
import { chebyshevNeighbourhood } from "../texture/directions.js";
import { volumeFamily } from "../texture/family.js";
import { slabVoxels, type TextureVolume } from "../texture/volume.js";
import { sizeMatrixContext, sizeMatrixFeatures, type SizeMatrixContext } from "./sizematrix.js";

const features = sizeMatrixFeatures([
  /** Small area emphasis Σ M/j² / N_s. IBSI 5QRC. */
  ["smallEmphasis", "SmallAreaEmphasis", "5QRC", "szm.sze"],
  /** Large area emphasis Σ M j² / N_s. IBSI 48P8. */
  ["largeEmphasis", "LargeAreaEmphasis", "48P8", "szm.lze"],
  /** Gray level non-uniformity Σ_i m_i² / N_s. IBSI JNSA. */
  ["grayNonUniformity", "GrayLevelNonUniformity", "JNSA", "szm.glnu"],
  /** Normalised gray level non-uniformity Σ_i m_i² / N_s². IBSI Y1RO. */
  ["grayNonUniformityNormalised", "GrayLevelNonUniformityNormalized", "Y1RO", "szm.glnu.norm"],
  /** Size zone non-uniformity Σ_j m_j² / N_s. IBSI 4JP3. */
  ["sizeNonUniformity", "SizeZoneNonUniformity", "4JP3", "szm.zsnu"],
  /** Normalised size zone non-uniformity Σ_j m_j² / N_s². IBSI VB3A. */
  ["sizeNonUniformityNormalised", "SizeZoneNonUniformityNormalized", "VB3A", "szm.zsnu.norm"],
  /** Zone percentage N_s / N_v. IBSI P30P. */
  ["percentage", "ZonePercentage", "P30P", "szm.z.perc"],
  /** Gray level variance Σ (i − μ_i)² p. IBSI BYLV. */
  ["grayVariance", "GrayLevelVariance", "BYLV", "szm.gl.var"],
  /** Zone size variance Σ (j − μ_j)² p. IBSI 3NSA. */
  ["sizeVariance", "ZoneVariance", "3NSA", "szm.zs.var"],
  /** Zone size entropy −Σ p log₂ p. IBSI GU8N. */
  ["entropy", "ZoneEntropy", "GU8N", "szm.zs.entr"],
  /** Low gray level zone emphasis Σ M/i² / N_s. IBSI XMSY. */
  ["lowGrayEmphasis", "LowGrayLevelZoneEmphasis", "XMSY", "szm.lgze"],
  /** High gray level zone emphasis Σ M i² / N_s. IBSI 5GN9. */
  ["highGrayEmphasis", "HighGrayLevelZoneEmphasis", "5GN9", "szm.hgze"],
  /** Small zone low gray level emphasis Σ M/(i² j²) / N_s. IBSI 5RAI. */
  ["smallLowGrayEmphasis", "SmallAreaLowGrayLevelEmphasis", "5RAI", "szm.szlge"],
  /** Small zone high gray level emphasis Σ M i²/j² / N_s. IBSI HW1V. */
  ["smallHighGrayEmphasis", "SmallAreaHighGrayLevelEmphasis", "HW1V", "szm.szhge"],
  /** Large zone low gray level emphasis Σ M j²/i² / N_s. IBSI YH51. */
  ["largeLowGrayEmphasis", "LargeAreaLowGrayLevelEmphasis", "YH51", "szm.lzlge"],
  /** Large zone high gray level emphasis Σ M i² j² / N_s. IBSI J17V. */
  ["largeHighGrayEmphasis", "LargeAreaHighGrayLevelEmphasis", "J17V", "szm.lzhge"],
]);

/**
 * Gray level × size (or × value of `measure`) histogram of zones. A column per size up to
 * the largest zone makes the matrix wide and mostly empty (69 levels × 25,760 sizes for
 * the CT phantom, 14 MB for a few thousand zones): when it would hold more than four cells
 * per zone, it is built from its non-zero entries instead (the same entries, in the same
 * order, as a scan of the dense matrix finds).
 */
export function zoneMatrix(ng: number, level: Int32Array, measure: Int32Array, voxels: number, kernels: Kernels): Matrix {
  // A loop, not Math.max(...measure): a filtered image can have more zones than a call has arguments.
  let cols = 1;
  for (let z = 0; z < measure.length; z++) if (measure[z]! > cols) cols = measure[z]!;
  if (ng * cols > 4 * level.length) return sparseMatrix(ng, cols, voxels, kernels.zoneEntries(ng, level, measure));
  const data = new Float64Array(ng * cols);
  for (let z = 0; z < level.length; z++) data[(level[z]! - 1) * cols + measure[z]! - 1]! += 1;
  return { data, rows: ng, cols, voxels };
}

function matrix(slab: Slab, volume: TextureVolume, _settings: unknown, inPlane: boolean): Matrix {
  const zones = volume.kernels.zoneScan(slab, chebyshevNeighbourhood(inPlane));
  return zoneMatrix(volume.ng, zones.level, zones.size, slabVoxels(volume, slab), volume.kernels);
}

/** The GLSZM family. */
export const glszmFamily = volumeFamily<SizeMatrixContext>({
  name: "glszm",
  title: "Gray level size zone matrix (IBSI 9SAK)",
  features,
  matrix,
  context: (m, volume, settings) => sizeMatrixContext(m, volume.kernels, settings.profile),
});
