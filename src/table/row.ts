/**
 * `FeatureRow`: the result of one extraction (one case, one label), with the metadata
 * each value needs for the wide and long tables.
 * @module
 */

/** One computed value with its identity. */
export interface FeatureEntry {
  /** Wide-table column name (`original_glcm_Contrast`). */
  column: string;
  /** Image type column prefix (`original`). */
  imageType: string;
  /** Family (`firstorder`, `statistics` …). */
  family: string;
  /** Feature name (`Mean`). */
  feature: string;
  /** How the value was aggregated (`3D`, `2D:averaged` …). */
  aggregation: string;
  /** IBSI formula symbol (`stat.mean`), or "" when IBSI has none. */
  ibsiTag: string;
  /** IBSI aggregation code (`DHQ4`), or "" when IBSI has none. */
  ibsiAggregation: string;
  /** The value; NaN when it is undefined for this ROI. */
  value: number;
}

/** One case and label: identifying columns, diagnostics and feature values. */
export interface FeatureRow {
  caseId: string;
  label: number;
  /** Identifying columns in order: pass-through columns, `Image`, `Mask`, `Label`. */
  ids: Record<string, string>;
  /** `diagnostics_*` columns, in order. */
  diagnostics: Record<string, string | number>;
  /** Feature values with their metadata, in computation order. */
  features: FeatureEntry[];
  /** Wide-table view: column name → value. */
  values: Record<string, number>;
  /** What was skipped or set to NaN, in words (also in `diagnostics_Configuration_Warnings`). */
  warnings: string[];
}
