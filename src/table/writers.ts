/**
 * Writers for feature rows: wide CSV (one row per case and label), long CSV (one row per
 * value, keyed for joining with IBSI reference tables), JSON, and an aligned text table
 * for terminals. Numbers are written in full round-trip precision; NaN as `NaN`.
 * @module
 */
import type { FeatureRow } from "./row.js";

/** Columns of the long format, in order. */
export const LONG_COLUMNS = ["case_id", "label", "image_type", "family", "feature", "aggregation", "ibsi_tag", "ibsi_aggregation", "value"] as const;

/** Text of a number that reads back to the same double (`NaN`, `Infinity` for non-finite values). */
export function formatNumber(v: number): string {
  return String(v);
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number): string {
  const text = typeof value === "number" ? formatNumber(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(fields: Array<string | number>): string {
  return fields.map(csvField).join(",") + "\n";
}

/** Union of keys in first-seen order. */
function unionKeys(objects: Array<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) seen.add(k);
  return [...seen];
}

/** Wide-table column names: `case_id`, identifying columns, diagnostics, then features. */
export function wideColumns(rows: FeatureRow[]): string[] {
  return ["case_id", ...unionKeys(rows.map((r) => r.ids)), ...unionKeys(rows.map((r) => r.diagnostics)), ...unionKeys(rows.map((r) => r.values))];
}

/** One wide row as a column → cell map. */
export function wideRecord(row: FeatureRow): Record<string, string | number> {
  return { case_id: row.caseId, ...row.ids, ...row.diagnostics, ...row.values };
}

/** CSV of records in the given column order; absent cells are empty. */
export function recordsToCsv(columns: readonly string[], records: ReadonlyArray<Readonly<Record<string, string | number | null>>>): string {
  return csvLine([...columns]) + records.map((rec) => csvLine(columns.map((c) => rec[c] ?? ""))).join("");
}

/**
 * Wide CSV: a header and one line per row; cells a row lacks are empty.
 * @example
 * ```ts
 * const csv = toWideCsv(rows); // one line per case, PyRadiomics column names
 * ```
 */
export function toWideCsv(rows: FeatureRow[]): string {
  return recordsToCsv(wideColumns(rows), rows.map(wideRecord));
}

/**
 * Long CSV: one line per feature value, columns {@link LONG_COLUMNS}.
 * @example
 * ```ts
 * const csv = toLongCsv(rows); // one line per value, with IBSI tags and aggregation codes
 * ```
 */
export function toLongCsv(rows: FeatureRow[]): string {
  let out = csvLine([...LONG_COLUMNS]);
  for (const r of rows) {
    for (const f of r.features) {
      out += csvLine([r.caseId, r.label, f.imageType, f.family, f.feature, f.aggregation, f.ibsiTag, f.ibsiAggregation, f.value]);
    }
  }
  return out;
}

/**
 * JSON: an array of wide records; non-finite numbers become null (JSON has no NaN).
 * @example
 * ```ts
 * const json = toJson([row]);
 * ```
 */
export function toJson(rows: FeatureRow[]): string {
  return JSON.stringify(rows.map(wideRecord), (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}

/**
 * Two aligned columns, name and value, for reading in a terminal (features only).
 * @example
 * ```ts
 * console.log(toTextTable([row])); // aligned name/value lines for a terminal
 * ```
 */
export function toTextTable(rows: FeatureRow[]): string {
  const lines: string[] = [];
  for (const r of rows) {
    const entries = r.features.map((f) => [f.column, formatNumber(f.value)] as const);
    const width = entries.reduce((w, [name]) => Math.max(w, name.length), 7);
    lines.push(`${"feature".padEnd(width)}  value  (case ${r.caseId}, label ${r.label})`);
    for (const [name, value] of entries) lines.push(`${name.padEnd(width)}  ${value}`);
  }
  return lines.join("\n") + "\n";
}

/** Output formats the writers support. */
export type OutputFormat = "csv" | "long-csv" | "json" | "table";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["csv", "long-csv", "json", "table"];

/**
 * Renders rows in a format.
 * @example
 * ```ts
 * const text = formatRows(rows, "long-csv");
 * ```
 */
export function formatRows(rows: FeatureRow[], format: OutputFormat): string {
  switch (format) {
    case "csv": return toWideCsv(rows);
    case "long-csv": return toLongCsv(rows);
    case "json": return toJson(rows);
    case "table": return toTextTable(rows);
  }
}
