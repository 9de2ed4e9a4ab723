/**
 * Gray level co-occurrence matrix (GLCM) features: IBSI family LFYI (25 features) and
 * PyRadiomics `glcm` (28, of which 4 deprecated), under PyRadiomics' names.
 *
 * Glossary (one matrix, after aggregation):
 * - M(i, j): co-occurrence counts of levels i and j in voxels one direction vector apart,
 *   made symmetric (M + Mᵀ; always in IBSI, by `symmetricalGLCM` in PyRadiomics);
 * - p(i, j) = M(i, j) / Σ M; p_x(i) = Σ_j p(i, j), p_y(j) = Σ_i p(i, j);
 * - μ_x = Σ i p_x(i), μ_y = Σ j p_y(j), σ_x, σ_y their standard deviations;
 * - p_{x+y}(k) = Σ_{i+j=k} p(i, j) for k = 2 … 2N_g; p_{x−y}(k) = Σ_{|i−j|=k} p(i, j) for k = 0 … N_g − 1;
 * - HX, HY = entropies of p_x, p_y; HXY = −Σ p log₂ p;
 *   HXY1 = −Σ p(i, j) log₂(p_x(i) p_y(j)) and HXY2 = −Σ p_x(i) p_y(j) log₂(p_x(i) p_y(j)),
 *   both HX + HY: log₂(p_x(i) p_y(j)) = log₂ p_x(i) + log₂ p_y(j), Σ_j p(i, j) = p_x(i)
 *   and Σ p_x = Σ p_y = 1. Computed so, with N_g logarithms instead of N_g² (PyRadiomics
 *   adds its ε inside log₂(p_x p_y + ε), which moves no value beyond rounding; docs/decisions.md);
 * - N_g: the highest gray level (rows of absent levels are zero and change no sum).
 *
 * Degenerate cases: IBSI gives NaN where a formula divides by zero; the pyradiomics
 * profile follows PyRadiomics (Correlation 1 when σ_x σ_y = 0, IMC1 0 for a single gray
 * level, IMC2 0 when HXY2 = HXY, MCC 1 for a single gray level).
 *
 * Worked example: the 2 × 2 image [[1, 2], [2, 1]] with direction (1, 0) gives the pairs
 * (1, 2) and (2, 1); symmetric M = [[0, 2], [2, 0]], so p(1, 2) = p(2, 1) = ½, Contrast 1,
 * JointAverage 1.5, Autocorrelation 2.
 * @module
 */
import type { Slab } from "../kernels/texture.js";
import { jsKernels } from "../kernels/js.js";
import type { Kernels } from "../kernels/types.js";
import type { Profile, Settings } from "../settings.js";
import type { Matrix } from "../texture/aggregation.js";
import { ibsiDirections, pyradiomicsAngles } from "../texture/directions.js";
import { directionalFamily } from "../texture/family.js";
import { requireMatrixRoom, slabVoxels, type TextureVolume } from "../texture/volume.js";
import { listedWith } from "../scratch.js";
import { MACHINE_EPSILON } from "./summary.js";
import type { GlcmSums } from "../kernels/glcm.js";
import type { FeatureDefinition } from "./types.js";

/** Quantities of one normalised co-occurrence matrix: its sums (kernels/glcm.ts) and what the formulas need besides. */
export interface GlcmContext extends GlcmSums {
  profile: Profile;
  /** Kernels of the ROI's backend (the maximal correlation coefficient's eigenvalues). */
  kernels: Kernels;
  /** The counts M, n × n, and whether p is made from M + Mᵀ (for the eigenvalues). */
  counts: Float64Array;
  symmetric: boolean;
  /** ε inside entropy logarithms: 0 (IBSI) or machine epsilon (PyRadiomics). */
  eps: number;
  /** Matrix size (highest gray level). */
  n: number;
  sigx: number;
  sigy: number;
}

