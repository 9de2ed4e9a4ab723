/**
 * The decimated separable wavelet transform (IBSI 2 PH3R, `waveletDecimated`): with the
 * periodic boundary it is PyWavelets' `wavedecn(mode="periodization")` band for band
 * (fixture from PyWavelets); its grid, the zero and nearest boundaries and the ROI's
 * sampling onto the coarse grid are checked on hand-countable volumes.
 */
import { describe, expect, it } from "vitest";
import { extract, filterImage, isRadiomicsError, volumeFromArray, type Vec3 } from "../src/index.js";
import { readGzText } from "./helpers/fixtures.js";

interface Case { wavelet: string; level: number; band: string; map: number[] }
const pywt = JSON.parse(readGzText("pywavelets", "decimated-periodization.json.gz")) as { size: Vec3; image: number[]; cases: Case[] };
const decimated = (setting: Record<string, unknown>) => ({ imageType: { SeparableWavelet: { waveletDecimated: true, ...setting } } });

describe("decimated wavelet against PyWavelets (periodization)", () => {
  const image = volumeFromArray(Float64Array.from(pywt.image), pywt.size, { spacing: [0.5, 1, 2], origin: [10, -3, 7] });
  it.each(pywt.cases.map((c) => [`${c.wavelet} level ${c.level} ${c.band}`, c] as const))("%s", (_name, c) => {
    const params = decimated({ wavelet: c.wavelet, level: c.level, waveletBand: c.band, filterBoundary: "periodic" });
    const { image: map, name } = filterImage(image, params);
    expect(name).toBe(`separablewavelet-${c.wavelet}-${c.band}-level-${c.level}-3D-decimated`);
    const coarse = 8 / 2 ** c.level;
    expect(map.size).toEqual([coarse, coarse, coarse]);
    expect(map.spacing).toEqual([0.5, 1, 2].map((s) => s * 2 ** c.level));
    expect(map.origin).toEqual([10, -3, 7]);
    // float32 samples of values up to a few thousand.
    c.map.forEach((v, i) => expect(map.data[i]).toBeCloseTo(v, 3));
  });
});

describe("decimated wavelet on hand-countable volumes", () => {
  // All ones, 3 × 2 × 2: Haar LLL sums each 2 × 2 × 2 block over 2√2; x = 3 lies outside.
  const ones = volumeFromArray(new Float64Array(12).fill(1), [3, 2, 2]);
  it.each([["zero", [2 * Math.SQRT2, Math.SQRT2]], ["nearest", [2 * Math.SQRT2, 2 * Math.SQRT2]]] as const)("boundary %s", (boundary, expected) => {
    const { image } = filterImage(ones, decimated({ wavelet: "haar", waveletBand: "LLL", filterBoundary: boundary }));
    expect(image.size).toEqual([2, 1, 1]);
    expect(image.data[0]).toBeCloseTo(expected[0], 6);
    expect(image.data[1]).toBeCloseTo(expected[1], 6);
  });

  it("2-D filtering halves only the slice plane", () => {
    const { image, name } = filterImage(ones, decimated({ wavelet: "haar", waveletBand: "LL", filterDimensions: 2, filterBoundary: "zero" }));
    expect(name).toBe("separablewavelet-haar-LL-level-1-2D-decimated");
    expect(image.size).toEqual([2, 1, 2]);
    expect(image.spacing).toEqual([2, 2, 1]);
    // Each slice's 2 × 2 block of ones over 2 (the 2-D Haar low-pass gain), then the half block at x = 2.
    expect(Array.from(image.data, (v) => Number(v.toFixed(6)))).toEqual([2, 1, 2, 1]);
  });

  it("refuses rotation invariance", () => {
    expect(() => filterImage(ones, decimated({ wavelet: "haar", waveletBand: "LLL", rotationInvariance: true }))).toThrow(/rotationInvariance needs the undecimated transform/);
  });

  // Intensity = x index on 8 × 8 × 8: Haar LLL at coarse voxel (i, j, k) is 4·(2i + 2i + 1)/(2√2) = √2·(4i + 1).
  const ramp = volumeFromArray(Float64Array.from({ length: 512 }, (_, n) => n % 8), [8, 8, 8]);
  const params = (extra: Record<string, unknown> = {}) => ({
    setting: { profile: "pyradiomics" as const, binWidth: 1, additionalInfo: false, filterBoundary: "periodic", ...extra },
    ...decimated({ wavelet: "haar", waveletBand: "LLL" }),
    featureClass: { firstorder: ["Mean", "Maximum"] },
  });
  it("extracts from the ROI voxels that the coarse grid keeps", async () => {
    // Mask: image voxels (2, 2, 2), (6, 2, 2), kept as coarse (1, 1, 1) and (3, 1, 1); (3, 3, 3) falls between.
    const mask = new Uint8Array(512);
    for (const [x, y, z] of [[2, 2, 2], [6, 2, 2], [3, 3, 3]]) mask[x! + 8 * (y! + 8 * z!)] = 1;
    const { values } = await extract(ramp, volumeFromArray(mask, [8, 8, 8]), params());
    const name = "separablewavelet-haar-LLL-level-1-3D-decimated";
    expect(values[`${name}_firstorder_Mean`]).toBeCloseTo(Math.SQRT2 * (5 + 13) / 2, 9);
    expect(values[`${name}_firstorder_Maximum`]).toBeCloseTo(Math.SQRT2 * 13, 9);
  });

  it("says so when the coarse grid keeps no ROI voxel", async () => {
    const mask = new Uint8Array(512);
    for (const [x, y, z] of [[3, 3, 3], [5, 5, 3]]) mask[x! + 8 * (y! + 8 * z!)] = 1;
    const error = await extract(ramp, volumeFromArray(mask, [8, 8, 8]), params()).catch((e: unknown) => e);
    expect(isRadiomicsError(error, "EMPTY_ROI")).toBe(true);
    expect(String((error as Error).message)).toMatch(/decimated level-1 grid \(one voxel in 2 along each filtered axis\) keeps none of the ROI's voxels/);
  });
});
