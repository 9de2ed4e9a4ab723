/**
 * PyRadiomics' filtered image types on brain1 (`live/brain1_filters.json`: Original,
 * Wavelet coif1, LoG σ 1 and 3 mm, Square, SquareRoot, Logarithm, Exponential, Gradient;
 * firstorder, shape and the five texture classes; 1,502 values from one run of real
 * PyRadiomics). Wavelet and the intensity maps are PyWavelets and numpy code there: 1e-6
 * relative. LoG and Gradient came from a stand-in for SimpleITK (see the fixture README):
 * the issue allows 1 %; we agree with it to 1e-7, and hold that at 1e-5.
 */
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { extract, readVolume, type FeatureRow } from "../src/index.js";
import { readFixture } from "./helpers/fixtures.js";

interface Live {
  params: { setting: Record<string, unknown>; imageType: Record<string, Record<string, unknown>>; featureClass: Record<string, string[]> };
  features: Record<string, number>;
}
const readLive = (file: string): Live => JSON.parse(gunzipSync(readFixture("pyradiomics", "live", file)).toString("utf8"));
const live = readLive("brain1_filters.json.gz");
const tolerance = (column: string) => (/^(log-sigma|gradient)/.test(column) ? 1e-5 : 1e-6);

/** brain1 extracted with a live file's params, in the pyradiomics profile. */
function extractLive({ params }: Live): Promise<FeatureRow> {
  const image = readVolume(readFixture("pyradiomics", "brain1_image.nrrd"));
  const mask = readVolume(readFixture("pyradiomics", "brain1_label.nrrd"));
  return extract(image, mask, { ...params, setting: { ...params.setting, profile: "pyradiomics" } });
}

let row: FeatureRow;
beforeAll(async () => {
  row = await extractLive(live);
}, 60_000);

describe("brain1 with PyRadiomics' filters", () => {
  it("has exactly PyRadiomics' columns, shape once (original_shape_*), in PyRadiomics' image-type order", () => {
    expect(Object.keys(row.values).sort()).toEqual(Object.keys(live.features).sort());
    const prefixes = [...new Set(row.features.map((f) => f.imageType))];
    expect(prefixes).toEqual([
      "original", "wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL", "wavelet-HLH", "wavelet-HHL", "wavelet-HHH", "wavelet-LLL",
      "log-sigma-1-0-mm-3D", "log-sigma-3-0-mm-3D", "square", "squareroot", "logarithm", "exponential", "gradient",
    ]);
  });

  const columns = Object.keys(live.features).filter((c) => !c.startsWith("original_"));
  it.each(columns)("%s", (column) => {
    const expected = live.features[column]!;
    const got = row.values[column]!;
    expect(Math.abs(got - expected)).toBeLessThanOrEqual(tolerance(column) * Math.max(Math.abs(expected), 1e-9));
  });
});

describe("brain1 with PyRadiomics' LBP2D (live/brain1_lbp2d.json: radius 1, 8 samples, uniform, binWidth 1)", () => {
  const lbp = readLive("brain1_lbp2d.json.gz");
  let lbpRow: FeatureRow;
  beforeAll(async () => {
    lbpRow = await extractLive(lbp);
  }, 60_000);
  it("has PyRadiomics' 107 columns (lbp-2D and the original shape) and its warning", () => {
    expect(Object.keys(lbpRow.values).sort()).toEqual(Object.keys(lbp.features).sort());
    expect(lbpRow.warnings.join(" ")).toMatch(/LBP2D computes patterns per slice/);
  });
  it.each(Object.keys(lbp.features).filter((c) => c.startsWith("lbp-2D")))("%s", (column) => {
    const expected = lbp.features[column]!;
    expect(Math.abs(lbpRow.values[column]! - expected)).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(expected), 1e-9));
  });
});