/** Builds the context of a count matrix (made symmetric when `symmetric`); null when empty. */
export function glcmContext(m: Matrix, profile: Profile, symmetric: boolean, kernels: Kernels = jsKernels): GlcmContext | null {
  const eps = profile === "pyradiomics" ? MACHINE_EPSILON : 0;
  const sums = kernels.glcmSums(m.data, m.rows, symmetric, eps);
  if (!sums) return null;
  return { ...sums, profile, kernels, counts: m.data, symmetric, eps, n: m.rows, sigx: Math.sqrt(sums.varianceX), sigy: Math.sqrt(sums.varianceY) };
}

/**
 * Maximal correlation coefficient: √ of the second largest eigenvalue of
 * Q(i, j) = Σ_k p(i, k) p(j, k) / (p_x(i) p_y(k)). Q is similar to the symmetric
 * S = D^{−½} A D^{−½} with A(i, j) = Σ_k p(i, k) p(j, k)/p_y(k) and D = diag(p_x) over the
 * levels with p_x > 0, whose second largest eigenvalue is computed instead; S = W Wᵀ with
 * W(i, k) = p(i, k)/√(p_x(i) p_y(k)) over the columns with p_y > 0.
 */
function maximalCorrelation(c: GlcmContext): number {
  // One eigenvalue per level with p_x > 0: a single level has no second (NaN).
  const second = c.kernels.glcmSecondEigenvalue(c.counts, c.n, c.symmetric, c.total, c.px, c.py);
  if (Number.isNaN(second)) return c.profile === "pyradiomics" ? 1 : NaN;
  return Math.sqrt(Math.max(0, second));
}

