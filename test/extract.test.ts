/** extract(): the pipeline on small hand-made volumes, and every way it refuses bad input. */
import { describe, expect, it } from "vitest";
import { boundingBox, crop, encodeVolume, extract, filterImage, isRadiomicsError, readVolume, volumeFromArray, type ParamsInput, type Volume } from "../src/index.js";
import { readFixture } from "./helpers/fixtures.js";
import { maskDiagnostics, settleDiagnostics } from "../src/diagnostics.js";
import { requireMatrixRoom } from "../src/texture/volume.js";
import type { FamilyPool } from "../src/parallel/families.js";

/** A 2 × 2 × 2 image with intensities 1..8 and a mask over (x, y) = all, z = 0: the values 1, 2, 3, 4. */
const image = volumeFromArray(new Int16Array([1, 2, 3, 4, 5, 6, 7, 8]), [2, 2, 2], { spacing: [1, 2, 3] });
const mask = volumeFromArray(new Uint8Array([1, 1, 1, 1, 0, 0, 0, 0]), [2, 2, 2], { spacing: [1, 2, 3] });
const pyradiomics: ParamsInput = { setting: { profile: "pyradiomics", binWidth: 2 }, featureClass: { firstorder: null } };

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (isRadiomicsError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected an error");
}

describe("first-order features by hand: X = {1, 2, 3, 4}", () => {
  it("matches the hand-computed values", async () => {
    const { values } = await extract(image, mask, { ...pyradiomics, setting: { ...pyradiomics.setting, voxelArrayShift: 1 } });
    expect(values["original_firstorder_Mean"]).toBe(2.5);
    expect(values["original_firstorder_Variance"]).toBe(1.25);
    expect(values["original_firstorder_Range"]).toBe(3);
    expect(values["original_firstorder_Median"]).toBe(2.5);
    expect(values["original_firstorder_MeanAbsoluteDeviation"]).toBe(1);
    expect(values["original_firstorder_Skewness"]).toBe(0);
    // μ4 = (2·1.5⁴ + 2·0.5⁴)/4 = 2.5625; μ4/μ2² = 1.64.
    expect(values["original_firstorder_Kurtosis"]).toBeCloseTo(1.64, 12);
    // Energy with shift 1: 2² + 3² + 4² + 5² = 54; TotalEnergy × voxel volume 6 mm³.
    expect(values["original_firstorder_Energy"]).toBe(54);
    expect(values["original_firstorder_TotalEnergy"]).toBe(324);
    expect(values["original_firstorder_RootMeanSquared"]).toBeCloseTo(Math.sqrt(54 / 4), 12);
    // P10 = 1.3, P90 = 3.7 (linear); the robust set is {2, 3}: mean 2.5, deviation 0.5.
    expect(values["original_firstorder_10Percentile"]).toBeCloseTo(1.3, 12);
    expect(values["original_firstorder_90Percentile"]).toBeCloseTo(3.7, 12);
    expect(values["original_firstorder_RobustMeanAbsoluteDeviation"]).toBe(0.5);
    expect(values["original_firstorder_InterquartileRange"]).toBe(1.5);
    // binWidth 2 (PyRadiomics edges 0, 2, 4, 6): 1 → bin 1; 2, 3 → bin 2; 4 → bin 3. p = (¼, ½, ¼).
    expect(values["original_firstorder_Uniformity"]).toBe(0.375);
    expect(values["original_firstorder_Entropy"]).toBeCloseTo(1.5, 12);
    expect(values["original_firstorder_StandardDeviation"]).toBeUndefined();
  });

  it("computes deprecated features only when named", async () => {
    const { values } = await extract(image, mask, { ...pyradiomics, featureClass: { firstorder: ["StandardDeviation", "Mean"] } });
    expect(Object.keys(values)).toEqual(["original_firstorder_StandardDeviation", "original_firstorder_Mean"]);
    expect(values["original_firstorder_StandardDeviation"]).toBeCloseTo(Math.sqrt(1.25), 12);
  });

  it("selects the ROI by label from a label map", async () => {
    const labels = volumeFromArray(new Uint8Array([2, 2, 2, 2, 1, 1, 1, 1]), [2, 2, 2], { spacing: [1, 2, 3] });
    const { values } = await extract(image, labels, { ...pyradiomics, setting: { ...pyradiomics.setting, label: 1 } });
    expect(values["original_firstorder_Mean"]).toBe(6.5);
  });
});

