/**
 * `FeatureTable`: many cases as one table, with a wide view (one record per case and
 * label), a long view (one line per value, when built from feature rows), writers for
 * CSV, JSON and Parquet, and joins with other tables (clinical, genomic) by a key column.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { escapeMarkup } from "../markup.js";
import { csvRecords } from "./csv.js";
import type { FeatureRow } from "./row.js";
import { recordsToCsv, toLongCsv, wideColumns, wideRecord } from "./writers.js";

/** A table cell: text, a number (NaN allowed), or absent. */
export type Cell = string | number | null;

/** How rows without a partner are treated by {@link FeatureTable.join}. */
export type JoinKind = "inner" | "left";

/** Options of {@link FeatureTable.join}. */
export interface JoinOptions {
  /** Key column, or [left column, right column]. */
  on: string | [string, string];
  /** `inner` keeps matched rows only; `left` keeps every left row (empty cells for the right side). @default "inner" */
  how?: JoinKind;
  /** Maps key values before matching, e.g. `(v) => v.slice(0, 12)` for TCGA patient barcodes. */
  key?: (value: string) => string;
}

/**
 * A table of cases (rows) and columns (ids, diagnostics, features): built from extraction
 * results or read from CSV, joined with clinical or genomic tables, written as wide or long
 * CSV, Parquet or HTML.
 * @example
 * ```ts
 * const features = FeatureTable.fromRows(rows);
 * const clinical = FeatureTable.fromCsv("case_id,age\np01,64\n");
 * const joined = features.join(clinical, { on: "case_id", how: "left" });
 * const csv = joined.toCSV();
 * ```
 */
export class FeatureTable {
  private constructor(
    /** Column names, in order. */
    readonly columns: readonly string[],
    /** One record per row, keyed by column. */
    readonly records: ReadonlyArray<Readonly<Record<string, Cell>>>,
    /** The feature rows behind the table, when it was built from extractions (for the long view). */
    private readonly featureRows: readonly FeatureRow[] = [],
  ) {}

  /** A table of extraction results; `passThrough[i]` columns (manifest extras) lead row i. */
  static fromRows(rows: readonly FeatureRow[], passThrough: ReadonlyArray<Record<string, string>> = []): FeatureTable {
    const withIds = rows.map((r, i) => ({ ...r, ids: { ...passThrough[i], ...r.ids } }));
    return new FeatureTable(wideColumns(withIds), withIds.map(wideRecord), withIds);
  }

  /** A table from records and an optional column order (default: first-seen). */
  static fromRecords(records: ReadonlyArray<Record<string, Cell>>, columns?: readonly string[]): FeatureTable {
    const cols = columns ?? [...new Set(records.flatMap((r) => Object.keys(r)))];
    return new FeatureTable(cols, records);
  }

  /** Reads a wide CSV (cells that read as numbers, `NaN` included, become numbers). */
  static fromCsv(text: string): FeatureTable {
    const { columns, records } = csvRecords(text);
    const numeric = (v: string) => v !== "" && (v === "NaN" || v === "Infinity" || v === "-Infinity" || Number.isFinite(Number(v)));
    const typed = records.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] === "" ? null : numeric(r[c]!) ? Number(r[c]) : r[c]!])));
    return new FeatureTable(columns, typed);
  }

  /** Number of rows. */
  get length(): number {
    return this.records.length;
  }

  /** The wide view as CSV. */
  toCSV(): string {
    return recordsToCsv(this.columns, this.records);
  }

  /** The long view (one line per value) as CSV; only for tables built from feature rows. */
  toLongCSV(): string {
    if (this.featureRows.length === 0 && this.records.length > 0) {
      throw new RadiomicsError("INVALID_INPUT", "this table was not built from extraction results, so it has no long view; write it wide");
    }
    return toLongCsv([...this.featureRows]);
  }

  /** The wide view as Parquet (hyparquet-writer, loaded on first use): numeric columns as DOUBLE, others as STRING. */
  async toParquet(): Promise<Uint8Array> {
    const { parquetWriteBuffer } = await import("hyparquet-writer");
    const columnData = this.columns.map((name) => {
      const values = this.records.map((r) => r[name] ?? null);
      const numeric = values.every((v) => v === null || typeof v === "number");
      return numeric
        ? { name, data: values, type: "DOUBLE" as const }
        : { name, data: values.map((v) => (v === null ? null : String(v))), type: "STRING" as const };
    });
    return new Uint8Array(parquetWriteBuffer({ columnData }));
  }

  /**
   * The table as an HTML `<table>` (notebooks, web pages): the columns given (default all),
   * numbers to `digits` significant digits, empty cells for missing values.
   */
  toHtml(options: { columns?: readonly string[]; digits?: number } = {}): string {
    const columns = options.columns ?? this.columns;
    const missing = columns.filter((c) => !this.columns.includes(c));
    if (missing.length) throw new RadiomicsError("INVALID_INPUT", `the table has no column ${missing.map((c) => `"${c}"`).join(", ")}`, { columns: missing });
    const cell = (v: Cell) => (v === null ? "" : typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(options.digits ?? 6)) : escapeMarkup(v));
    const head = columns.map((c) => `<th>${escapeMarkup(c)}</th>`).join("");
    const body = this.records.map((r) => `<tr>${columns.map((c) => `<td>${cell(r[c] ?? null)}</td>`).join("")}</tr>`).join("\n");
    return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
  }

  /** Joins another table by key: left columns first, then the right's other columns. */
  join(other: FeatureTable, options: JoinOptions): FeatureTable {
    const [leftKey, rightKey] = typeof options.on === "string" ? [options.on, options.on] : options.on;
    for (const [table, key, side] of [[this, leftKey, "left"], [other, rightKey, "right"]] as const) {
      if (!table.columns.includes(key)) {
        throw new RadiomicsError("INVALID_INPUT", `the ${side} table has no column "${key}"; its columns: ${table.columns.slice(0, 12).join(", ")}${table.columns.length > 12 ? ", …" : ""}`, { column: key });
      }
    }
    const normalise = (v: Cell) => (options.key ?? ((s: string) => s))(v === null ? "" : String(v));
    const index = new Map<string, Array<Readonly<Record<string, Cell>>>>();
    for (const r of other.records) {
      const k = normalise(r[rightKey] ?? null);
      index.set(k, [...(index.get(k) ?? []), r]);
    }
    const extra = other.columns.filter((c) => c !== rightKey && !this.columns.includes(c));
    const out: Array<Record<string, Cell>> = [];
    for (const left of this.records) {
      const matches = index.get(normalise(left[leftKey] ?? null)) ?? [];
      if (matches.length === 0 && options.how === "left") out.push({ ...left, ...Object.fromEntries(extra.map((c) => [c, null])) });
      for (const right of matches) out.push({ ...left, ...Object.fromEntries(extra.map((c) => [c, right[c] ?? null])) });
    }
    return new FeatureTable([...this.columns, ...extra], out);
  }
}
