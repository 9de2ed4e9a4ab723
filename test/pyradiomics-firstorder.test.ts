/**
 * PyRadiomics regression baseline for `firstorder` on brain1 (test/fixtures/pyradiomics):
 * every column (B-spline resampling to 2 mm included), to 1e-6 relative (upstream's own tests allow 3 %).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { extract, readVolume, type ParamsInput, type Volume } from "../src/index.js";
import { csvRecords, readFixture, readGzText } from "./helpers/fixtures.js";

const baseline = csvRecords(readGzText("pyradiomics", "baseline_firstorder.csv.gz"));
const featureRows = baseline.filter((r) => r["featureName"]!.startsWith("original_firstorder_"));

const COLUMNS: Array<{ column: string; params: ParamsInput; tolerance: number }> = [
  { column: "brain1", params: { setting: { profile: "pyradiomics", binWidth: 25, voxelArrayShift: 2000, minimumROIDimensions: 1 } }, tolerance: 1e-6 },
  { column: "brain1_normalization", params: { setting: { profile: "pyradiomics", binWidth: 5, normalize: true, normalizeScale: 100 } }, tolerance: 1e-6 },
  { column: "brain1_resegmentation", params: { setting: { profile: "pyradiomics", binWidth: 25, resegmentRange: [-3, 3], resegmentMode: "sigma" } }, tolerance: 1e-6 },
  { column: "brain1_resampling", params: { setting: { profile: "pyradiomics", binWidth: 25, resampledPixelSpacing: [2, 2, 2], interpolator: "sitkBSpline" } }, tolerance: 1e-6 },
];

let image: Volume;
let mask: Volume;
beforeAll(() => {
  image = readVolume(readFixture("pyradiomics", "brain1_image.nrrd"));
  mask = readVolume(readFixture("pyradiomics", "brain1_label.nrrd"));
});

describe.each(COLUMNS)("brain1 firstorder, column $column", ({ column, params, tolerance }) => {
  let values: Record<string, number>;
  let diagnostics: Record<string, string | number>;
  beforeAll(async () => {
    const row = await extract(image, mask, { ...params, featureClass: { firstorder: null } });
    values = row.values;
    diagnostics = row.diagnostics;
  });

  it("covers every baseline feature and no other", () => {
    expect(Object.keys(values).sort()).toEqual(featureRows.map((r) => r["featureName"]).sort());
  });

  it.each(featureRows.map((r) => [r["featureName"]!, Number(r[column])] as const))(`%s within ${tolerance} relative`, (name, expected) => {
    const got = values[name]!;
    const relative = expected === 0 ? Math.abs(got) : Math.abs(1 - got / expected);
    expect(relative, `${name}: got ${got}, baseline ${expected}`).toBeLessThanOrEqual(tolerance);
  });

  it("matches the baseline's image and mask hashes and mask statistics", () => {
    const b = (key: string) => baseline.find((r) => r["featureName"] === key)![column];
    expect(diagnostics["diagnostics_Image-original_Hash"]).toBe(b("diagnostics_Image-original_Hash"));
    expect(diagnostics["diagnostics_Mask-original_Hash"]).toBe(b("diagnostics_Mask-original_Hash"));
    expect(diagnostics["diagnostics_Mask-original_BoundingBox"]).toBe(b("diagnostics_Mask-original_BoundingBox"));
    expect(String(diagnostics["diagnostics_Mask-original_VoxelNum"])).toBe(b("diagnostics_Mask-original_VoxelNum"));
    expect(String(diagnostics["diagnostics_Mask-original_VolumeNum"])).toBe(b("diagnostics_Mask-original_VolumeNum"));
  });
});