const features: FeatureDefinition<GlcmContext>[] = [
  /** Autocorrelation = Σ i j p(i, j). IBSI QWB0. */
  { name: "Autocorrelation", ibsiCode: "QWB0", ibsiTag: "cm.auto.corr", compute: (c) => c.autocorrelation },
  /** Joint average μ_x = Σ i p(i, j). IBSI 60VM. */
  { name: "JointAverage", ibsiCode: "60VM", ibsiTag: "cm.joint.avg", compute: (c) => c.mux },
  /** Cluster prominence = Σ (i + j − μ_x − μ_y)⁴ p(i, j). IBSI AE86. */
  { name: "ClusterProminence", ibsiCode: "AE86", ibsiTag: "cm.clust.prom", compute: (c) => c.clusterProminence },
  /** Cluster shade = Σ (i + j − μ_x − μ_y)³ p(i, j). IBSI 7NFM. */
  { name: "ClusterShade", ibsiCode: "7NFM", ibsiTag: "cm.clust.shade", compute: (c) => c.clusterShade },
  /** Cluster tendency = Σ (i + j − μ_x − μ_y)² p(i, j). IBSI DG8W. */
  { name: "ClusterTendency", ibsiCode: "DG8W", ibsiTag: "cm.clust.tend", compute: (c) => c.clusterTendency },
  /** Contrast = Σ (i − j)² p(i, j). IBSI ACUI. */
  { name: "Contrast", ibsiCode: "ACUI", ibsiTag: "cm.contrast", compute: (c) => c.contrast },
  /**
   * Correlation = Σ (i − μ_x)(j − μ_y) p(i, j) / (σ_x σ_y). IBSI NI2N. σ_x σ_y = 0: NaN (ibsi),
   * 1 (pyradiomics).
   */
  {
    name: "Correlation", ibsiCode: "NI2N", ibsiTag: "cm.corr",
    compute: (c) => {
      const den = c.sigx * c.sigy;
      if (den === 0) return c.profile === "pyradiomics" ? 1 : NaN;
      return c.covariance / den;
    },
  },
  /** Difference average = Σ_k k p_{x−y}(k). IBSI TF7R. */
  { name: "DifferenceAverage", ibsiCode: "TF7R", ibsiTag: "cm.diff.avg", compute: (c) => c.differenceAverage },
  /** Difference entropy = −Σ_k p_{x−y}(k) log₂ p_{x−y}(k). IBSI NTRS. */
  { name: "DifferenceEntropy", ibsiCode: "NTRS", ibsiTag: "cm.diff.entr", compute: (c) => c.hDiff },
  /** Difference variance = Σ_k (k − DifferenceAverage)² p_{x−y}(k). IBSI D3YU. */
  { name: "DifferenceVariance", ibsiCode: "D3YU", ibsiTag: "cm.diff.var", compute: (c) => c.differenceVariance },
  /** Dissimilarity = Σ |i − j| p(i, j) (equals DifferenceAverage; deprecated in PyRadiomics). IBSI 8S9J. */
  { name: "Dissimilarity", ibsiCode: "8S9J", ibsiTag: "cm.dissimilarity", deprecated: true, profiles: ["ibsi"], compute: (c) => c.differenceAverage },
  /** Joint energy (angular second moment) = Σ p(i, j)². IBSI 8ZQL. */
  { name: "JointEnergy", ibsiCode: "8ZQL", ibsiTag: "cm.energy", compute: (c) => c.energy },
  /** Joint entropy HXY = −Σ p(i, j) log₂ p(i, j). IBSI TU9B. */
  { name: "JointEntropy", ibsiCode: "TU9B", ibsiTag: "cm.joint.entr", compute: (c) => c.hxy },
  /** Homogeneity 1 = Σ p(i, j)/(1 + |i − j|) (equals Id; deprecated in PyRadiomics). No separate IBSI code. */
  { name: "Homogeneity1", ibsiCode: null, ibsiTag: null, deprecated: true, profiles: [], compute: (c) => c.inverseDifference },
  /** Homogeneity 2 = Σ p(i, j)/(1 + (i − j)²) (equals Idm; deprecated in PyRadiomics). No separate IBSI code. */
  { name: "Homogeneity2", ibsiCode: null, ibsiTag: null, deprecated: true, profiles: [], compute: (c) => c.inverseDifferenceMoment },
  /**
   * Informational measure of correlation 1 = (HXY − HXY1)/max(HX, HY), HXY1 = HX + HY. IBSI
   * R8DG. A single gray level (HX = HY = 0, or −log₂(1 + ε) with ε, where HXY1 = HXY by its
   * definition): NaN (ibsi), 0 (pyradiomics).
   */
  {
    name: "Imc1", ibsiCode: "R8DG", ibsiTag: "cm.info.corr.1",
    compute: (c) => {
      const den = Math.max(c.hx, c.hy);
      if (den <= 0) return c.profile === "pyradiomics" ? 0 : NaN;
      return (c.hxy - (c.hx + c.hy)) / den;
    },
  },
  /**
   * Informational measure of correlation 2 = √(1 − exp(−2 (HXY2 − HXY))), HXY2 = HX + HY;
   * 0 when HXY2 ≤ HXY (HX + HY ≥ HXY: below only by rounding). IBSI JN9H.
   */
  {
    name: "Imc2", ibsiCode: "JN9H", ibsiTag: "cm.info.corr.2",
    compute: (c) => {
      const excess = c.hx + c.hy - c.hxy;
      return excess <= 0 ? 0 : Math.sqrt(1 - Math.exp(-2 * excess));
    },
  },
  /** Inverse difference moment = Σ_k p_{x−y}(k)/(1 + k²). IBSI WF0Z. */
  { name: "Idm", ibsiCode: "WF0Z", ibsiTag: "cm.inv.diff.mom", compute: (c) => c.inverseDifferenceMoment },
  /** Maximal correlation coefficient = √(second largest eigenvalue of Q). PyRadiomics only (no IBSI code). */
  { name: "MCC", ibsiCode: null, ibsiTag: null, profiles: ["pyradiomics"], compute: maximalCorrelation },
  /** Normalised inverse difference moment = Σ_k p_{x−y}(k)/(1 + k²/N_g²). IBSI 1QCO. */
  {
    name: "Idmn", ibsiCode: "1QCO", ibsiTag: "cm.inv.diff.mom.norm",
    compute: (c) => c.inverseDifferenceMomentNormalised,
  },
  /** Inverse difference = Σ_k p_{x−y}(k)/(1 + k). IBSI IB1Z. */
  { name: "Id", ibsiCode: "IB1Z", ibsiTag: "cm.inv.diff", compute: (c) => c.inverseDifference },
  /** Normalised inverse difference = Σ_k p_{x−y}(k)/(1 + k/N_g). IBSI NDRX. */
  { name: "Idn", ibsiCode: "NDRX", ibsiTag: "cm.inv.diff.norm", compute: (c) => c.inverseDifferenceNormalised },
  /** Inverse variance = Σ_{k≥1} p_{x−y}(k)/k². IBSI E8JP. */
  { name: "InverseVariance", ibsiCode: "E8JP", ibsiTag: "cm.inv.var", compute: (c) => c.inverseVariance },
  /** Joint maximum = max p(i, j). IBSI GYBY. */
  { name: "MaximumProbability", ibsiCode: "GYBY", ibsiTag: "cm.joint.max", compute: (c) => c.maximum },
  /** Sum average = Σ_k k p_{x+y}(k). IBSI ZGXS. */
  { name: "SumAverage", ibsiCode: "ZGXS", ibsiTag: "cm.sum.avg", compute: (c) => c.sumAverage },
  /** Sum variance = Σ_k (k − SumAverage)² p_{x+y}(k) (deprecated in PyRadiomics: equals ClusterTendency). IBSI OEEB. */
  { name: "SumVariance", ibsiCode: "OEEB", ibsiTag: "cm.sum.var", deprecated: true, profiles: ["ibsi"], compute: (c) => c.sumVariance },
  /** Sum entropy = −Σ_k p_{x+y}(k) log₂ p_{x+y}(k). IBSI P6QZ. */
  { name: "SumEntropy", ibsiCode: "P6QZ", ibsiTag: "cm.sum.entr", compute: (c) => c.hSum },
  /** Joint variance (sum of squares) = Σ (i − μ_x)² p(i, j). IBSI UR99. */
  { name: "SumSquares", ibsiCode: "UR99", ibsiTag: "cm.joint.var", compute: (c) => c.sumSquares },
];

