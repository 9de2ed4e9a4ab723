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
import type { Kernels } from "../kernels/types.js";
import type { SizeMatrixSums } from "../kernels/sizematrix.js";
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
  /** The kernels that compute the sums (see {@link SizeMatrixSums}). */
  kernels: Kernels;
  /**
   * The non-zero entries in row-major order: 1-based level `i`, 1-based size `j`, count
   * `v`. Zone-size matrices are wide (a column per possible size) and mostly empty, so
   * the sums run over these only; skipping zeros changes no sum.
   */
  entries: MatrixEntries;
}

/** Context of a matrix (describing `voxels` ROI voxels, N_v); null when it holds nothing. */
export function sizeMatrixContext(matrix: Matrix, kernels: Kernels, profile: Profile, voxels = matrix.voxels): SizeMatrixContext | null {
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
  return total > 0 ? { rows, cols, total, voxels, byLevel, sizes, sizeTotals, eps, kernels, entries } : null;
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

/** The sums the formulas read, computed once per matrix by the kernels (kernels/sizematrix.ts), on the first feature that reads one. */
const sums = perObject((c: SizeMatrixContext): SizeMatrixSums => c.kernels.sizeMatrixSums(c.entries, c.byLevel, c.sizes, c.sizeTotals, c.total, c.eps));

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
  smallEmphasis: (c) => sums(c).small,
  largeEmphasis: (c) => sums(c).large,
  lowGrayEmphasis: (c) => sums(c).lowGray,
  highGrayEmphasis: (c) => sums(c).highGray,
  smallLowGrayEmphasis: (c) => sums(c).smallLowGray,
  smallHighGrayEmphasis: (c) => sums(c).smallHighGray,
  largeLowGrayEmphasis: (c) => sums(c).largeLowGray,
  largeHighGrayEmphasis: (c) => sums(c).largeHighGray,
  grayNonUniformity: (c) => sums(c).graySquares / c.total,
  grayNonUniformityNormalised: (c) => sums(c).graySquares / (c.total * c.total),
  sizeNonUniformity: (c) => sums(c).sizeSquares / c.total,
  sizeNonUniformityNormalised: (c) => sums(c).sizeSquares / (c.total * c.total),
  percentage: (c) => c.total / c.voxels,
  grayVariance: (c) => sums(c).grayVariance,
  sizeVariance: (c) => sums(c).sizeVariance,
  entropy: (c) => sums(c).entropy,
  energy: (c) => sums(c).energy,
};

/** One row of a family's feature table: kind, name, IBSI code, IBSI tag, and flags. */
export type SizeFeatureRow = [SizeFeatureKind, string, string | null, string | null, Partial<Pick<FeatureDefinition<unknown>, "deprecated" | "profiles">>?];

/** Feature definitions of a size-matrix family from its table. */
export function sizeMatrixFeatures(rows: SizeFeatureRow[]): FeatureDefinition<SizeMatrixContext>[] {
  return rows.map(([kind, name, ibsiCode, ibsiTag, flags]) => ({ name, ibsiCode, ibsiTag, ...flags, compute: SIZE_FORMULAS[kind] }));
}