describe("diagnostics and warnings", () => {
  it("records provenance as PyRadiomics names it", async () => {
    const row = await extract(image, mask, pyradiomics, { caseId: "p1" });
    expect(row.caseId).toBe("p1");
    expect(row.diagnostics["diagnostics_Mask-original_BoundingBox"]).toBe("(0, 0, 0, 2, 2, 1)");
    expect(row.diagnostics["diagnostics_Mask-original_VoxelNum"]).toBe(4);
    expect(row.diagnostics["diagnostics_Mask-original_VolumeNum"]).toBe(1);
    expect(row.diagnostics["diagnostics_Image-original_Spacing"]).toBe("(1.0, 2.0, 3.0)");
    expect(row.diagnostics["diagnostics_Image-original_Mean"]).toBe(4.5);
    expect(row.diagnostics["diagnostics_Mask-original_CenterOfMassIndex"]).toBe("(0.5, 0.5, 0.0)");
    expect(row.diagnostics["diagnostics_Configuration_Backend"]).toBe("wasm-simd");
    expect(String(row.diagnostics["diagnostics_Configuration_SettingsHash"])).toMatch(/^[0-9a-f]{40}$/);
    const scalar = await extract(image, mask, pyradiomics, { backend: "wasm" });
    expect(scalar.diagnostics["diagnostics_Configuration_Backend"]).toBe("wasm");
  });

  it("counts 26-connected components", async () => {
    // Two voxels touching at a corner are one component; a far voxel is another.
    const m = new Uint8Array(64);
    const at = (x: number, y: number, z: number) => x + 4 * (y + 4 * z);
    m[at(0, 0, 0)] = 1;
    m[at(1, 1, 1)] = 1; // touches (0,0,0) at a corner
    m[at(2, 0, 2)] = 1; // touches (1,1,1) at a corner
    m[at(3, 3, 0)] = 1; // two voxels from everything: alone
    const img = volumeFromArray(new Float32Array(64).map((_, i) => i), [4, 4, 4]);
    const row = await extract(img, volumeFromArray(m, [4, 4, 4]), pyradiomics);
    expect(row.diagnostics["diagnostics_Mask-original_VolumeNum"]).toBe(2);
  });

  it("defers the mask facts that read the ROI's voxels when asked: promises in their place until the work runs, then the same values", async () => {
    // Two voxels with a gap between them: two components, mean (2 + 6) / 2 of the image inside.
    const m = volumeFromArray(Uint8Array.of(1, 0, 1, 0, 0, 0), [3, 1, 2]);
    const img = volumeFromArray(Float32Array.of(2, 9, 6, 9, 9, 9), [3, 1, 2]);
    const now = maskDiagnostics("corrected", m, { image: img });
    const queued: Array<() => void> = [];
    const later = maskDiagnostics("corrected", m, { image: img, defer: (work) => queued.push(work) });
    expect(Object.keys(later)).toEqual(Object.keys(now));
    expect(now["diagnostics_Mask-corrected_VolumeNum"]).toBe(2);
    expect(now["diagnostics_Mask-corrected_Mean"]).toBe(4);
    expect(later["diagnostics_Mask-corrected_VolumeNum"]).toBeInstanceOf(Promise);
    expect(queued).toHaveLength(1);
    queued[0]!();
    expect(await settleDiagnostics(later)).toEqual(await settleDiagnostics(now));
  });

  it("omits diagnostics when additionalInfo is false", async () => {
    const row = await extract(image, mask, { ...pyradiomics, setting: { ...pyradiomics.setting, additionalInfo: false } });
    expect(row.diagnostics).toEqual({});
  });
});

