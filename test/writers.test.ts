/** Output writers: wide and long CSV, JSON, text; quoting, precision, NaN. */
import { describe, expect, it } from "vitest";
import { LONG_COLUMNS, toJson, toLongCsv, toTextTable, toWideCsv, type FeatureRow } from "../src/index.js";
import { parseCsv } from "./helpers/fixtures.js";

const row: FeatureRow = {
  caseId: "p,1",
  label: 1,
  ids: { Image: 'a "quoted" path.nii', Mask: "m.nii", Label: "1" },
  diagnostics: { diagnostics_Mask_BoundingBox: "(0, 0, 0, 2, 2, 1)" },
  features: [
    { column: "original_firstorder_Mean", imageType: "original", family: "firstorder", feature: "Mean", aggregation: "3D", ibsiTag: "stat.mean", ibsiAggregation: "DHQ4", value: 0.1 + 0.2 },
    { column: "original_firstorder_Kurtosis", imageType: "original", family: "firstorder", feature: "Kurtosis", aggregation: "3D", ibsiTag: "", ibsiAggregation: "", value: NaN },
  ],
  values: { original_firstorder_Mean: 0.1 + 0.2, original_firstorder_Kurtosis: NaN },
  warnings: [],
};

describe("writers", () => {
  it("wide CSV: ids, diagnostics, then features; quoted where needed; round-trip numbers; NaN", () => {
    const [header, line] = parseCsv(toWideCsv([row]));
    expect(header).toEqual(["case_id", "Image", "Mask", "Label", "diagnostics_Mask_BoundingBox", "original_firstorder_Mean", "original_firstorder_Kurtosis"]);
    expect(line).toEqual(["p,1", 'a "quoted" path.nii', "m.nii", "1", "(0, 0, 0, 2, 2, 1)", "0.30000000000000004", "NaN"]);
    expect(Number(line![5])).toBe(0.1 + 0.2);
  });

  it("wide CSV: rows with different columns share one header", () => {
    const other: FeatureRow = { ...row, caseId: "p2", values: { original_firstorder_Median: 2 }, features: [] };
    const [header, , second] = parseCsv(toWideCsv([row, other]));
    expect(header!.at(-1)).toBe("original_firstorder_Median");
    expect(second!.at(-1)).toBe("2");
    expect(second![header!.indexOf("original_firstorder_Mean")]).toBe("");
  });

  it("long CSV: one line per value with IBSI keys", () => {
    const rows = parseCsv(toLongCsv([row]));
    expect(rows[0]).toEqual([...LONG_COLUMNS]);
    expect(rows[1]).toEqual(["p,1", "1", "original", "firstorder", "Mean", "3D", "stat.mean", "DHQ4", "0.30000000000000004"]);
    expect(rows[2]).toEqual(["p,1", "1", "original", "firstorder", "Kurtosis", "3D", "", "", "NaN"]);
  });

  it("JSON: wide records, NaN as null", () => {
    const [record] = JSON.parse(toJson([row]));
    expect(record.case_id).toBe("p,1");
    expect(record.original_firstorder_Mean).toBe(0.1 + 0.2);
    expect(record.original_firstorder_Kurtosis).toBeNull();
  });

  it("text table: aligned names and values", () => {
    expect(toTextTable([row]).split("\n")[1]).toMatch(/^original_firstorder_Mean\s+0\.30000000000000004$/);
  });
});
