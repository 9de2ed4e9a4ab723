/**
 * Features shared by the gray level × size matrices: run lengths (GLRLM), zone sizes
 * (GLSZM), zone distances (GLDZM) and dependence counts (GLDM, NGLDM). Each family
 * names them its own way; the formulas are the same.
 *
 * Glossary (one matrix, after aggregation):
 * - M(i, j): the number of runs / zones / neighbourhoods with gray level i and size j
 *   (run length, zone size, border distance or dependence count);
 * - N_s = Σ M (runs, zones…), N_v = the ROI voxels the matrix describes;
 * - m_i = Σ_j M(i, j), m_j = Σ_i M(i, j); p(i, j) = M(i, j)/N_s;
 * - μ_i = Σ i p(i, j), μ_j = Σ j p(i, j).
 *
 * Worked example: runs {level 1: lengths 1, 2; level 2: length 1} give N_s = 3,
 * short run emphasis (1/1 + 1/4 + 1/1)/3 = 0.75, run percentage 3/4.
 * @module
 */
import { matrixEntries, type Matrix } from "../texture/aggregation.js";
import type { MatrixEntries } from "../kernels/texture.js";
import type { Profile } from "../settings.js";
import { entropy } from "../math/entropy.js";
import { sumOf } from "../math/sum.js";
import { MACHINE_EPSILON } from "./summary.js";
import { perObject } from "../once.js";
import type { FeatureDefinition } from "./types.js";

/** Quantities of one gray level × size matrix. */
export interface SizeMatrixContext {
  rows: number;
  cols: number;
  /** N_s. */
  total: number;
  /** N_v. */
  voxels: number;
  /** m_i by row (level − 1). */
  byLevel: Float64Array;
  /**
   * The columns (size − 1) with m_j > 0, ascending, and their m_j. A zone-size matrix has a
   * column per possible size (one per ROI voxel: 22 M for the largest ROIs measured) and
   * few of them are used: the sums over m_j run over these, in index order, which changes
   * no bit (an absent size adds +0), and no array a column long is made.
   */
  sizes: Int32Array;
  sizeTotals: Float64Array;
  /** ε inside the entropy logarithm: 0 (IBSI) or machine epsilon (PyRadiomics). */
  eps: number;
  /**
   * The non-zero entries in row-major order: 1-based level `i`, 1-based size `j`, count
   * `v`. Zone-size matrices are wide (a column per possible size) and mostly empty, so
   * the sums run over these only; skipping zeros changes no sum.
   */
  entries: MatrixEntries;
}

/** Context of a matrix (describing `voxels` ROI voxels, N_v); null when it holds nothing. */
export function sizeMatrixContext(matrix: Matrix, profile: Profile, voxels = matrix.voxels): SizeMatrixContext | null {
  const { rows, cols } = matrix;
  const entries = matrixEntries(matrix);
  const sizes = usedColumns(entries);
  const byLevel = new Float64Array(rows), sizeTotals = new Float64Array(sizes.length);
  let total = 0;
  for (let n = 0; n < entries.v.length; n++) {
    const v = entries.v[n]!;
    byLevel[entries.i[n]! - 1]! += v;
    sizeTotals[indexOf(sizes, entries.j[n]! - 1)]! += v;
    total += v;
  }
  const eps = profile === "pyradiomics" ? MACHINE_EPSILON : 0;
  return total > 0 ? { rows, cols, total, voxels, byLevel, sizes, sizeTotals, eps, entries } : null;
}

/** The distinct columns (0-based) of a matrix's non-zero entries, ascending. */
function usedColumns(entries: MatrixEntries): Int32Array {
  const sorted = Int32Array.from(entries.j).sort();
  let count = 0;
  for (let n = 0; n < sorted.length; n++) if (n === 0 || sorted[n] !== sorted[n - 1]) sorted[count++] = sorted[n]! - 1;
  return sorted.slice(0, count);
}