describe("geometry", () => {
  const shifted = { ...mask, origin: [0.5, 0, 0] as [number, number, number] };

  it("refuses a mask on another grid, naming the difference and the fixes", async () => {
    const e = await errorOf(extract(image, shifted, pyradiomics));
    expect(e.code).toBe("GEOMETRY_MISMATCH");
    expect(e.message).toMatch(/origin \(0, 0, 0\) vs \(0\.5, 0, 0\).*correctMask: true/);
  });

  it("accepts differences within geometryTolerance", async () => {
    const nudged: Volume = { ...mask, origin: [1e-7, 0, 0] };
    await expect(extract(image, nudged, pyradiomics)).resolves.toBeDefined();
  });

  it("resamples the mask onto the image grid with correctMask", async () => {
    // A one-slice mask (z = 0 only) on a grid with 1 slice: nearest neighbour fills z = 0 of the image grid.
    const slice = volumeFromArray(new Uint8Array([1, 1, 1, 1]), [2, 2, 1], { spacing: [1, 2, 3] });
    const row = await extract(image, slice, { ...pyradiomics, setting: { ...pyradiomics.setting, correctMask: true } });
    expect(row.values["original_firstorder_Mean"]).toBe(2.5);
    expect(row.diagnostics["diagnostics_Mask-corrected_VoxelNum"]).toBe(4);
  });

  it("refuses to correct a mask whose ROI lies outside the image", async () => {
    const far = { ...mask, origin: [100, 0, 0] as [number, number, number] };
    const e = await errorOf(extract(image, far, { ...pyradiomics, setting: { ...pyradiomics.setting, correctMask: true } }));
    expect(e.code).toBe("GEOMETRY_MISMATCH");
    expect(e.message).toMatch(/outside the image/);
  });
});

