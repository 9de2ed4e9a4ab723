/**
 * The IBSI grid covers the whole image; an extraction resampled onto it keeps only the
 * window of the new grid its families and filters read, and takes the whole grid's
 * diagnostics (hash, mean, range) from its slabs as they pass (extract.ts ibsiWindowStart,
 * preprocess/resample.ts resampledWindow). Every value must be the whole grid's.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHash } from "node:crypto";
import { extract, resolveConfig, volumeFromArray, type ParamsInput } from "../src/index.js";
import { jsKernels } from "../src/kernels/js.js";
import { kernelsFor } from "../src/kernels/backend.js";
import { imageStats } from "../src/kernels/intensity.js";
import { ibsiGrid, resampledWindow, resampleIntensities } from "../src/preprocess/resample.js";
import { crop, voxelCount, type BoundingBox, type Vec3 } from "../src/volume.js";

/** A deterministic generator in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * A CT-like int16 image of 180 × 180 × 24 voxels of 0.6 × 0.6 × 2.5 mm (on the IBSI grid
 * at 1 mm: 108 × 108 × 60, 5.6 MB of float64, more than one slab) and an ellipsoid ROI.
 */
function ctCase() {
  const size: Vec3 = [180, 180, 24];
  const next = random(11);
  const image = new Int16Array(voxelCount(size)), mask = new Uint8Array(voxelCount(size));
  for (let z = 0, i = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) {
      for (let x = 0; x < size[0]; x++, i++) {
        const inside = ((x - 100) * 0.6) ** 2 / 81 + ((y - 80) * 0.6) ** 2 / 49 + ((z - 12) * 2.5) ** 2 / 144 <= 1;
        mask[i] = inside ? 1 : 0;
        image[i] = Math.round(40 + 30 * Math.sin(x / 7) * Math.cos(y / 5) + 25 * next() + (inside ? 60 : 0) - (x < 20 ? 1000 : 0));
      }
    }
  }
  const geometry = { spacing: [0.6, 0.6, 2.5] as Vec3, origin: [-40, 12, 7] as Vec3 };
  return { image: volumeFromArray(image, size, geometry), mask: volumeFromArray(mask, size, geometry) };
}

const { image, mask } = ctCase();

/** The first index where two float64 arrays differ in any bit (−1 when none; the length when their lengths differ): deep equality of 700 k elements is slow. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const [x, y] = [new BigUint64Array(a.buffer, a.byteOffset, a.length), new BigUint64Array(b.buffer, b.byteOffset, b.length)];
  return x.findIndex((v, i) => v !== y[i]);
}

describe("the IBSI grid resampled as a window", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(["sitkNearestNeighbor", "sitkLinear", "sitkBSpline"])("keeps the whole grid's samples in the window and hands every sample by in scan order (%s)", (interpolator) => {
    const settings = resolveConfig({ setting: { resampledPixelSpacing: [1, 1, 1], interpolator, intensityRounding: interpolator === "sitkBSpline" } }).settings;
    const grid = ibsiGrid(image, [1, 1, 1]);
    expect(grid.size).toEqual([108, 108, 60]);
    const window: BoundingBox = { lower: [31, 17, 5], upper: [77, 64, 52] };
    for (const kernels of [jsKernels, kernelsFor("auto")]) {
      const whole = resampleIntensities(image, grid, settings, kernels);
      const passed: Float64Array[] = [];
      const part = resampledWindow(image, grid, settings, kernels, window, (values) => passed.push(values.slice()));
      // Two slabs or more, each but the last whole planes of four samples' multiples.
      expect(passed.length).toBeGreaterThan(1);
      passed.slice(0, -1).forEach((slab) => expect(slab.length % (108 * 108 * 4)).toBe(0));
      const all = new Float64Array(whole.data.length);
      passed.reduce((at, slab) => (all.set(slab, at), at + slab.length), 0);
      expect(firstDifference(all, whole.data)).toBe(-1);
      const expected = crop(whole, window);
      expect(part.size).toEqual(expected.size);
      expect(part.origin).toEqual(expected.origin);
      expect(firstDifference(part.data, expected.data as Float64Array)).toBe(-1);
      if (interpolator === "sitkBSpline") expect(part.data.every(Number.isInteger)).toBe(true);
    }
  });

  // The whole grid's row, by the path that holds it whole: LBP3D's prefilter reads the whole
  // image, so a configuration with it resamples the grid whole, and its other columns are
  // those of the configuration without it.
  it.each<[string, ParamsInput]>([
    ["B-spline, with LoG and an image type scaled by the grid's range, rounded", { setting: { binWidth: 25, resampledPixelSpacing: [1, 1, 1], interpolator: "sitkBSpline", intensityRounding: true }, imageType: { Original: {}, Square: {}, LoG: { sigma: [1.5] } } }],
    ["linear, the mask's fractions thresholded", { setting: { binWidth: 25, resampledPixelSpacing: [1, 1, 1], interpolator: "sitkLinear", maskPartialVolume: 0.4 } }],
    ["without diagnostics, scaled by the grid's range", { setting: { binWidth: 25, resampledPixelSpacing: [1, 1, 1], additionalInfo: false }, imageType: { Original: {}, Exponential: {} } }],
  ])("gives the row of the whole grid: %s", async (_, params) => {
    const withWhole = { ...params, imageType: { ...(params.imageType ?? { Original: {} }), LBP3D: {} } };
    const slabs = vi.spyOn(jsKernels, "resampleSlabs");
    const [row, whole] = [await extract(image, mask, params, { backend: "js" }), await extract(image, mask, withWhole, { backend: "js" })];
    // The window's path took the image's slabs; the whole grid's did not.
    expect(slabs).toHaveBeenCalledTimes(1);
    expect(slabs.mock.calls[0]![7]).toBeLessThan(60);
    for (const [name, value] of Object.entries(row.values)) expect(whole.values[name], name).toBe(value);
    for (const [name, value] of Object.entries(row.diagnostics)) {
      if (!/Configuration_(EnabledImageTypes|SettingsHash)/.test(name)) expect(whole.diagnostics[name], name).toEqual(value);
    }
    // The other backends give the same row.
    expect((await extract(image, mask, params)).values).toEqual(row.values);
  });

  it("reports the whole grid's hash, mean and range", async () => {
    const params = { setting: { binWidth: 25, resampledPixelSpacing: [1, 1, 1], interpolator: "sitkBSpline" } };
    const row = await extract(image, mask, params);
    const whole = resampleIntensities(image, ibsiGrid(image, [1, 1, 1]), resolveConfig(params).settings, jsKernels);
    const { sum, min, max } = imageStats(whole.data);
    expect(row.diagnostics["diagnostics_Image-interpolated_Hash"]).toBe(createHash("sha1").update(new Uint8Array(whole.data.buffer)).digest("hex"));
    expect(row.diagnostics["diagnostics_Image-interpolated_Size"]).toBe("(108, 108, 60)");
    expect(row.diagnostics["diagnostics_Image-interpolated_Mean"]).toBe(sum / whole.data.length);
    expect([row.diagnostics["diagnostics_Image-interpolated_Minimum"], row.diagnostics["diagnostics_Image-interpolated_Maximum"]]).toEqual([min, max]);
    expect(row.diagnostics["diagnostics_Mask-interpolated_Size"]).toBe("(108, 108, 60)");
  });
});
