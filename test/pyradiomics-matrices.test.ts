/**
 * Texture matrices of brain1 (PyRadiomics configuration `brain1`: binWidth 25, 3-D,
 * distance 1) against PyRadiomics' matrix baselines, to 1e-3 absolute as upstream.
 * PyRadiomics stores the GLCM per angle, symmetric and normalised; the other matrices
 * as counts, with empty gray-level rows and empty size columns removed.
 */
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { roiInput } from "../src/extract.js";
import { readVolume, resolveConfig, selectLabel } from "../src/index.js";
import { cooccurrenceCounts, dependenceCounts, neighbourhoodDifferences, runLengthCounts, zoneScan } from "../src/kernels/texture.js";
import { chebyshevNeighbourhood, pyradiomicsAngles } from "../src/texture/directions.js";
import { slab, textureVolume, type TextureVolume } from "../src/texture/volume.js";
import { sparseMatrix } from "../src/texture/aggregation.js";
import { readFixture } from "./helpers/fixtures.js";
import { readNpy, type NpyArray } from "./helpers/npy.js";

const baseline = (name: string): NpyArray => readNpy(new Uint8Array(gunzipSync(readFixture("pyradiomics", `brain1_${name}.npy.gz`))));

/** Rows × cols matrix with all-zero columns removed (as PyRadiomics drops empty sizes). */
function dropEmptyColumns(data: Float64Array, rows: number, cols: number): number[][] {
  const keep = [...Array(cols).keys()].filter((c) => [...Array(rows).keys()].some((r) => data[r * cols + c] !== 0));
  return [...Array(rows).keys()].map((r) => keep.map((c) => data[r * cols + c]!));
}

function expectClose(got: number[], expected: ArrayLike<number>) {
  expect(got.length).toBe(expected.length);
  const worst = got.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i]!)), 0);
  expect(worst).toBeLessThan(1e-3);
}

describe("brain1 texture matrices", () => {
  let volume: TextureVolume;
  beforeAll(() => {
    const image = readVolume(readFixture("pyradiomics", "brain1_image.nrrd"));
    const mask = selectLabel(readVolume(readFixture("pyradiomics", "brain1_label.nrrd")), 1);
    const { settings } = resolveConfig({ setting: { profile: "pyradiomics", binWidth: 25 } });
    volume = textureVolume(roiInput(image, mask, mask, settings, null));
  });

  it("has the 33 gray levels of the baselines, all present", () => {
    expect(volume.ng).toBe(33);
    expect(volume.present).toHaveLength(33);
  });

  it("GLCM: 13 angles, symmetric and normalised per angle", () => {
    const { shape, data } = baseline("glcm");
    expect(shape).toEqual([33, 33, 13]);
    const angles = pyradiomicsAngles(volume.size, [1], false, false);
    const counts = cooccurrenceCounts(slab(volume), 33, angles);
    const got: number[] = [];
    for (let i = 0; i < 33; i++) {
      for (let j = 0; j < 33; j++) {
        for (let a = 0; a < 13; a++) {
          const m = counts.subarray(a * 33 * 33, (a + 1) * 33 * 33);
          const total = 2 * m.reduce((s, v) => s + v, 0);
          got.push((m[i * 33 + j]! + m[j * 33 + i]!) / total);
        }
      }
    }
    expectClose(got, data);
  });

  it("GLRLM: run counts per angle", () => {
    const { shape, data } = baseline("glrlm");
    const angles = pyradiomicsAngles(volume.size, [1], false, false);
    const { entries, maxRun } = runLengthCounts(slab(volume), 33, angles);
    // Gray level × run length × angle, then drop run lengths empty in every angle.
    const perAngle = entries.map((e) => sparseMatrix(33, maxRun, 0, e).data);
    const summed = new Float64Array(33 * maxRun);
    for (const m of perAngle) m.forEach((v, k) => (summed[k]! += v));
    const keep = [...Array(maxRun).keys()].filter((c) => [...Array(33).keys()].some((r) => summed[r * maxRun + c] !== 0));
    expect(shape).toEqual([33, keep.length, 13]);
    const got: number[] = [];
    for (let i = 0; i < 33; i++) for (const j of keep) for (let a = 0; a < 13; a++) got.push(perAngle[a]![i * maxRun + j]!);
    expectClose(got, data);
  });

  it("GLSZM: zone counts (26-connected)", () => {
    const { shape, data } = baseline("glszm");
    const zones = zoneScan(slab(volume), chebyshevNeighbourhood(false));
    const maxSize = Math.max(...zones.size);
    const m = new Float64Array(33 * maxSize);
    zones.level.forEach((l, z) => (m[(l - 1) * maxSize + zones.size[z]! - 1]! += 1));
    const got = dropEmptyColumns(m, 33, maxSize);
    expect([got.length, got[0]!.length]).toEqual(shape);
    expectClose(got.flat(), data);
    expect(zones.level.length).toBe(1870);
  });

  it("GLDM: dependence counts (α = 0), summing to the 4,137 ROI voxels", () => {
    const { shape, data } = baseline("gldm");
    const offsets = pyradiomicsAngles(volume.size, [1], true, false);
    const cols = offsets.length / 3 + 1;
    const got = dropEmptyColumns(dependenceCounts(slab(volume), 33, offsets, 0), 33, cols);
    expect([got.length, got[0]!.length]).toEqual(shape);
    expectClose(got.flat(), data);
    expect(got.flat().reduce((a, b) => a + b, 0)).toBe(4137);
  });

  it("NGTDM: n_i, s_i, i per gray level", () => {
    const { shape, data } = baseline("ngtdm");
    expect(shape).toEqual([33, 3]);
    const { count, difference } = neighbourhoodDifferences(slab(volume), 33, pyradiomicsAngles(volume.size, [1], true, false));
    const got = [...Array(33).keys()].flatMap((i) => [count[i + 1]!, difference[i + 1]!, i + 1]);
    expectClose(got, data);
  });
});