describe("bad input", () => {
  it("arguments that are not volumes say which, what they are and what to pass", async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ["a Promise (a forgotten await)", Promise.resolve(image), /extract\(\): the image is not a volume: got a Promise; await it first/],
      ["an ndarray", { data: new Int16Array(8), shape: [2, 2, 2], stride: [1, 2, 4], offset: 0 }, /got an ndarray; convert it with volumeFromNdarray/],
      ["undefined", undefined, /the image is not a volume: got undefined/],
      ["data of the wrong length", { ...image, data: new Int16Array(7) }, /data has 7 elements but size \[2, 2, 2\] needs 8/],
      ["a plain array as data", { ...image, data: [1, 2, 3, 4, 5, 6, 7, 8] }, /data must be a typed array \(Uint8Array, .*Float64Array\), got Array/],
      ["a non-finite spacing", { ...image, spacing: [1, Number.NaN, 1] }, /spacing must be three positive finite numbers \(mm\), got \[1, NaN, 1\]/],
      ["a short direction", { ...image, direction: [1, 0, 0] }, /direction must be nine finite numbers/],
    ];
    for (const [what, value, message] of cases) {
      const e = await errorOf(extract(value as Volume, mask, pyradiomics));
      expect(e.code, what).toBe("INVALID_INPUT");
      expect(e.message, what).toMatch(message);
    }
    expect((await errorOf(extract(image, Promise.resolve(mask) as never, pyradiomics))).message).toMatch(/^extract\(\): the mask is not a volume: got a Promise/);
    expect(() => filterImage(Promise.resolve(image) as never, { imageType: { Square: {} } })).toThrow(/^filterImage\(\): the image is not a volume: got a Promise/);
    expect(() => encodeVolume({ ...image, data: new Float32Array(3) } as never, "nifti")).toThrow(/^encodeVolume\(\): the argument is not a volume: data has 3 elements/);
  });
  it("a missing label lists the labels present", async () => {
    const e = await errorOf(extract(image, mask, { ...pyradiomics, setting: { ...pyradiomics.setting, label: 3 } }));
    expect(e).toEqual({ code: "LABEL_NOT_FOUND", message: expect.stringMatching(/label 3 is not in the mask; labels present: 1/) });
  });

  it("an empty mask", async () => {
    const e = await errorOf(extract(image, { ...mask, data: new Uint8Array(8) }, pyradiomics));
    expect(e.code).toBe("LABEL_NOT_FOUND");
    expect(e.message).toMatch(/mask is empty/);
  });

  it("an ROI too thin for minimumROIDimensions", async () => {
    const line = { ...mask, data: new Uint8Array([1, 1, 0, 0, 0, 0, 0, 0]) };
    const e = await errorOf(extract(image, line, pyradiomics));
    expect(e.code).toBe("INVALID_ROI");
    expect(e.message).toMatch(/spans 1 axis.*minimumROIDimensions is 2/);
    const voxel = await errorOf(extract(image, { ...mask, data: new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0]) }, { ...pyradiomics, setting: { ...pyradiomics.setting, minimumROIDimensions: 1 } }));
    expect(voxel).toEqual({
      code: "INVALID_ROI",
      message: "the ROI is a single voxel; minimumROIDimensions (1, at least 1) needs it to extend along an axis: check the mask and label",
    });
  });

  it("an ROI at or below minimumROISize", async () => {
    const e = await errorOf(extract(image, mask, { ...pyradiomics, setting: { ...pyradiomics.setting, minimumROISize: 4 } }));
    expect(e.code).toBe("INVALID_ROI");
  });

  it("re-segmentation that leaves fewer than two voxels", async () => {
    const e = await errorOf(extract(image, mask, { ...pyradiomics, setting: { ...pyradiomics.setting, resegmentRange: [4, 10] } }));
    expect(e.code).toBe("EMPTY_ROI");
  });

  it("the ibsi profile without a discretisation, when a family needs one", async () => {
    const e = await errorOf(extract(image, mask, { featureClass: { histogram: null } }));
    expect(e.code).toBe("INVALID_SETTING");
    expect(e.message).toMatch(/binWidth/);
    await expect(extract(image, mask, { featureClass: { statistics: null } })).resolves.toBeDefined();
  });

  it("a missing discretisation is refused before any family is computed, naming the image type", async () => {
    // Morphology comes first in the plan and would be computed (seconds on a large ROI) before the texture failed.
    const done: number[] = [];
    const e = await errorOf(extract(image, mask, { featureClass: { morphology: null, glcm: null } }, { onProgress: (n) => done.push(n) }));
    expect(e.message).toMatch(/no discretisation is set for image type Original: give binWidth/);
    expect(done).toEqual([]);
    // A bin width for one image type only: the other is named.
    const perType = await errorOf(extract(image, mask, { imageType: { Original: { binWidth: 2 }, Square: {} }, featureClass: { glcm: null } }));
    expect(perType.message).toMatch(/for image type Square:/);
    await expect(extract(image, mask, { imageType: { Original: { binWidth: 2 }, Square: { binCount: 4 } }, featureClass: { glcm: null } })).resolves.toBeDefined();
    // PyRadiomics' first order needs levels only for Entropy and Uniformity.
    await expect(extract(image, mask, { featureClass: { firstorder: ["Mean", "Maximum"] } })).resolves.toBeDefined();
    expect((await errorOf(extract(image, mask, { featureClass: { firstorder: ["Mean", "Uniformity"] } }))).message).toMatch(/no discretisation is set/);
  });

  it("a discretisation so fine that a texture matrix would not fit is refused, naming the gray levels", async () => {
    const wide = volumeFromArray(Float64Array.of(0, 1e6, 5, 7, 2e5, 3, 9e5, 1), [2, 2, 2], { spacing: [1, 1, 1] });
    const all = volumeFromArray(new Uint8Array(8).fill(1), [2, 2, 2], { spacing: [1, 1, 1] });
    const e = await errorOf(extract(wide, all, { setting: { binWidth: 1 }, featureClass: { glcm: ["Contrast"] } }));
    expect(e.code).toBe("INVALID_SETTING");
    expect(e.message).toBe(
      "binWidth 1 gives 1000001 gray levels: the GLCM's 13 matrices of 1000001 × 1000001 cells would take 96858 GB; use a larger binWidth or a smaller binCount (tens to hundreds of gray levels are usual)",
    );
    // Run lengths are a column per possible length: the same gray levels fit there.
    await expect(extract(wide, all, { setting: { binWidth: 1 }, featureClass: { glrlm: ["RunPercentage"] } })).resolves.toBeDefined();
    expect(() => requireMatrixRoom("GLRLM", 13, 2 ** 22, 64, { binWidth: null, binCount: 2 ** 22 })).toThrow(/^binCount 4194304 gives 4194304 gray levels: the GLRLM's 13 matrices of 4194304 × 64 cells would take 26 GB/);
  });

  it("unknown feature classes and features", async () => {
    expect((await errorOf(extract(image, mask, { featureClass: { texture: null } }))).message).toMatch(/unknown feature class "texture"/);
    expect((await errorOf(extract(image, mask, { featureClass: { firstorder: ["Average"] } }))).message).toMatch(/no feature "Average"; its features: Energy/);
  });

  it("bad filter settings are refused naming the key, the value and what is allowed", async () => {
    const wavelet = await errorOf(extract(image, mask, { ...pyradiomics, imageType: { Wavelet: { wavelet: "coif9" } } }));
    expect(wavelet.code).toBe("INVALID_SETTING");
    expect(wavelet.message).toMatch(/"wavelet" = "coif9".*coif1–coif5/);
    const sigma = await errorOf(extract(image, mask, { ...pyradiomics, imageType: { LoG: { sigma: [1, 0] } } }));
    expect(sigma.message).toMatch(/"sigma" = \[1,0\].*> 0/);
    expect((await errorOf(extract(image, mask, { ...pyradiomics, imageType: { LoG: {} } }))).message).toMatch(/needs the setting "sigma"/);
    // The 2 × 2 × 2 image is below LoG's four voxels per axis.
    expect((await errorOf(extract(image, mask, { ...pyradiomics, imageType: { LoG: { sigma: [1] } } }))).message).toMatch(/at least 4 voxels/);
    const lbp = await errorOf(extract(image, mask, { ...pyradiomics, imageType: { Original: {}, LBP2D: { lbp2DMethod: "nri" } } }));
    expect(lbp.message).toMatch(/"lbp2DMethod" = "nri".*"uniform"/);
  });

  it("a LoG sigma wider than the image allows is refused", async () => {
    const big = volumeFromArray(new Int16Array(6 * 6 * 6).map((_, i) => i % 7), [6, 6, 6], { spacing: [1, 1, 2] });
    const roi = volumeFromArray(new Uint8Array(6 * 6 * 6).fill(1), [6, 6, 6], { spacing: [1, 1, 2] });
    const e = await errorOf(extract(big, roi, { ...pyradiomics, imageType: { LoG: { sigma: [2, 6] } } }));
    expect(e.code).toBe("INVALID_SETTING");
    expect(e.message).toMatch(/"sigma" = 6 mm is too wide.*\(7, 7, 4\)/);
  });

  it("unknown interpolators are refused by name", async () => {
    const e = await errorOf(extract(image, mask, { ...pyradiomics, setting: { ...pyradiomics.setting, resampledPixelSpacing: [2, 2, 2], interpolator: "sitkLanczosWindowedSinc" } }));
    expect(e.code).toBe("UNSUPPORTED_SETTING");
    expect(e.message).toMatch(/sitkNearestNeighbor, sitkLinear or sitkBSpline/);
  });
});

