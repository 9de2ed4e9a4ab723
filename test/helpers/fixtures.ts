/** Paths and loaders for the test fixtures (all under test/fixtures; see the READMEs there). */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
export const ROOT = join(FIXTURES, "..", "..");

export const fixture = (...parts: string[]) => join(FIXTURES, ...parts);
export const readFixture = (...parts: string[]) => new Uint8Array(readFileSync(fixture(...parts)));

/** Text of a gzipped fixture. */
export const readGzText = (...parts: string[]) => gunzipSync(readFileSync(fixture(...parts))).toString("utf8");

/** Minimal CSV parser (quoted fields with commas, doubled quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (ch !== "\r") field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** CSV text → records keyed by the header. */
export function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

/** One row of the IBSI 1 reference table. */
export interface IbsiReference {
  config: string;
  family: string;
  featureName: string;
  /** IBSI permanent identifier. */
  code: string;
  aggregation: string;
  value: number;
  tolerance: number;
  aggregationCode: string;
  tag: string;
}

export function ibsiReferences(): IbsiReference[] {
  return csvRecords(readGzText("ibsi1", "reference_values.csv.gz"))
    .filter((r) => r["value"] !== "")
    .map((r) => ({
      config: r["phantom_config"]!,
      family: r["family"]!,
      featureName: r["feature_name"]!,
      code: r["ibsi_code"]!,
      aggregation: r["aggregation"]!,
      value: Number(r["value"]),
      tolerance: Number(r["tolerance"]),
      aggregationCode: r["aggregation_code"]!,
      tag: r["feature_tag"]!,
    }));
}

/** Rounds to three significant digits, as IBSI reports its values. */
export function roundSignificant(v: number, digits = 3): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

/** IBSI pass rule: within tolerance as computed, or after rounding to three significant digits. */
export function withinIbsiTolerance(value: number, reference: number, tolerance: number): boolean {
  const slack = 1e-12 * Math.max(1, Math.abs(reference));
  return Math.abs(value - reference) <= tolerance + slack || Math.abs(roundSignificant(value) - reference) <= tolerance + slack;
}
