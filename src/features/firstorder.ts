/**
 * PyRadiomics `firstorder`: 19 features of the distribution of ROI intensities
 * (18 enabled by default; StandardDeviation is deprecated upstream).
 *
 * Glossary:
 * - X: the N_p intensities of the ROI (not discretised), x̄ their mean;
 * - c: `voxelArrayShift`, added in Energy, TotalEnergy and RootMeanSquared only;
 * - P_k: the k-th percentile (numpy linear interpolation);
 * - X_{10-90}: the values with P10 ≤ x ≤ P90;
 * - p(i): fraction of ROI voxels in gray level i after discretisation (binWidth/binCount);
 * - ε: machine epsilon (2.2·10⁻¹⁶), added inside the entropy logarithm as PyRadiomics does;
 * - V_voxel: the volume of one voxel in mm³.
 *
 * Variance is the population variance; Kurtosis is μ₄/σ⁴ (not the IBSI excess kurtosis);
 * Skewness and Kurtosis are 0 for a flat ROI. Worked example: X = {1, 2, 3, 4} gives
 * Mean 2.5, Variance 1.25, Range 3, MeanAbsoluteDeviation 1, Skewness 0.
 * @module
 */
import { once } from "../once.js";
import { wholeRoi, type FeatureDefinition, type FeatureFamily, type RoiInput } from "./types.js";
import { entropy } from "../math/entropy.js";
import { levelProbabilities, MACHINE_EPSILON, summarise, summaryPercentile, type ValueSummary } from "./summary.js";

/** Context of the first-order family. */
export interface FirstOrderContext {
  summary: ValueSummary;
  voxelVolume: number;
  /** p(i) of the discretised intensities (lazy: only Entropy and Uniformity need it). */
  probabilities(): Float64Array;
}

function buildContext(input: RoiInput): FirstOrderContext {
  const [sx, sy, sz] = input.image.spacing;
  return {
    summary: summarise(input.values, input.kernels, input.settings.voxelArrayShift),
    voxelVolume: sx * sy * sz,
    probabilities: once(() => levelProbabilities(input.levelCounts(), input.values.length)),
  };
}

const sd = (c: FirstOrderContext) => Math.sqrt(c.summary.variance);