describe("re-segmentation and normalisation", () => {
  it("keeps voxels inside an absolute range, and IBSI FBS counts bins from its lower bound", async () => {
    const row = await extract(image, mask, { setting: { resegmentRange: [2, null], binWidth: 1 }, featureClass: { statistics: ["Minimum"], histogram: ["Minimum", "Maximum"] } });
    expect(row.values["original_statistics_Minimum"]).toBe(2);
    expect(row.values["original_histogram_Minimum"]).toBe(1);
    expect(row.values["original_histogram_Maximum"]).toBe(3);
    expect(row.diagnostics["diagnostics_Mask-resegmented_VoxelNum"]).toBe(3);
  });

  it("reports the re-segmented mask on the whole grid, though features run on the ROI's box", async () => {
    // A 3 × 3 × 3 ROI at (10…12, 5…7, 2…4) in a 20 × 20 × 8 image; values 1…27 inside.
    const size: [number, number, number] = [20, 20, 8];
    const values = new Int16Array(20 * 20 * 8), labels = new Uint8Array(values.length);
    let v = 0;
    for (let z = 2; z <= 4; z++) for (let y = 5; y <= 7; y++) for (let x = 10; x <= 12; x++) {
      const n = x + 20 * (y + 20 * z);
      labels[n] = 1;
      values[n] = ++v;
    }
    const row = await extract(volumeFromArray(values, size), volumeFromArray(labels, size), { setting: { resegmentRange: [14, null], binWidth: 1 }, featureClass: { statistics: ["Minimum"] } });
    expect(row.values["original_statistics_Minimum"]).toBe(14);
    expect(row.diagnostics["diagnostics_Mask-resegmented_Size"]).toBe("(20, 20, 8)");
    // Voxels 14…27 are the last 14 of scan order: from (12, 6, 3) on, so the box starts at x 10, y 5, z 3.
    expect(row.diagnostics["diagnostics_Mask-resegmented_BoundingBox"]).toBe("(10, 5, 3, 3, 3, 2)");
    expect(row.diagnostics["diagnostics_Mask-resegmented_VoxelNum"]).toBe(14);
  });

  it("drops outliers beyond mean ± n·σ", async () => {
    const values = new Int16Array(27).fill(10);
    values[13] = 1000;
    const img = volumeFromArray(values, [3, 3, 3]);
    const all = volumeFromArray(new Uint8Array(27).fill(1), [3, 3, 3]);
    const row = await extract(img, all, { setting: { resegmentOutliers: 3 }, featureClass: { statistics: ["Maximum"] } });
    expect(row.values["original_statistics_Maximum"]).toBe(10);
  });
});

