/** Paths and loaders for the test fixtures (all under test/fixtures; see the READMEs there). */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { csvRecords as parseRecords, parseCsv } from "../../src/table/csv.js";

export { parseCsv };

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
export const ROOT = join(FIXTURES, "..", "..");

export const fixture = (...parts: string[]) => join(FIXTURES, ...parts);
export const readFixture = (...parts: string[]) => new Uint8Array(readFileSync(fixture(...parts)));

/** Text of a gzipped fixture. */
export const readGzText = (...parts: string[]) => gunzipSync(readFileSync(fixture(...parts))).toString("utf8");

/** CSV text → records keyed by the header. */
export function csvRecords(text: string): Array<Record<string, string>> {
  return parseRecords(text).records;
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
