/**
 * IBSI intensity-based statistical features (family code UHIW): 18 features of the
 * intensities X_gl of the N_v voxels in the ROI intensity mask, computed in 3D (DHQ4).
 *
 * Glossary: μ = mean of X_gl; σ² = population variance; μ₃, μ₄ = third and fourth
 * central moments; P_k = k-th percentile (linear interpolation between ranks, as numpy);
 * X_{10-90} = the intensities with P10 ≤ x ≤ P90.
 *
 * Degenerate cases are NaN: skewness and kurtosis when σ = 0, the coefficient of
 * variation when μ = 0, the quartile coefficient of dispersion when P75 + P25 = 0.
 * Worked example (IBSI digital phantom, 74 voxels of levels 1, 3, 4, 6): mean 2.15,
 * variance 3.05, median 1, range 5.
 * @module
 */
import { wholeRoi, type FeatureDefinition, type FeatureFamily, type RoiInput } from "./types.js";
import {
  summarise, summaryPercentile, type SummaryPercentile, type ValueSummary,
} from "./summary.js";

/** Context shared by the IBSI intensity statistics and intensity histogram families. */
export interface DistributionContext {
  summary: ValueSummary;
}

/** Statistics that IBSI defines identically for intensities and for discretised intensities. */
export function distributionFeatures(prefix: "stat" | "ih", codes: Record<string, string>): FeatureDefinition<DistributionContext>[] {
  const s = (c: DistributionContext) => c.summary;
  const p = (c: DistributionContext, q: SummaryPercentile) => summaryPercentile(c.summary, q);
  const def = (name: string, tag: string, compute: (c: DistributionContext) => number): FeatureDefinition<DistributionContext> => ({
    name, ibsiCode: codes[tag] ?? null, ibsiTag: `${prefix}.${tag}`, compute,
  });
  return [
    /** Mean = Σx / N_v. */
    def("Mean", "mean", (c) => s(c).mean),
    /** Variance = Σ(x − μ)² / N_v. */
    def("Variance", "var", (c) => s(c).variance),
    /** Skewness = μ₃ / σ³; NaN when σ = 0. */
    def("Skewness", "skew", (c) => (s(c).variance === 0 ? NaN : s(c).m3 / s(c).variance ** 1.5)),
    /** Excess kurtosis = μ₄ / σ⁴ − 3; NaN when σ = 0. */
    def("Kurtosis", "kurt", (c) => (s(c).variance === 0 ? NaN : s(c).m4 / s(c).variance ** 2 - 3)),
    /** Median = P50. */
    def("Median", "median", (c) => p(c, 50)),
    /** Minimum = min(X). */
    def("Minimum", "min", (c) => s(c).min),
    /** 10th percentile P10. */
    def("10Percentile", "P10", (c) => p(c, 10)),
    /** 90th percentile P90. */
    def("90Percentile", "P90", (c) => p(c, 90)),
    /** Maximum = max(X). */
    def("Maximum", "max", (c) => s(c).max),
    /** Interquartile range = P75 − P25. */
    def("InterquartileRange", "iqr", (c) => p(c, 75) - p(c, 25)),
    /** Range = max(X) − min(X). */
    def("Range", "range", (c) => s(c).max - s(c).min),
    /** Mean absolute deviation = Σ|x − μ| / N_v. */
    def("MeanAbsoluteDeviation", "mad", (c) => s(c).meanAbsoluteDeviation),
    /** Robust mean absolute deviation = mean |x − mean(X_{10-90})| over X_{10-90}. */
    def("RobustMeanAbsoluteDeviation", "rmad", (c) => s(c).robustMeanAbsoluteDeviation),
    /** Median absolute deviation = Σ|x − P50| / N_v. */
    def("MedianAbsoluteDeviation", "medad", (c) => s(c).medianAbsoluteDeviation),
    /** Coefficient of variation = σ / μ; NaN when μ = 0. */
    def("CoefficientOfVariation", "cov", (c) => (s(c).mean === 0 ? NaN : Math.sqrt(s(c).variance) / s(c).mean)),
    /** Quartile coefficient of dispersion = (P75 − P25) / (P75 + P25); NaN when the sum is 0. */
    def("QuartileCoefficientOfDispersion", "qcod", (c) => {
      const [q1, q3] = [p(c, 25), p(c, 75)];
      return q1 + q3 === 0 ? NaN : (q3 - q1) / (q3 + q1);
    }),
  ];
}

/** IBSI codes of the statistics family, by formula symbol. */
const STAT_CODES: Record<string, string> = {
  mean: "Q4LE", var: "ECT3", skew: "KE2A", kurt: "IPH6", median: "Y12H", min: "1GSF", P10: "QG58", P90: "8DWT",
  max: "84IY", iqr: "SALO", range: "2OJQ", mad: "4FUA", rmad: "1128", medad: "N72L", cov: "7TET", qcod: "9S40",
  energy: "N8CA", rms: "5ZWQ",
};

type StatisticsContext = DistributionContext;

const features: FeatureDefinition<StatisticsContext>[] = [
  ...distributionFeatures("stat", STAT_CODES),
  /** Energy = Σ x². IBSI N8CA. */
  { name: "Energy", ibsiCode: "N8CA", ibsiTag: "stat.energy", compute: (c) => c.summary.shiftedSumOfSquares },
  /** Root mean square = √(Σ x² / N_v). IBSI 5ZWQ. */
  { name: "RootMeanSquared", ibsiCode: "5ZWQ", ibsiTag: "stat.rms", compute: (c) => Math.sqrt(c.summary.shiftedSumOfSquares / c.summary.count) },
];

/** The IBSI intensity-based statistics family. */
export const statisticsFamily: FeatureFamily<StatisticsContext> = {
  name: "statistics",
  title: "IBSI intensity-based statistical features (UHIW)",
  evaluate: wholeRoi((input: RoiInput) => ({ summary: summarise(input.values, input.kernels) })),
  features,
};