describe("preCrop with filters", () => {
  it("filters the image cropped to the ROI box plus padDistance, as PyRadiomics does", async () => {
    const image = readVolume(readFixture("pyradiomics", "brain1_image.nrrd"));
    const labels = readVolume(readFixture("pyradiomics", "brain1_label.nrrd"));
    const params = { setting: { profile: "pyradiomics" as const, binWidth: 25, additionalInfo: false }, imageType: { Square: {}, Exponential: {} }, featureClass: { firstorder: null } };
    const precropped = await extract(image, labels, { ...params, setting: { ...params.setting, preCrop: true } });
    const roi = { ...labels, data: Uint8Array.from(labels.data as ArrayLike<number>, (v) => (v === 1 ? 1 : 0)) };
    const box = boundingBox(roi)!;
    const byHand = await extract(crop(image, box, 5), crop(labels, box, 5), params);
    expect(precropped.values).toEqual(byHand.values);
    // The whole image's maximum scales Square differently: without preCrop the values differ.
    const whole = await extract(image, labels, params);
    expect(whole.values["square_firstorder_Mean"]).not.toBe(precropped.values["square_firstorder_Mean"]);
  });
});

describe("GLCM informational measures of correlation", () => {
  const cube = (value: (x: number) => number) => volumeFromArray(Int16Array.from({ length: 64 }, (_, i) => value(i % 4)), [4, 4, 4]);
  const all = volumeFromArray(new Uint8Array(64).fill(1), [4, 4, 4]);
  const imc = async (image: Volume, profile: "pyradiomics" | "ibsi", merged = false) => {
    const row = await extract(image, all, { setting: { profile, binWidth: 1, additionalInfo: false }, featureClass: { glcm: ["Imc1", "Imc2"] } });
    // Every aggregation of the profile (the ibsi one writes several), merged ones (…mrg) left out when asked.
    const of = (name: string) => row.features.filter((f) => f.column.includes(`_${name}`) && (!merged || !/merged|mrg/.test(f.column))).map((f) => f.value);
    return { imc1: of("Imc1"), imc2: of("Imc2") };
  };

  it("are −1 and √(1 − e⁻²) for two levels alternating along x: every direction's p is ½ on the diagonal or off it", async () => {
    // HX = HY = HXY = 1 bit, HXY1 = HXY2 = HX + HY = 2 bits: IMC1 = (1 − 2)/1, IMC2 = √(1 − exp(−2 (2 − 1))).
    // Per direction, that is (matrices merged over directions mix both kinds).
    for (const profile of ["pyradiomics", "ibsi"] as const) {
      const { imc1, imc2 } = await imc(cube((x) => 1 + (x % 2)), profile, true);
      expect(imc1.length).toBeGreaterThan(0);
      for (const v of imc1) expect(v).toBeCloseTo(-1, 14);
      for (const v of imc2) expect(v).toBeCloseTo(Math.sqrt(1 - Math.exp(-2)), 14);
    }
  });

  it("with a single gray level, are 0 and 0 as PyRadiomics gives them (ε makes HX = HY = HXY = −log₂(1 + ε)), NaN and 0 in IBSI", async () => {
    expect(await imc(cube(() => 7), "pyradiomics")).toEqual({ imc1: [0], imc2: [0] });
    const ibsi = await imc(cube(() => 7), "ibsi");
    expect(ibsi.imc1.length).toBeGreaterThan(1);
    expect(ibsi).toEqual({ imc1: ibsi.imc1.map(() => NaN), imc2: ibsi.imc1.map(() => 0) });
  });
});