/** Where `value` is in the ascending `sorted` (it is there). */
function indexOf(sorted: Int32Array, value: number): number {
  let lo = 0, hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Σ_{i,j} M(i, j) f(i) g(j) / N_s (1-based i and j) for the eight emphases' weights. */
interface Emphases {
  small: number;
  large: number;
  lowGray: number;
  highGray: number;
  smallLowGray: number;
  smallHighGray: number;
  largeLowGray: number;
  largeHighGray: number;
}

/**
 * The eight emphases in one pass over the non-zero entries (f(i) ∈ {1, i², 1/i²} times
 * g(j) ∈ {1, j², 1/j²}; each sum adds its terms in entry order, as a pass of its own
 * would); computed once per matrix, on the first feature that reads one.
 */
const emphases = perObject((c: SizeMatrixContext): Emphases => {
  const { i, j, v } = c.entries;
  let small = 0, large = 0, lowGray = 0, highGray = 0, smallLowGray = 0, smallHighGray = 0, largeLowGray = 0, largeHighGray = 0;
  for (let n = 0; n < v.length; n++) {
    const m = v[n]!, iSquared = i[n]! * i[n]!, jSquared = j[n]! * j[n]!;
    const iInverse = 1 / iSquared, jInverse = 1 / jSquared;
    small += m * jInverse;
    large += m * jSquared;
    lowGray += m * iInverse;
    highGray += m * iSquared;
    smallLowGray += m * iInverse * jInverse;
    smallHighGray += m * iSquared * jInverse;
    largeLowGray += m * iInverse * jSquared;
    largeHighGray += m * iSquared * jSquared;
  }
  const t = c.total;
  return {
    small: small / t, large: large / t, lowGray: lowGray / t, highGray: highGray / t,
    smallLowGray: smallLowGray / t, smallHighGray: smallHighGray / t, largeLowGray: largeLowGray / t, largeHighGray: largeHighGray / t,
  };
});

const sumOfSquares = (a: Float64Array) => sumOf(a, (v) => v * v);

/**
 * Variance of the 1-based index of a marginal (a distribution with total N_s): `values[t]`
 * at index `at[t]` (ascending; the indices left out hold 0 and add nothing), or at t.
 */
function marginalVariance(c: SizeMatrixContext, values: Float64Array, at?: Int32Array): number {
  let mean = 0;
  for (let t = 0; t < values.length; t++) mean += ((at ? at[t]! : t) + 1) * values[t]!;
  mean /= c.total;
  let v = 0;
  for (let t = 0; t < values.length; t++) v += ((at ? at[t]! : t) + 1 - mean) ** 2 * values[t]!;
  return v / c.total;
}

/** The kinds of feature a size matrix supports. */
export type SizeFeatureKind =
  | "smallEmphasis" | "largeEmphasis" | "lowGrayEmphasis" | "highGrayEmphasis"
  | "smallLowGrayEmphasis" | "smallHighGrayEmphasis" | "largeLowGrayEmphasis" | "largeHighGrayEmphasis"
  | "grayNonUniformity" | "grayNonUniformityNormalised" | "sizeNonUniformity" | "sizeNonUniformityNormalised"
  | "percentage" | "grayVariance" | "sizeVariance" | "entropy" | "energy";

/**
 * The formula of each kind (j is the size index: run length, zone size, distance or
 * dependence count):
 * small emphasis Σ M/j² / N_s; large emphasis Σ M j² / N_s; low gray Σ M/i² / N_s;
 * high gray Σ M i² / N_s; and their products (small-low Σ M/(i² j²), small-high Σ M i²/j²,
 * large-low Σ M j²/i², large-high Σ M i² j², each / N_s); gray non-uniformity Σ_i m_i² / N_s
 * (normalised: / N_s²); size non-uniformity Σ_j m_j² / N_s (normalised: / N_s²);
 * percentage N_s / N_v; gray variance Σ (i − μ_i)² p; size variance Σ (j − μ_j)² p;
 * entropy −Σ p log₂ p; energy Σ p².
 */
export const SIZE_FORMULAS: Record<SizeFeatureKind, (c: SizeMatrixContext) => number> = {
  smallEmphasis: (c) => emphases(c).small,
  largeEmphasis: (c) => emphases(c).large,
  lowGrayEmphasis: (c) => emphases(c).lowGray,
  highGrayEmphasis: (c) => emphases(c).highGray,
  smallLowGrayEmphasis: (c) => emphases(c).smallLowGray,
  smallHighGrayEmphasis: (c) => emphases(c).smallHighGray,
  largeLowGrayEmphasis: (c) => emphases(c).largeLowGray,
  largeHighGrayEmphasis: (c) => emphases(c).largeHighGray,
  grayNonUniformity: (c) => sumOfSquares(c.byLevel) / c.total,
  grayNonUniformityNormalised: (c) => sumOfSquares(c.byLevel) / (c.total * c.total),
  sizeNonUniformity: (c) => sumOfSquares(c.sizeTotals) / c.total,
  sizeNonUniformityNormalised: (c) => sumOfSquares(c.sizeTotals) / (c.total * c.total),
  percentage: (c) => c.total / c.voxels,
  grayVariance: (c) => marginalVariance(c, c.byLevel),
  sizeVariance: (c) => marginalVariance(c, c.sizeTotals, c.sizes),
  entropy: (c) => entropy(c.entries.v, c.eps, c.total),
  energy: (c) => sumOf(c.entries.v, (v) => (v / c.total) ** 2),
};

/** One row of a family's feature table: kind, name, IBSI code, IBSI tag, and flags. */
export type SizeFeatureRow = [SizeFeatureKind, string, string | null, string | null, Partial<Pick<FeatureDefinition<unknown>, "deprecated" | "profiles">>?];

/** Feature definitions of a size-matrix family from its table. */
export function sizeMatrixFeatures(rows: SizeFeatureRow[]): FeatureDefinition<SizeMatrixContext>[] {
  return rows.map(([kind, name, ibsiCode, ibsiTag, flags]) => ({ name, ibsiCode, ibsiTag, ...flags, compute: SIZE_FORMULAS[kind] }));
}