/** Direction offsets: IBSI's 13 (3-D) or 4 (2-D) vectors per distance, or PyRadiomics' angles. */
function offsets(volume: TextureVolume, settings: Settings, inPlane: boolean): Int32Array {
  if (settings.profile === "pyradiomics") return pyradiomicsAngles(volume.size, settings.distances, false, inPlane);
  const perDistance = settings.distances.map((d) => ibsiDirections(inPlane, d));
  return Int32Array.from(perDistance.flatMap((a) => [...a]));
}

function matrices(slab: Slab, volume: TextureVolume, offs: Int32Array, settings: Settings): Matrix[] {
  const ng = volume.ng;
  requireMatrixRoom("GLCM", offs.length / 3, ng, ng, settings);
  // On the thread's scratch, given back with the ROI's arrays: the next map's counts reuse its pages.
  const counts = listedWith(volume, volume.kernels.cooccurrenceCounts(slab, ng, offs));
  const voxels = slabVoxels(volume, slab);
  return Array.from({ length: offs.length / 3 }, (_, d) => ({ data: counts.subarray(d * ng * ng, (d + 1) * ng * ng), rows: ng, cols: ng, voxels }));
}

/** PyRadiomics GLCM weights: exp(−‖d‖²), d = offset × spacing under the chosen norm. */
function weight(offset: [number, number, number], spacing: readonly number[], norm: NonNullable<Settings["weightingNorm"]>): number {
  const d = offset.map((o, a) => Math.abs(o) * spacing[a]!);
  switch (norm) {
    case "infinity": return Math.exp(-(Math.max(...d) ** 2));
    case "euclidean": return Math.exp(-d.reduce((s, v) => s + v * v, 0));
    case "manhattan": return Math.exp(-(d.reduce((s, v) => s + v, 0) ** 2));
    case "no_weighting": return 1;
  }
}

/** The GLCM family. */
export const glcmFamily = directionalFamily<GlcmContext>({
  name: "glcm",
  title: "Gray level co-occurrence matrix (IBSI LFYI)",
  features,
  offsets,
  matrices,
  weight,
  context: (m, volume, settings) => glcmContext(m, settings.profile, settings.profile === "ibsi" || settings.symmetricalGLCM, volume.kernels),
});