describe("a large ROI's families with a pool that has no room", () => {
  it("keeps shape first in the row when the pool can take no job (it was dropped)", async () => {
    // 500 k ROI voxels or more share their texture families with a worker (parallel/split.ts);
    // a pool whose workers are all busy leaves shape to be computed here, between them.
    const size: [number, number, number] = [90, 90, 70];
    const image = volumeFromArray(Int16Array.from({ length: 90 * 90 * 70 }, (_, n) => (n * 37) % 211), size);
    const mask = volumeFromArray(Uint8Array.from({ length: 90 * 90 * 70 }, (_, n) => (n % 90 > 1 && n % 90 < 88 ? 1 : 0)), size);
    const config = { setting: { profile: "pyradiomics" as const } };
    const alone = await extract(image, mask, config);
    const full: FamilyPool = { start: () => undefined, hasCapacity: () => false, busy: () => true, close: async () => undefined, run: () => Promise.reject(new Error("no job fits")) };
    const row = await extract(image, mask, config, { pool: full });
    expect(row.features.map((f) => f.column)).toEqual(alone.features.map((f) => f.column));
    expect(row.features.slice(0, 3).map((f) => f.column)).toEqual(["original_shape_MeshVolume", "original_shape_VoxelVolume", "original_shape_SurfaceArea"]);
    expect(row.values).toEqual(alone.values);
  });
});
