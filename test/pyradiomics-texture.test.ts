/**
 * PyRadiomics regression baselines for the texture classes on brain1: every feature of
 * glcm, glrlm, glszm, gldm and ngtdm in every column (B-spline resampling to 2 mm
 * included), to 1e-6 relative (upstream's own tests allow 3 %).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { extract, readVolume, type ParamsInput, type Volume } from "../src/index.js";
import { csvRecords, readFixture, readGzText } from "./helpers/fixtures.js";

const COLUMNS: Record<string, Record<string, unknown>> = {
  brain1: { binWidth: 25, voxelArrayShift: 2000, minimumROIDimensions: 1 },
  brain1_2d: { force2D: true },
  brain1_FBN: { binCount: 64 },
  brain1_combined: { weightingNorm: "no_weighting" },
  brain1_flatRegion: { binWidth: 5000, resegmentRange: [0] },
  brain1_normalization: { normalize: true, normalizeScale: 100, binWidth: 5 },
  brain1_resegmentation: { resegmentRange: [-3, 3], resegmentMode: "sigma" },
  brain1_resampling: { resampledPixelSpacing: [2, 2, 2], interpolator: "sitkBSpline" },
};
const FAMILIES = ["glcm", "glrlm", "glszm", "gldm", "ngtdm"];

let image: Volume;
let mask: Volume;
beforeAll(() => {
  image = readVolume(readFixture("pyradiomics", "brain1_image.nrrd"));
  mask = readVolume(readFixture("pyradiomics", "brain1_label.nrrd"));
});

describe.each(FAMILIES)("brain1 %s baseline", (family) => {
  const baseline = csvRecords(readGzText("pyradiomics", `baseline_${family}.csv.gz`));
  const featureRows = baseline.filter((r) => r["featureName"]!.startsWith(`original_${family}_`));
  const columns = Object.keys(COLUMNS).filter((c) => featureRows.some((r) => r[c] !== "" && r[c] !== undefined));

  it.each(columns)("column %s: every feature within 1e-6 relative", async (column) => {
    const params: ParamsInput = { setting: { profile: "pyradiomics", ...COLUMNS[column] }, featureClass: { [family]: null } };
    const { values } = await extract(image, mask, params);
    expect(Object.keys(values).sort()).toEqual(featureRows.map((r) => r["featureName"]).sort());
    for (const r of featureRows) {
      const expected = Number(r[column]);
      const got = values[r["featureName"]!]!;
      const relative = expected === 0 ? Math.abs(got) : Math.abs(1 - got / expected);
      expect(relative, `${r["featureName"]} (${column}): got ${got}, baseline ${expected}`).toBeLessThanOrEqual(1e-6);
    }
  });
});
