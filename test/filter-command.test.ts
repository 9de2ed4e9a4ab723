/**
 * Response maps: `radiomics filter` and `filterImage`, and the NIfTI/NRRD writers they
 * use (geometry and samples read back exactly, oblique and left-handed directions
 * included). A map written to a file and read back gives the features the filtered image
 * type gives inside `extract` (float32 samples: to 1e-6).
 */
import { spawnSync } from "node:child_process";
import { gunzipSync } from "node:zlib";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeVolume, extract, filterImage, isRadiomicsError, readVolume, volumeFromArray, type Mat3 } from "../src/index.js";
import { fixture, readFixture, ROOT } from "./helpers/fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "radiomics-filter-"));
function radiomics(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const params = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("map writers", () => {
  const rotation = (a: number): Mat3 => [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
  const cases: Array<[string, Mat3]> = [
    ["identity", [1, 0, 0, 0, 1, 0, 0, 0, 1]],
    ["oblique", rotation(0.3)],
    ["left-handed (z flipped)", [1, 0, 0, 0, 1, 0, 0, 0, -1]],
    ["left-handed and oblique", [...rotation(-0.7).slice(0, 6), 0, 0, -1] as Mat3],
  ];
  it.each(cases)("NIfTI (.nii, .nii.gz) and NRRD keep geometry and samples: %s", (_name, direction) => {
    const data = Float32Array.from({ length: 3 * 4 * 5 }, (_, i) => Math.fround(i * 0.37 - 4));
    const volume = volumeFromArray(data, [3, 4, 5], { spacing: [0.5, 0.75, 2], origin: [-10, 20.5, 3], direction });
    for (const format of ["nifti", "nifti-gz", "nrrd"] as const) {
      const back = readVolume(encodeVolume(volume, format));
      expect(back.size).toEqual([3, 4, 5]);
      expect(Array.from(back.data)).toEqual(Array.from(data));
      back.spacing.forEach((s, a) => expect(s).toBeCloseTo(volume.spacing[a]!, 6));
      back.origin.forEach((o, a) => expect(o).toBeCloseTo(volume.origin[a]!, 5));
      back.direction.forEach((d, i) => expect(d).toBeCloseTo(direction[i]!, 6));
    }
  });
});

describe("radiomics filter", () => {
  const brain = fixture("pyradiomics", "brain1_image.nrrd");
  it("writes a LoG map that gives the LoG features extract gives", async () => {
    const out = join(dir, "log.nii.gz");
    const r = radiomics("filter", brain, "--params", params("log.yaml", "imageType:\n  LoG: {sigma: [2.0]}\n"), "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/log-sigma-2-0-mm-3D \(256 × 256 × 25\)/);
    const image = readVolume(readFixture("pyradiomics", "brain1_image.nrrd"));
    const mask = readVolume(readFixture("pyradiomics", "brain1_label.nrrd"));
    const map = readVolume(new Uint8Array(readFileSync(out)));
    expect(map.data).toBeInstanceOf(Float32Array);
    const setting = { profile: "pyradiomics", binWidth: 5, additionalInfo: false };
    const fromMap = await extract(map, mask, { setting, featureClass: { firstorder: null, glszm: null } });
    const direct = await extract(image, mask, { setting, imageType: { LoG: { sigma: [2.0] } }, featureClass: { firstorder: null, glszm: null } });
    const columns = Object.keys(direct.values);
    expect(columns).toHaveLength(18 + 16);
    for (const column of columns) {
      const expected = direct.values[column]!;
      expect(Math.abs(fromMap.values[column.replace("log-sigma-2-0-mm-3D", "original")]! - expected), column).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
    }
  });

  it("picks one map of several with --map, and lists them when none is named", () => {
    const wavelet = params("wavelet.yaml", "imageType:\n  Wavelet: {wavelet: haar}\n");
    const r = radiomics("filter", brain, "--params", wavelet, "--out", join(dir, "w.nrrd"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Wavelet gives 8 maps here \(wavelet-LLH, .*wavelet-LLL\); name one \(--map\)/);
    const ok = radiomics("filter", brain, "--params", wavelet, "--map", "wavelet-HHL", "--out", join(dir, "w.nrrd"));
    expect(ok.code, ok.stderr).toBe(0);
    expect(readVolume(new Uint8Array(readFileSync(join(dir, "w.nrrd")))).size).toEqual([256, 256, 25]);
  });

  it("writes LBP3D maps (values at the ROI's voxels) when given --mask", () => {
    const out = join(dir, "lbp3d.nii.gz");
    const lbp = params("lbp3d.yaml", "imageType:\n  LBP3D: {}\n");
    const r = radiomics("filter", brain, "--params", lbp, "--map", "lbp-3D-m1", "--mask", fixture("pyradiomics", "brain1_label.nrrd"), "--out", out);
    expect(r.code, r.stderr).toBe(0);
    const reference = JSON.parse(gunzipSync(readFixture("pyradiomics", "lbp3d", "brain1_levels2_radius1_subdivision1.json.gz")).toString("utf8"));
    const map = readVolume(new Uint8Array(readFileSync(out)));
    const [nx, ny] = map.size;
    reference.zyx.forEach(([z, y, x]: number[], i: number) => {
      expect(map.data[x! + nx * (y! + ny * z!)]).toBeCloseTo(Math.fround(reference.levels[0][i]), 4);
    });
    expect(radiomics("filter", brain, "--params", lbp, "--map", "lbp-3D-m1", "--out", out).stderr).toMatch(/needs a mask/);
  });

  it("refuses a params file with no filter or two, and an output it cannot name", () => {
    const none = radiomics("filter", brain, "--params", params("none.yaml", "imageType:\n  Original: {}\n"), "--out", join(dir, "x.nii"));
    expect(none.stderr).toMatch(/enables no filtered image type/);
    const two = radiomics("filter", brain, "--params", params("two.yaml", "imageType:\n  Square: {}\n  Gradient: {}\n"), "--out", join(dir, "x.nii"));
    expect(two.stderr).toMatch(/enables 2 filtered image types \(Square, Gradient\)/);
    const format = radiomics("filter", brain, "--params", params("sq.yaml", "imageType:\n  Square: {}\n"), "--out", join(dir, "x.png"));
    expect(format.stderr).toMatch(/name the output \.nii, \.nii\.gz or \.nrrd/);
  });
});

describe("filterImage", () => {
  it("computes the whole image's map (Square: (x/√max|x|)²)", () => {
    const image = volumeFromArray(Int16Array.of(-4, 0, 1, 2, 3, 4, -2, 1), [2, 2, 2]);
    const map = filterImage(image, { imageType: { Square: {} } });
    expect(map.name).toBe("square");
    expect(Array.from(map.image.data)).toEqual([4, 0, 0.25, 1, 2.25, 4, 1, 0.25]);
  });
  it("refuses pyradiomics resampling, which needs a ROI", () => {
    const image = volumeFromArray(new Float32Array(8), [2, 2, 2]);
    try {
      filterImage(image, { setting: { profile: "pyradiomics", resampledPixelSpacing: [1, 1, 1] }, imageType: { Square: {} } });
      expect.unreachable();
    } catch (e) {
      expect(isRadiomicsError(e, "INVALID_SETTING")).toBe(true);
    }
  });
});