const features: FeatureDefinition<FirstOrderContext>[] = [
  /** Energy = Σ (x + c)². IBSI stat.energy (N8CA) when c = 0. */
  { name: "Energy", ibsiCode: null, ibsiTag: null, compute: (c) => c.summary.shiftedSumOfSquares },
  /** TotalEnergy = V_voxel Σ (x + c)². No IBSI equivalent. */
  { name: "TotalEnergy", ibsiCode: null, ibsiTag: null, compute: (c) => c.voxelVolume * c.summary.shiftedSumOfSquares },
  /** Entropy = −Σ_i p(i) log₂(p(i) + ε). IBSI ih.entropy (TLU2) up to ε. */
  {
    name: "Entropy", ibsiCode: "TLU2", ibsiTag: "ih.entropy",
    compute: (c) => entropy(c.probabilities(), MACHINE_EPSILON),
  },
  /** Minimum = min(X). IBSI 1GSF. */
  { name: "Minimum", ibsiCode: "1GSF", ibsiTag: "stat.min", compute: (c) => c.summary.min },
  /** 10Percentile = P10. IBSI QG58. */
  { name: "10Percentile", ibsiCode: "QG58", ibsiTag: "stat.P10", compute: (c) => summaryPercentile(c.summary, 10) },
  /** 90Percentile = P90. IBSI 8DWT. */
  { name: "90Percentile", ibsiCode: "8DWT", ibsiTag: "stat.P90", compute: (c) => summaryPercentile(c.summary, 90) },
  /** Maximum = max(X). IBSI 84IY. */
  { name: "Maximum", ibsiCode: "84IY", ibsiTag: "stat.max", compute: (c) => c.summary.max },
  /** Mean = Σx / N_p. IBSI Q4LE. */
  { name: "Mean", ibsiCode: "Q4LE", ibsiTag: "stat.mean", compute: (c) => c.summary.mean },
  /** Median = P50. IBSI Y12H. */
  { name: "Median", ibsiCode: "Y12H", ibsiTag: "stat.median", compute: (c) => summaryPercentile(c.summary, 50) },
  /** InterquartileRange = P75 − P25. IBSI SALO. */
  {
    name: "InterquartileRange", ibsiCode: "SALO", ibsiTag: "stat.iqr",
    compute: (c) => summaryPercentile(c.summary, 75) - summaryPercentile(c.summary, 25),
  },
  /** Range = max(X) − min(X). IBSI 2OJQ. */
  { name: "Range", ibsiCode: "2OJQ", ibsiTag: "stat.range", compute: (c) => c.summary.max - c.summary.min },
  /** MeanAbsoluteDeviation = Σ|x − x̄| / N_p. IBSI 4FUA. */
  { name: "MeanAbsoluteDeviation", ibsiCode: "4FUA", ibsiTag: "stat.mad", compute: (c) => c.summary.meanAbsoluteDeviation },
  /** RobustMeanAbsoluteDeviation = mean |x − x̄₁₀₋₉₀| over X_{10-90}. IBSI 1128. */
  {
    name: "RobustMeanAbsoluteDeviation", ibsiCode: "1128", ibsiTag: "stat.rmad",
    compute: (c) => c.summary.robustMeanAbsoluteDeviation,
  },
  /** RootMeanSquared = √(Σ (x + c)² / N_p). IBSI stat.rms (5ZWQ) when c = 0. */
  { name: "RootMeanSquared", ibsiCode: null, ibsiTag: null, compute: (c) => Math.sqrt(c.summary.shiftedSumOfSquares / c.summary.count) },
  /** StandardDeviation = √Variance (deprecated upstream: it duplicates Variance). No IBSI code. */
  { name: "StandardDeviation", ibsiCode: null, ibsiTag: null, deprecated: true, compute: sd },
  /** Skewness = μ₃ / μ₂^{3/2}; 0 when μ₂ = 0. IBSI KE2A. */
  {
    name: "Skewness", ibsiCode: "KE2A", ibsiTag: "stat.skew",
    compute: (c) => (c.summary.variance === 0 ? 0 : c.summary.m3 / c.summary.variance ** 1.5),
  },
  /** Kurtosis = μ₄ / μ₂²; 0 when μ₂ = 0. Not excess kurtosis: IBSI IPH6 + 3, so no IBSI tag. */
  {
    name: "Kurtosis", ibsiCode: null, ibsiTag: null,
    compute: (c) => (c.summary.variance === 0 ? 0 : c.summary.m4 / c.summary.variance ** 2),
  },
  /** Variance = Σ (x − x̄)² / N_p. IBSI ECT3. */
  { name: "Variance", ibsiCode: "ECT3", ibsiTag: "stat.var", compute: (c) => c.summary.variance },
  /** Uniformity = Σ_i p(i)². IBSI ih.uniformity (BJ5W). */
  {
    name: "Uniformity", ibsiCode: "BJ5W", ibsiTag: "ih.uniformity",
    compute: (c) => c.probabilities().reduce((s, p) => s + p * p, 0),
  },
];

/** The features that read the gray levels' probabilities (the rest read the intensities). */
const BINNED = new Set(["Entropy", "Uniformity"]);

/** The PyRadiomics first-order family. */
export const firstOrderFamily: FeatureFamily<FirstOrderContext> = {
  name: "firstorder",
  title: "PyRadiomics first-order statistics of ROI intensities",
  discretises: (wanted) => wanted.some((f) => BINNED.has(f.name)),
  evaluate: wholeRoi(buildContext),
  features,
};
