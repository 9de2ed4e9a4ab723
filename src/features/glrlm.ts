/**
 * Gray level run length matrix (GLRLM) features: IBSI family TP0I and PyRadiomics
 * `glrlm` (16 features, PyRadiomics names).
 *
 * A run is a maximal line of voxels with equal gray level along one direction (13 in
 * 3-D, 4 in-plane; a voxel outside the ROI ends a run). M(i, j) counts runs of level i
 * and length j; N_v = Σ j M(i, j) is the number of ROI voxels (summed when matrices
 * merge). Formulas: see `sizematrix.ts`. PyRadiomics drops a direction along which no
 * line holds more than one ROI voxel; with `weightingNorm` it weights each direction's
 * matrix by the direction's length (‖offset × spacing‖) before merging.
 * Worked example: the row 1 1 2 along x gives runs (1, length 2) and (2, length 1).
 * @module
 */
import { longestRun, type Slab } from "../kernels/texture.js";
import type { Settings } from "../settings.js";
import { matrixEntries, sparseMatrix, type Matrix } from "../texture/aggregation.js";
import { ibsiDirections, pyradiomicsAngles } from "../texture/directions.js";
import { directionalFamily } from "../texture/family.js";
import { requireMatrixRoom, slabVoxels, type TextureVolume } from "../texture/volume.js";
import { sizeMatrixContext, sizeMatrixFeatures, type SizeMatrixContext } from "./sizematrix.js";

const features = sizeMatrixFeatures([
  /** Short run emphasis Σ M/j² / N_s. IBSI 22OV. */
  ["smallEmphasis", "ShortRunEmphasis", "22OV", "rlm.sre"],
  /** Long run emphasis Σ M j² / N_s. IBSI W4KF. */
  ["largeEmphasis", "LongRunEmphasis", "W4KF", "rlm.lre"],
  /** Gray level non-uniformity Σ_i m_i² / N_s. IBSI R5YN. */
  ["grayNonUniformity", "GrayLevelNonUniformity", "R5YN", "rlm.glnu"],
  /** Normalised gray level non-uniformity Σ_i m_i² / N_s². IBSI OVBL. */
  ["grayNonUniformityNormalised", "GrayLevelNonUniformityNormalized", "OVBL", "rlm.glnu.norm"],
  /** Run length non-uniformity Σ_j m_j² / N_s. IBSI W92Y. */
  ["sizeNonUniformity", "RunLengthNonUniformity", "W92Y", "rlm.rlnu"],
  /** Normalised run length non-uniformity Σ_j m_j² / N_s². IBSI IC23. */
  ["sizeNonUniformityNormalised", "RunLengthNonUniformityNormalized", "IC23", "rlm.rlnu.norm"],
  /** Run percentage N_s / N_v. IBSI 9ZK5. */
  ["percentage", "RunPercentage", "9ZK5", "rlm.r.perc"],
  /** Gray level variance Σ (i − μ_i)² p. IBSI 8CE5. */
  ["grayVariance", "GrayLevelVariance", "8CE5", "rlm.gl.var"],
  /** Run length variance Σ (j − μ_j)² p. IBSI SXLW. */
  ["sizeVariance", "RunVariance", "SXLW", "rlm.rl.var"],
  /** Run entropy −Σ p log₂ p. IBSI HJ9O. */
  ["entropy", "RunEntropy", "HJ9O", "rlm.rl.entr"],
  /** Low gray level run emphasis Σ M/i² / N_s. IBSI V3SW. */
  ["lowGrayEmphasis", "LowGrayLevelRunEmphasis", "V3SW", "rlm.lgre"],
  /** High gray level run emphasis Σ M i² / N_s. IBSI G3QZ. */
  ["highGrayEmphasis", "HighGrayLevelRunEmphasis", "G3QZ", "rlm.hgre"],
  /** Short run low gray level emphasis Σ M/(i² j²) / N_s. IBSI HTZT. */
  ["smallLowGrayEmphasis", "ShortRunLowGrayLevelEmphasis", "HTZT", "rlm.srlge"],
  /** Short run high gray level emphasis Σ M i²/j² / N_s. IBSI GD3A. */
  ["smallHighGrayEmphasis", "ShortRunHighGrayLevelEmphasis", "GD3A", "rlm.srhge"],
  /** Long run low gray level emphasis Σ M j²/i² / N_s. IBSI IVPO. */
  ["largeLowGrayEmphasis", "LongRunLowGrayLevelEmphasis", "IVPO", "rlm.lrlge"],
  /** Long run high gray level emphasis Σ M i² j² / N_s. IBSI 3KUM. */
  ["largeHighGrayEmphasis", "LongRunHighGrayLevelEmphasis", "3KUM", "rlm.lrhge"],
]);

function offsets(volume: TextureVolume, settings: Settings, inPlane: boolean): Int32Array {
  return settings.profile === "pyradiomics" ? pyradiomicsAngles(volume.size, [1], false, inPlane) : ibsiDirections(inPlane);
}

function matrices(slab: Slab, volume: TextureVolume, directions: Int32Array, settings: Settings): Matrix[] {
  const ng = volume.ng;
  requireMatrixRoom("GLRLM", directions.length / 3, ng, longestRun(slab), settings);
  const { entries, maxRun, multiVoxelLine } = volume.kernels.runLengthCounts(slab, ng, directions);
  const voxels = slabVoxels(volume, slab);
  return entries.map((e, d) => {
    const dropped = settings.profile === "pyradiomics" && !multiVoxelLine[d];
    return sparseMatrix(ng, maxRun, voxels, dropped ? { i: new Int32Array(0), j: new Int32Array(0), v: new Float64Array(0) } : e);
  });
}

/** PyRadiomics GLRLM weights: the direction's length ‖offset × spacing‖ under the chosen norm. */
function weight(offset: [number, number, number], spacing: readonly number[], norm: NonNullable<Settings["weightingNorm"]>): number {
  const d = offset.map((o, a) => Math.abs(o) * spacing[a]!);
  switch (norm) {
    case "infinity": return Math.max(...d);
    case "euclidean": return Math.hypot(...d);
    case "manhattan": return d.reduce((s, v) => s + v, 0);
    case "no_weighting": return 1;
  }
}

/** The GLRLM family. */
export const glrlmFamily = directionalFamily<SizeMatrixContext>({
  name: "glrlm",
  title: "Gray level run length matrix (IBSI TP0I)",
  features,
  offsets,
  matrices,
  weight,
  // N_v of a run-length matrix is Σ j M(i, j): every ROI voxel lies in one run per direction.
  context: (m, volume, settings) => sizeMatrixContext(m, volume.kernels, settings.profile, runVoxels(m)),
});

/** Σ j M(i, j) over the non-zero entries, in row-major order (the cells left out add +0). */
function runVoxels(m: Matrix): number {
  const { j, v } = matrixEntries(m);
  let n = 0;
  for (let k = 0; k < v.length; k++) n += j[k]! * v[k]!;
  return n;
}
