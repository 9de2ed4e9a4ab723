/**
 * How texture matrices become one value per feature: the IBSI aggregation methods and
 * PyRadiomics' per-angle averaging, shared by every texture family.
 *
 * Directional families (GLCM, GLRLM) have one matrix per direction, per slice in 2-D:
 * - `2D:averaged` (BTW3): features of every slice × direction matrix, averaged;
 * - `2D:slice-merged` (SUJT): directions summed per slice, features averaged over slices;
 * - `2.5D:direction-merged` (JJUI): slices summed per direction, averaged over directions;
 * - `2.5D:merged` (ZW7Z): everything summed into one matrix;
 * - `3D:averaged` (ITBB): features of each 3-D direction matrix, averaged;
 * - `3D:merged` (IAZD): the 3-D direction matrices summed into one.
 * Other families (GLSZM, GLDZM, NGTDM, NGLDM, GLDM) have one matrix per slice or volume:
 * `2D` (8QNN) averages per-slice features, `2.5D` (62GR) sums the slices, `3D` (KOBO).
 * Averages skip matrices without content (their features are NaN), as PyRadiomics' nanmean.
 *
 * PyRadiomics computes one matrix per angle over the whole ROI (in-plane angles with
 * force2D), takes features per angle and their mean — IBSI `3D:averaged`, or
 * `2.5D:direction-merged` with force2D — and with `weightingNorm` sums the weighted angle
 * matrices first (the merged methods).
 * @module
 */
import type { Settings } from "../settings.js";
import type { DirectionalAggregation, VolumeAggregation } from "./aggregation-methods.js";
import { nonZeroCells, type MatrixEntries } from "../kernels/texture.js";


/** IBSI codes of the aggregation methods. */
export const AGGREGATION_CODES: Record<DirectionalAggregation | VolumeAggregation, string> = {
  "2D:averaged": "BTW3", "2D:slice-merged": "SUJT", "2.5D:direction-merged": "JJUI", "2.5D:merged": "ZW7Z",
  "3D:averaged": "ITBB", "3D:merged": "IAZD", "2D": "8QNN", "2.5D": "62GR", "3D": "KOBO",
};

/** Column-name suffixes of the aggregation methods (ibsi profile). */
export const AGGREGATION_SUFFIXES: Record<DirectionalAggregation | VolumeAggregation, string> = {
  "2D:averaged": "2Davg", "2D:slice-merged": "2Dsmrg", "2.5D:direction-merged": "25Ddmrg", "2.5D:merged": "25Dmrg",
  "3D:averaged": "3Davg", "3D:merged": "3Dmrg", "2D": "2D", "2.5D": "25D", "3D": "3D",
};

/** A gray level × (size, length, count…) matrix, or N_g × N_g for co-occurrence. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
  /** ROI voxels the matrix describes (N_v); summed when matrices merge. */
  voxels: number;
  /** The non-zero entries, when the matrix was built from them (see {@link sparseMatrix}). */
  entries?: MatrixEntries;
}

/**
 * A matrix given by its non-zero entries (row-major): for wide, mostly empty matrices such
 * as a zone-size matrix with a column per size up to the largest zone. `data` is laid out
 * on first read only (merging matrices reads it; the features of one matrix read the entries).
 */
export function sparseMatrix(rows: number, cols: number, voxels: number, entries: MatrixEntries): Matrix {
  let data: Float64Array | null = null;
  return {
    rows,
    cols,
    voxels,
    entries,
    get data() {
      if (!data) {
        data = new Float64Array(rows * cols);
        for (let n = 0; n < entries.v.length; n++) data[(entries.i[n]! - 1) * cols + entries.j[n]! - 1] = entries.v[n]!;
      }
      return data;
    },
  };
}

/** The non-zero entries of a matrix, row-major. */
export function matrixEntries(matrix: Matrix): MatrixEntries {
  return matrix.entries ?? nonZeroCells(matrix.data, 1, matrix.rows, matrix.cols)[0]!;
}

/** Element-wise sum of matrices (columns padded to the widest). */
export function sumMatrices(matrices: readonly Matrix[]): Matrix {
  // reduce, not Math.max(...): per-slice aggregation merges a matrix per slice and direction.
  const rows = matrices.reduce((n, m) => Math.max(n, m.rows), 0);
  const cols = matrices.reduce((n, m) => Math.max(n, m.cols), 0);
  const data = new Float64Array(rows * cols);
  let voxels = 0;
  for (const m of matrices) {
    for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) data[r * cols + c]! += m.data[r * m.cols + c]!;
    voxels += m.voxels;
  }
  return { data, rows, cols, voxels };
}

/** The aggregation methods a run emits for a family. */
export function aggregationsFor(settings: Settings, directional: boolean): Array<DirectionalAggregation | VolumeAggregation> {
  if (settings.profile === "pyradiomics") {
    const dims = settings.force2D ? "2.5D" : "3D";
    if (!directional) return [dims];
    return [`${dims}:${settings.weightingNorm ? "merged" : settings.force2D ? "direction-merged" : "averaged"}` as DirectionalAggregation];
  }
  const wanted: readonly DirectionalAggregation[] = settings.textureAggregation ?? (settings.force2D
    ? ["2D:averaged", "2D:slice-merged", "2.5D:direction-merged", "2.5D:merged"]
    : ["3D:averaged", "3D:merged"]);
  if (directional) return [...wanted];
  return [...new Set(wanted.map((w) => w.split(":")[0] as VolumeAggregation))];
}

/**
 * Groups per-slice, per-direction matrices for a directional aggregation method.
 * `perSlice[s][d]` are 2-D matrices, `volume[d]` 3-D ones (computed only when needed).
 */
export function groupDirectional(
  aggregation: DirectionalAggregation,
  perSlice: () => Matrix[][],
  volume: () => Matrix[],
): Matrix[] {
  switch (aggregation) {
    case "2D:averaged": return perSlice().flat();
    case "2D:slice-merged": return perSlice().map(sumMatrices);
    case "2.5D:direction-merged": {
      const slices = perSlice();
      return slices[0]!.map((_, d) => sumMatrices(slices.map((s) => s[d]!)));
    }
    case "2.5D:merged": return [sumMatrices(perSlice().flat())];
    case "3D:averaged": return volume();
    case "3D:merged": return [sumMatrices(volume())];
  }
}

/** Groups per-slice matrices (or the volume matrix) for a non-directional aggregation method. */
export function groupVolume(aggregation: VolumeAggregation, perSlice: () => Matrix[], volume: () => Matrix): Matrix[] {
  switch (aggregation) {
    case "2D": return perSlice();
    case "2.5D": return [sumMatrices(perSlice())];
    case "3D": return [volume()];
  }
}

/** Mean of the finite values (NaN when there are none), as numpy's nanmean. */
export function nanMean(values: readonly number[]): number {
  let sum = 0, n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n ? sum / n : NaN;
}
