/**
 * IBSI intensity histogram features (family code ZVCW): 23 features of the discretised
 * intensities X_d of the ROI intensity mask, in 3D (DHQ4).
 *
 * Glossary: X_d ∈ {1, …, N_g} are the gray levels after discretisation (binWidth or
 * binCount); n_i is the number of voxels with level i and p_i = n_i / N_v; the histogram
 * H = (n_1, …, n_{N_g}) runs over every level up to the highest present, empty bins
 * included. The distribution statistics (mean … quartile coefficient of dispersion)
 * are those of the intensity statistics family applied to X_d.
 *
 * Histogram gradient: H'_1 = n_2 − n_1, H'_i = (n_{i+1} − n_{i−1})/2, H'_{N_g} = n_{N_g} − n_{N_g−1};
 * a single-level histogram has H' = (0).
 * Worked example (IBSI digital phantom): H = (50, 0, 1, 16, 0, 7) gives
 * H' = (−50, −24.5, 8, −0.5, −4.5, 7), so the maximum gradient is 8 at level 3 and
 * the minimum −50 at level 1.
 * @module
 */
import { distributionFeatures, type DistributionContext } from "./statistics.js";
import { entropy } from "../math/entropy.js";
import { levelProbabilities, summarise } from "./summary.js";
import { wholeRoi, type FeatureDefinition, type FeatureFamily, type RoiInput } from "./types.js";

const IH_CODES: Record<string, string> = {
  mean: "X6K6", var: "CH89", skew: "88K1", kurt: "C3I7", median: "WIFQ", min: "1PR8", P10: "GPMT", P90: "OZ0C",
  max: "3NCY", iqr: "WR0O", range: "5Z3W", mad: "D2ZX", rmad: "WRZB", medad: "4RNL", cov: "CWYJ", qcod: "SLWD",
};

interface HistogramContext extends DistributionContext {
  /** p_i by level; index 0 unused. */
  probabilities: Float64Array;
  /** Counts n_i by level; index 0 unused. */
  counts: Float64Array;
  /** Histogram gradient H'_i by level; index 0 unused. */
  gradient: Float64Array;
}

function histogramGradient(counts: Float64Array): Float64Array {
  const ng = counts.length - 1;
  const g = new Float64Array(ng + 1);
  if (ng < 2) return g;
  g[1] = counts[2]! - counts[1]!;
  for (let i = 2; i < ng; i++) g[i] = (counts[i + 1]! - counts[i - 1]!) / 2;
  g[ng] = counts[ng]! - counts[ng - 1]!;
  return g;
}

/** Level i (≥ 1) where `array[i]` is largest (`sign` 1) or smallest (`sign` −1); the lowest such level. */
function extremeLevel(array: Float64Array, sign: 1 | -1): number {
  let best = 1;
  for (let i = 2; i < array.length; i++) if (sign * array[i]! > sign * array[best]!) best = i;
  return best;
}

function buildContext(input: RoiInput): HistogramContext {
  const levels = input.levels();
  const counts = input.levelCounts();
  const probabilities = levelProbabilities(counts, levels.length);
  return { summary: summarise(levels, input.kernels), probabilities, counts, gradient: histogramGradient(counts) };
}

const features: FeatureDefinition<HistogramContext>[] = [
  ...distributionFeatures("ih", IH_CODES),
  /**
   * Mode: the level with the highest count; among ties the one closest to the mean
   * discretised intensity, and of two equally close the lower. IBSI AMMC.
   */
  {
    name: "Mode", ibsiCode: "AMMC", ibsiTag: "ih.mode",
    compute: (c) => {
      let best = 1;
      for (let i = 2; i < c.counts.length; i++) {
        const better = c.counts[i]! > c.counts[best]!
          || (c.counts[i] === c.counts[best] && Math.abs(i - c.summary.mean) < Math.abs(best - c.summary.mean));
        if (better) best = i;
      }
      return best;
    },
  },
  /** Entropy = −Σ p_i log₂ p_i. IBSI TLU2. */
  {
    name: "Entropy", ibsiCode: "TLU2", ibsiTag: "ih.entropy",
    compute: (c) => entropy(c.probabilities),
  },
  /** Uniformity = Σ p_i². IBSI BJ5W. */
  { name: "Uniformity", ibsiCode: "BJ5W", ibsiTag: "ih.uniformity", compute: (c) => c.probabilities.reduce((u, p) => u + p * p, 0) },
  /** Maximum histogram gradient = max H'. IBSI 12CE. */
  { name: "MaximumHistogramGradient", ibsiCode: "12CE", ibsiTag: "ih.max.grad", compute: (c) => c.gradient[extremeLevel(c.gradient, 1)]! },
  /** Maximum histogram gradient intensity = the level i of max H'. IBSI 8E6O. */
  { name: "MaximumHistogramGradientIntensity", ibsiCode: "8E6O", ibsiTag: "ih.max.grad.gl", compute: (c) => extremeLevel(c.gradient, 1) },
  /** Minimum histogram gradient = min H'. IBSI VQB3. */
  { name: "MinimumHistogramGradient", ibsiCode: "VQB3", ibsiTag: "ih.min.grad", compute: (c) => c.gradient[extremeLevel(c.gradient, -1)]! },
  /** Minimum histogram gradient intensity = the level i of min H'. IBSI RHQZ. */
  { name: "MinimumHistogramGradientIntensity", ibsiCode: "RHQZ", ibsiTag: "ih.min.grad.gl", compute: (c) => extremeLevel(c.gradient, -1) },
];

/** The IBSI intensity histogram family. */
export const histogramFamily: FeatureFamily<HistogramContext> = {
  name: "histogram",
  title: "IBSI intensity histogram features (ZVCW)",
  discretises: () => true,
  evaluate: wholeRoi(buildContext),
  features,
};
