/**
 * PyRadiomics' LBP3D image type on brain1: the maps at every ROI voxel against
 * PyRadiomics' own LBP3D steps run under numpy/scipy (fixtures/pyradiomics/lbp3d, see the
 * README there): the default settings and levels 3 / radius 2 / subdivision 2; and the
 * extraction's columns.
 */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { boundingBox, crop, defaultSettings, extract, filterImage, jsKernels, readVolume } from "../src/index.js";
import { icosphere, lbp3D, sphericalHarmonic } from "../src/filters/lbp3d.js";
import { readFixture } from "./helpers/fixtures.js";

const image = readVolume(readFixture("pyradiomics", "brain1_image.nrrd"));
const labels = readVolume(readFixture("pyradiomics", "brain1_label.nrrd"));
const roi = { ...labels, data: Uint8Array.from(labels.data as ArrayLike<number>, (v) => (v === 1 ? 1 : 0)) };

describe.each([
  { levels: 2, radius: 1, subdivision: 1 },
  { levels: 3, radius: 2, subdivision: 2 },
])("LBP3D maps, levels $levels, radius $radius, subdivision $subdivision", ({ levels, radius, subdivision }) => {
  it("match PyRadiomics' at every ROI voxel (1e-12 relative)", () => {
    const reference = JSON.parse(gunzipSync(readFixture("pyradiomics", "lbp3d", `brain1_levels${levels}_radius${radius}_subdivision${subdivision}.json.gz`)).toString("utf8"));
    const region = boundingBox(roi)!;
    const settings = { ...defaultSettings("pyradiomics"), lbp3DLevels: levels, lbp3DIcosphereRadius: radius, lbp3DIcosphereSubdivision: subdivision };
    const maps = [...lbp3D.responses({ image, region, roi: crop(roi, region), settings, kernels: jsKernels, warn: () => {} })];
    expect(maps.map((m) => m.name)).toEqual([...Array.from({ length: levels }, (_, l) => `lbp-3D-m${l + 1}`), "lbp-3D-k"]);
    const [sx, sy] = maps[0]!.image.size;
    const at = (m: number, [z, y, x]: number[]) => maps[m]!.image.data[x! - region.lower[0] + sx * (y! - region.lower[1] + sy * (z! - region.lower[2]))]!;
    expect(reference.zyx).toHaveLength(4137);
    let worst = 0, nans = 0;
    reference.zyx.forEach((zyx: number[], i: number) => {
      for (let l = 0; l < levels; l++) worst = Math.max(worst, Math.abs(at(l, zyx) - reference.levels[l][i]) / Math.max(1, Math.abs(reference.levels[l][i])));
      const k = reference.kurtosis[i];
      if (k === null) {
        expect(at(levels, zyx)).toBeNaN();
        nans++;
      } else worst = Math.max(worst, Math.abs(at(levels, zyx) - k) / Math.max(1, Math.abs(k)));
    });
    expect(worst).toBeLessThan(1e-12);
    expect(nans).toBeLessThan(4137);
  }, 60_000);
});

describe("LBP3D pieces", () => {
  it("builds icospheres of 12, 42 and 162 vertices on the sphere", () => {
    for (const [s, count] of [[0, 12], [1, 42], [2, 162]] as const) {
      const v = icosphere(s, 2);
      expect(v).toHaveLength(count);
      for (const p of v) expect(Math.hypot(p[0]!, p[1]!, p[2]!)).toBeCloseTo(2, 12);
    }
  });
  it("evaluates spherical harmonics as scipy's sph_harm (Y_1^1, Y_1^-1, Y_2^0 at azimuth 0.3, polar 1.1)", () => {
    // scipy.special.sph_harm(m, n, 0.3, 1.1) from scipy 1.10.1.
    const cases: Array<[number, number, number, number]> = [
      [1, 1, -0.29415472440126644, -0.09099271925124008],
      [-1, 1, 0.29415472440126644, -0.09099271925124008],
      [0, 2, -0.1207166501597705, 0],
    ];
    for (const [m, n, re, im] of cases) {
      const [r, i] = sphericalHarmonic(m, n, 0.3, 1.1);
      expect(r).toBeCloseTo(re, 12);
      expect(i).toBeCloseTo(im, 12);
    }
  });
  it("adds lbp-3D-m1, lbp-3D-m2 and lbp-3D-k columns to an extraction, and needs a mask for a map alone", async () => {
    const row = await extract(image, labels, { setting: { profile: "pyradiomics", binWidth: 1 }, imageType: { LBP3D: {} }, featureClass: { firstorder: ["Mean"] } });
    expect(Object.keys(row.values)).toEqual(["lbp-3D-m1_firstorder_Mean", "lbp-3D-m2_firstorder_Mean", "lbp-3D-k_firstorder_Mean"]);
    expect(Number.isFinite(row.values["lbp-3D-m1_firstorder_Mean"])).toBe(true);
    expect(() => filterImage(image, { imageType: { LBP3D: {} } }, { map: "lbp-3D-m1" })).toThrow(/LBP3D computes patterns at the ROI's voxels only, and needs a mask/);
    // A normalised image keeps its grid, so the mask still applies; resampling moves the grid, and is refused.
    expect(filterImage(image, { setting: { normalize: true }, imageType: { LBP3D: {} } }, { map: "lbp-3D-k", mask: labels }).image.size).toEqual(image.size);
    expect(() => filterImage(image, { setting: { resampledPixelSpacing: [2, 2, 2] }, imageType: { LBP3D: {} } }, { map: "lbp-3D-k", mask: labels }))
      .toThrow(/remove resampledPixelSpacing to use --mask/);
  });
});
