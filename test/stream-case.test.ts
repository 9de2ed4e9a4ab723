/**
 * A case read from its files as a window around the ROI (io/stream-case.ts) gives the row
 * the whole volumes give: every diagnostic (the whole volumes' hashes, sizes, boxes and
 * centres) and every feature value, bit for bit. Files it cannot read so are left to the
 * whole readers (null), which then say what is wrong.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extract, extractWindowed, isRadiomicsError, resolveConfig, type ParamsInput } from "../src/index.js";
import { extractFiles, readCaseInputs, streamCase } from "../src/node.js";
import { labelMapSha1 } from "../src/io/stream-case.js";
import { RAW_STREAM_MIN_VOXELS, STREAM_MIN_VOXELS, streamCaseFor, worthStreaming } from "../src/extract-files.js";
import { jsKernels } from "../src/kernels/js.js";
import { emptyLanes, combineLanes } from "../src/kernels/intensity.js";
import { wasmKernels } from "../src/kernels/wasm.js";
import { encode, gzip, niftiBytes, nrrdBytes } from "./helpers/builders.js";
import { readFixture, ROOT } from "./helpers/fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "radiomics-stream-"));
const put = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const always = { worth: () => true };

const ctImage = put("ct.nii", gunzipSync(readFixture("ibsi1", "ct_phantom", "image.nii.gz")));
const ctMask = put("ct_mask.nii", gunzipSync(readFixture("ibsi1", "ct_phantom", "mask.nii.gz")));

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * Raw NRRD files `<name>.nrrd` and `<name>_mask.nrrd`: int16 noise in −300…599 and a label
 * map whose voxels in the inclusive box `roi` are 1 each with probability `fill` (the
 * label map drawn first, from one seeded sequence).
 */
function noiseCase(name: string, { size, spacing, origin, roi, fill, seed }: { size: [number, number, number]; spacing: [number, number, number]; origin: string; roi: Array<[number, number]>; fill: number; seed: number }): [string, string] {
  const [nx, ny, nz] = size, voxels = nx * ny * nz;
  const next = random(seed);
  const directions = spacing.map((s, a) => `(${[0, 1, 2].map((b) => (a === b ? s : 0)).join(",")})`).join(" ");
  const fields = { dimension: "3", sizes: size.join(" "), space: "left-posterior-superior", "space directions": directions, "space origin": origin, encoding: "raw" };
  const labels = new Array<number>(voxels).fill(0);
  const [[x0, x1], [y0, y1], [z0, z1]] = roi as [[number, number], [number, number], [number, number]];
  for (let z = z0; z <= z1; z++) for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (next() < fill) labels[x + nx * (y + ny * z)] = 1;
  const image = put(`${name}.nrrd`, nrrdBytes({ type: "short", ...fields }, encode(Array.from({ length: voxels }, () => Math.floor(next() * 900) - 300), "int16", true)));
  return [image, put(`${name}_mask.nrrd`, nrrdBytes({ type: "uchar", ...fields }, encode(labels, "uint8", true)))];
}

/** The row of the files' window and of the whole volumes, for a configuration; the window must be readable. */
async function bothRows(image: string, mask: string, params: ParamsInput) {
  const config = resolveConfig(params);
  const windowed = await streamCaseFor(image, mask, config, always);
  expect(windowed).not.toBeNull();
  const byWindow = await extractWindowed(windowed!, config);
  const whole = await readCaseInputs(image, mask, {}, { label: config.settings.label });
  const byWhole = await extract(whole.image, whole.mask, config);
  return { byWindow, byWhole, windowed: windowed! };
}

describe("a case read as a window around its ROI", () => {
  it.each<[string, ParamsInput]>([
    ["PyRadiomics' defaults", { setting: { profile: "pyradiomics" } }],
    ["the IBSI profile's families", { setting: { profile: "ibsi", binWidth: 25 } }],
    ["pre-cropped", { setting: { profile: "pyradiomics", preCrop: true, padDistance: 3 } }],
    // The crop is the image these image types scale by, so a window of it will do.
    ["pre-cropped, with image types scaled by the image's range", { setting: { profile: "pyradiomics", preCrop: true, binWidth: 25 }, imageType: { Original: {}, Square: {}, Exponential: {} } }],
    // PyRadiomics' grid covers the ROI's box plus padDistance: the window holds what its interpolators read (the B-spline's prefilter to its reach).
    ["resampled to 2 mm (B-spline), with image types scaled by the image's range", { setting: { profile: "pyradiomics", resampledPixelSpacing: [2, 2, 2], binWidth: 25 }, imageType: { Original: {}, Square: {}, LoG: { sigma: [2] } } }],
    ["resampled to 1.5 mm (linear), the mask's fractions thresholded", { setting: { profile: "pyradiomics", resampledPixelSpacing: [1.5, 1.5, 1.5], interpolator: "sitkLinear", maskPartialVolume: 0.4 } }],
    // Normalised by the whole image's mean and standard deviation, taken as the file passes (twice).
    ["normalised (outliers clipped), with Square and LoG", { setting: { profile: "pyradiomics", normalize: true, normalizeScale: 100, removeOutliers: 3, binWidth: 5 }, imageType: { Original: {}, Square: {}, LoG: { sigma: [1] } } }],
    ["normalised, resampled to 2 mm as PyRadiomics' MR examples", { setting: { profile: "pyradiomics", normalize: true, normalizeScale: 100, binWidth: 5, resampledPixelSpacing: [2, 2, 2] } }],
  ])("gives the CT phantom's row the whole volumes give: %s", async (_, params) => {
    const { byWindow, byWhole, windowed } = await bothRows(ctImage, ctMask, params);
    expect(byWindow.diagnostics).toEqual(byWhole.diagnostics);
    expect(byWindow.values).toEqual(byWhole.values);
    expect(Object.keys(byWindow.values).length).toBeGreaterThan(90);
    // Only the window is held: smaller than the 2.5 M-voxel image.
    expect(windowed.image.data.length).toBeLessThan(windowed.grids.image.size.reduce((a, b) => a * b));
  });

  it("without diagnostics reads only the window's planes and gives the same values", async () => {
    const { byWindow, byWhole, windowed } = await bothRows(ctImage, ctMask, { setting: { profile: "pyradiomics", additionalInfo: false } });
    expect(windowed.hashes).toBeNull();
    expect(byWindow.diagnostics).toEqual({});
    expect(byWindow.values).toEqual(byWhole.values);
  });

  it("reads big-endian float samples in several pieces, and a label other than 1 of a multi-label map", async () => {
    // 118 planes of 101 × 103 float32 samples (an odd number: pieces of a multiple of four
    // planes), 4.9 MB: four pieces of 24 planes (1 MB) and a last of 22.
    const size = [101, 103, 118];
    const voxels = size[0]! * size[1]! * size[2]!;
    const next = random(7);
    const values = Array.from({ length: voxels }, () => (next() - 0.3) * 1234.567);
    const labels = new Array<number>(voxels).fill(0);
    const at = (x: number, y: number, z: number) => x + size[0]! * (y + size[1]! * z);
    for (let z = 30; z < 70; z++) for (let y = 20; y < 60; y++) for (let x = 10; x < 50; x++) if ((x - 30) ** 2 + (y - 40) ** 2 + (z - 50) ** 2 < 300) labels[at(x, y, z)] = 2;
    for (let z = 90; z < 100; z++) for (let y = 80; y < 90; y++) for (let x = 70; x < 80; x++) labels[at(x, y, z)] = 1;
    const fields = { dimension: "3", sizes: size.join(" "), space: "left-posterior-superior", "space directions": "(0.8,0,0) (0,0.8,0) (0,0,2.5)", "space origin": "(-40,-41.5,-100)", endian: "big", encoding: "raw" };
    const image = put("float_be.nrrd", nrrdBytes({ type: "float", ...fields }, encode(values, "float32", false)));
    const mask = put("labels_be.nrrd", nrrdBytes({ type: "ushort", ...fields }, encode(labels, "uint16", false)));
    const { byWindow, byWhole, windowed } = await bothRows(image, mask, { setting: { profile: "pyradiomics", label: 2 } });
    expect(windowed.facts.box).toEqual({ lower: [13, 23, 33], upper: [47, 57, 67] });
    expect(byWindow.diagnostics).toEqual(byWhole.diagnostics);
    expect(byWindow.values).toEqual(byWhole.values);
  });

  it("scales NIfTI samples as the header says (scl_slope, scl_inter)", async () => {
    const dims = [40, 30, 20];
    const voxels = dims[0]! * dims[1]! * dims[2]!;
    const next = random(3);
    const common = { dims, pixdim: [1.2, 1.2, 3], sform: { code: 1, rows: [[-1.2, 0, 0, 24], [0, -1.2, 0, 18], [0, 0, 3, -30]] } };
    const image = put("scaled.nii", niftiBytes({ ...common, type: "int16", values: Array.from({ length: voxels }, () => Math.floor(next() * 4000) - 1000), scl: [0.5, -100] }));
    const mask = put("scaled_mask.nii", niftiBytes({ ...common, type: "uint8", values: Array.from({ length: voxels }, (_, n) => (n % 40 > 10 && n % 40 < 30 && n > 6000 && n < 18000 ? 1 : 0)) }));
    const { byWindow, byWhole, windowed } = await bothRows(image, mask, { setting: { profile: "pyradiomics" } });
    expect(windowed.image.data).toBeInstanceOf(Float64Array);
    expect(byWindow.diagnostics).toEqual(byWhole.diagnostics);
    expect(byWindow.values).toEqual(byWhole.values);
  });

  it.each([
    ["a .nii.gz (the CT phantom)", ["ibsi1", "ct_phantom", "image.nii.gz"], ["ibsi1", "ct_phantom", "mask.nii.gz"]],
  ])("inflates %s a piece at a time and gives the whole reader's row", async (_, imageParts, maskParts) => {
    const image = put("gz_image.nii.gz", readFixture(...imageParts)), mask = put("gz_mask.nii.gz", readFixture(...maskParts));
    const { byWindow, byWhole } = await bothRows(image, mask, { setting: { profile: "pyradiomics" } });
    expect(byWindow.diagnostics).toEqual(byWhole.diagnostics);
    expect(byWindow.values).toEqual(byWhole.values);
  });

  it("inflates an NRRD of gzip encoding (brain1) a piece at a time and gives the whole reader's row", async () => {
    const image = join(ROOT, "examples", "data", "brain1_image.nrrd"), mask = join(ROOT, "examples", "data", "brain1_label.nrrd");
    const { byWindow, byWhole } = await bothRows(image, mask, { setting: { profile: "pyradiomics" } });
    expect(byWindow.diagnostics).toEqual(byWhole.diagnostics);
    expect(byWindow.values).toEqual(byWhole.values);
    // Normalised, its moments' second reading inflates the stream again; the range for Square too, without the diagnostics.
    const normalised = await bothRows(image, mask, { setting: { profile: "pyradiomics", normalize: true, normalizeScale: 100, binWidth: 5, additionalInfo: false }, imageType: { Original: {}, Square: {} } });
    expect(normalised.windowed.moments).not.toBeNull();
    expect(normalised.byWindow.values).toEqual(normalised.byWhole.values);
  });

  it("reads a 2-D NRRD (one plane) as the whole reader does", async () => {
    const size = [64, 48];
    const next = random(5);
    const fields = { dimension: "2", sizes: size.join(" "), space: "left-posterior-superior", "space directions": "(0.7,0,0) (0,0.7,0)", "space origin": "(1,2,3)", encoding: "raw" };
    const image = put("plane.nrrd", nrrdBytes({ type: "short", ...fields }, encode(Array.from({ length: 64 * 48 }, () => Math.floor(next() * 300)), "int16", true)));
    const mask = put("plane_mask.nrrd", nrrdBytes({ type: "uchar", ...fields }, encode(Array.from({ length: 64 * 48 }, (_, n) => (n % 64 > 20 && n % 64 < 40 && n > 640 && n < 2500 ? 1 : 0)), "uint8", true)));
    const { byWindow, byWhole } = await bothRows(image, mask, { setting: { profile: "pyradiomics", force2D: true } });
    expect(byWindow.diagnostics).toEqual(byWhole.diagnostics);
    expect(byWindow.values).toEqual(byWhole.values);
  });

  it("leaves to the whole readers what it cannot read as a window", async () => {
    const config = resolveConfig({ setting: { profile: "pyradiomics" } });
    const gzipped = readFixture("ibsi1", "ct_phantom", "image.nii.gz");
    const cutGzip = put("cut.nii.gz", gzipped.subarray(0, gzipped.length >> 1));
    const ct = new Uint8Array(gunzipSync(gzipped));
    const truncated = put("truncated.nii", ct.subarray(0, ct.length - 100));
    const shifted = ct.slice();
    // The qform's and sform's x offsets (NIfTI-1 bytes 268 and 292) moved: the mask is on another grid.
    for (const at of [268, 292]) new DataView(shifted.buffer).setFloat32(at, 17.5, true);
    const elsewhere = put("elsewhere.nii", shifted);
    const fourD = put("4d.nii", niftiBytes({ dims: [4, 4, 4, 2], type: "int16", values: new Array(128).fill(1) }));
    const fourDMask = put("4d_mask.nii", niftiBytes({ dims: [4, 4, 4], type: "uint8", values: new Array(64).fill(1) }));
    expect(await streamCaseFor(cutGzip, ctMask, config, always)).toBeNull();
    expect(await streamCaseFor(truncated, ctMask, config, always)).toBeNull();
    expect(await streamCaseFor(elsewhere, ctMask, config, always)).toBeNull();
    expect(await streamCaseFor(fourD, fourDMask, config, always)).toBeNull();
    expect(await streamCaseFor(join(dir, "missing.nii"), ctMask, config, always)).toBeNull();
    expect(await streamCaseFor(ctImage, ctMask, resolveConfig({ setting: { profile: "pyradiomics", label: 3 } }), always)).toBeNull();
    // Configurations that read the whole image.
    for (const params of [
      { setting: { profile: "pyradiomics" }, imageType: { Original: {}, LBP3D: {} } },
      { setting: { profile: "ibsi", binWidth: 25, resampledPixelSpacing: [2, 2, 2] } },
      { setting: { profile: "pyradiomics", resegmentRange: [-500, 400] } },
    ] as ParamsInput[]) {
      expect(await streamCaseFor(ctImage, ctMask, resolveConfig(params), always)).toBeNull();
    }
    // The whole readers then read it, or say what is wrong.
    const resegmented: ParamsInput = { setting: { profile: "pyradiomics", resegmentRange: [-500, 400] }, featureClass: { firstorder: null } };
    const row = await extractFiles(ctImage, ctMask, resegmented);
    const { image, mask } = await readCaseInputs(ctImage, ctMask);
    expect(row.values).toEqual((await extract(image, mask, resegmented)).values);
    expect(Object.keys(row.values).length).toBe(18);
    const short = await extractFiles(truncated, ctMask, config).catch((e: unknown) => e);
    expect(isRadiomicsError(short) && short.code).toBe("TRUNCATED_FILE");
    const cut = await extractFiles(cutGzip, ctMask, config).catch((e: unknown) => e);
    expect(isRadiomicsError(cut) && cut.code).toBe("INVALID_FILE");
    const error = await extractFiles(ctImage, ctMask, resolveConfig({ setting: { profile: "pyradiomics", label: 3 } })).catch((e: unknown) => e);
    expect(isRadiomicsError(error) && error.code).toBe("LABEL_NOT_FOUND");
  });

  it("with filters that read a box around the ROI (LoG, Wavelet, Gradient, LBP2D) gives the CT phantom's row, from a window smaller than the image", async () => {
    const params: ParamsInput = { setting: { profile: "pyradiomics", binWidth: 25 }, imageType: { Original: {}, LoG: { sigma: [1] }, Wavelet: {}, Gradient: {}, LBP2D: {} } };
    // Only the ROI's voxels are written into the window's mask (read before an extraction gives its arrays back).
    const read = await streamCaseFor(ctImage, ctMask, resolveConfig(params), always);
    expect(read!.mask.data.reduce((n, v) => n + v, 0)).toBe(read!.facts.count);
    const { byWindow, byWhole, windowed } = await bothRows(ctImage, ctMask, params);
    expect(byWindow.diagnostics).toEqual(byWhole.diagnostics);
    expect(byWindow.values).toEqual(byWhole.values);
    expect(Object.keys(byWindow.values).filter((c) => ["log-sigma-1-0-mm-3D_", "wavelet-HLH_", "gradient_", "lbp-2D_"].some((p) => c.startsWith(p))).length).toBe(4 * 93);
    // The ROI's box is x 51…150, y 51…149, z 17…42 of 204 × 201 × 60 (0.977 × 0.977 × 3 mm), its
    // region 6 voxels wider: LoG σ 1 mm reaches 32 voxels beyond that in a plane and past the
    // image's ends across (σ is a third of a plane's spacing there).
    expect(windowed.window).toEqual({ lower: [13, 13, 0], upper: [188, 187, 59] });
  });

  it("with filters, takes whole axes where the wavelet wraps around or the LoG meets the image's edge, and checks settings against the whole image", async () => {
    // 48 × 64 × 24 int16 (1 × 1 × 2 mm), an ROI from the second voxel along x.
    const [image, mask] = noiseCase("edge", { size: [48, 64, 24], spacing: [1, 1, 2], origin: "(5,-3,10)", roi: [[1, 6], [15, 24], [8, 15]], fill: 0.8, seed: 11 });
    const params: ParamsInput = { setting: { profile: "pyradiomics", binWidth: 20 }, imageType: { Original: {}, LoG: { sigma: [0.5, 1] }, Wavelet: { wavelet: "db2", level: 2 } } };
    const { byWindow, byWhole, windowed } = await bothRows(image, mask, params);
    expect(byWindow.diagnostics).toEqual(byWhole.diagnostics);
    expect(byWindow.values).toEqual(byWhole.values);
    expect(Object.keys(byWindow.values).some((c) => c.startsWith("wavelet2-LLL_"))).toBe(true);
    // Whole along x (the wavelet's wrap reaches the region) and z (LoG σ 1 mm: 15 planes either way); along y the region ± LoG σ 1 mm's reach of some 30 voxels.
    expect([windowed.window.lower[0], windowed.window.upper[0], windowed.window.lower[2], windowed.window.upper[2]]).toEqual([0, 47, 0, 23]);
    expect(windowed.window.upper[1] - windowed.window.lower[1]).toBeLessThan(63);
    // A σ too wide for the image is refused as the whole volumes refuse it: its size, not the window's.
    const wide: ParamsInput = { setting: { profile: "pyradiomics" }, imageType: { LoG: { sigma: [60] } } };
    const refused = await extractFiles(image, mask, wide).catch((e: unknown) => e);
    const whole = await readCaseInputs(image, mask);
    const refusedWhole = await extract(whole.image, whole.mask, wide).catch((e: unknown) => e);
    expect(isRadiomicsError(refused) && refused.code).toBe("INVALID_SETTING");
    expect((refused as Error).message).toBe((refusedWhole as Error).message);
    expect((refused as Error).message).toContain("48 × 64 × 24");
  });

  it("resampled on PyRadiomics' grid, reads the box its interpolators read, whole axes where the grid meets the image's edge", async () => {
    // 64 × 56 × 20 int16 (0.8 × 0.8 × 2.5 mm), an ROI from the second voxel along x.
    const [image, mask] = noiseCase("resampled", { size: [64, 56, 20], spacing: [0.8, 0.8, 2.5], origin: "(-7,4,30)", roi: [[1, 8], [20, 29], [9, 11]], fill: 0.85, seed: 5 });
    const params: ParamsInput = { setting: { profile: "pyradiomics", binWidth: 20, resampledPixelSpacing: [1, 1, 1] } };
    const { byWindow, byWhole, windowed } = await bothRows(image, mask, params);
    expect(byWindow.diagnostics).toEqual(byWhole.diagnostics);
    expect(byWindow.values).toEqual(byWhole.values);
    expect(byWindow.diagnostics["diagnostics_Image-interpolated_Spacing"]).toBe("(1.0, 1.0, 1.0)");
    // Along x from the image's first voxel (the grid's padding reaches past it); along y the
    // ROI's 10 voxels, the grid's 5 mm of padding (7 voxels) and the B-spline prefilter's
    // reach (35 voxels) either way, cut by the image's ends; z whole.
    const { lower, upper } = windowed.window;
    expect([lower[0], lower[2], upper[2]]).toEqual([0, 0, 19]);
    expect(upper[0]).toBeLessThan(63);
    expect(upper[0]).toBeGreaterThanOrEqual(8 + 35);
  });

  it("takes the label map's hash from beside where given (a family worker reads the file), and computes it here where that fails", async () => {
    const config = resolveConfig({ setting: { profile: "pyradiomics" } });
    const whole = await readCaseInputs(ctImage, ctMask);
    const expected = (await extract(whole.image, whole.mask, config)).diagnostics;
    const options = { label: 1, pad: () => 6, hashes: true, kernels: wasmKernels("wasm-simd") };
    const asked: string[] = [];
    for (const beside of [
      (path: string) => (asked.push(path), labelMapSha1(path)),
      () => Promise.resolve(null),
      () => Promise.reject(new Error("the worker died")),
    ]) {
      const windowed = await streamCase(ctImage, ctMask, { ...options, labelMapHashBeside: beside });
      expect((await extractWindowed(windowed!, config)).diagnostics).toEqual(expected);
    }
    expect(asked).toEqual([ctMask]);
    // A gzipped label map is not asked for (it would be inflated twice).
    const gzipped = put("beside_mask.nii.gz", readFixture("ibsi1", "ct_phantom", "mask.nii.gz"));
    const inflated = await streamCase(ctImage, gzipped, { ...options, labelMapHashBeside: (path: string) => (asked.push(path), labelMapSha1(path)) });
    expect(asked).toEqual([ctMask]);
    expect((await extractWindowed(inflated!, config)).diagnostics).toEqual(expected);
    // Through a family worker of the built package, as the command and batch ask it.
    const built = await import("../dist/esm/index.js");
    const builtFiles = await import("../dist/esm/extract-files.js");
    const pool = built.createFamilyPool(1);
    try {
      // Without filters the pool is left alone (the command starts no worker early for such a case).
      await builtFiles.streamCaseFor(ctImage, ctMask, config, { worth: () => true, pool });
      expect(pool.up?.()).toBe(false);
      const filtered = resolveConfig({ setting: { profile: "pyradiomics" }, imageType: { Original: {}, LoG: { sigma: [1] } }, featureClass: { firstorder: null } });
      const windowed = await builtFiles.streamCaseFor(ctImage, ctMask, filtered, { worth: () => true, pool });
      // The pool's worker was started for the hash (nothing else here asks it).
      expect(pool.up?.()).toBe(true);
      const byWindow = await built.extractWindowed(windowed!, filtered);
      expect(byWindow.diagnostics).toEqual((await extract(whole.image, whole.mask, filtered)).diagnostics);
    } finally {
      await pool.close();
    }
    expect(await labelMapSha1(join(dir, "missing.nii"))).toBeNull();
  });

  it("is refused by extractWindowed when its window does not hold what the filters read", async () => {
    const narrow = await streamCase(ctImage, ctMask, { label: 1, pad: () => 6, hashes: true, kernels: wasmKernels("wasm-simd") });
    const error = await extractWindowed(narrow!, { setting: { profile: "pyradiomics" }, imageType: { Original: {}, LoG: { sigma: [1] } } }).catch((e: unknown) => e);
    expect(isRadiomicsError(error) && error.code).toBe("INVALID_INPUT");
    expect((error as Error).message).toContain("does not hold the voxels the extraction reads");
    // The same window does for the original image.
    expect(Object.keys((await extractWindowed(narrow!, { setting: { profile: "pyradiomics" } })).values).length).toBeGreaterThan(90);
  });

  it("is refused by extractWindowed for a configuration that needs the whole image, or the image's range it was not read with", async () => {
    const windowed = await streamCaseFor(ctImage, ctMask, resolveConfig({ setting: { profile: "pyradiomics" } }), always);
    const error = await extractWindowed(windowed!, { setting: { profile: "pyradiomics" }, imageType: { Original: {}, LBP3D: {} } }).catch((e: unknown) => e);
    expect(isRadiomicsError(error) && error.code).toBe("INVALID_SETTING");
    // Read without the hashes or the range, it cannot scale Square.
    const bare = await streamCase(ctImage, ctMask, { label: 1, pad: () => 6, hashes: false, kernels: wasmKernels("wasm-simd") });
    expect(bare!.stats).toBeNull();
    const unscaled = await extractWindowed(bare!, { setting: { profile: "pyradiomics", additionalInfo: false }, imageType: { Square: {} } }).catch((e: unknown) => e);
    expect(isRadiomicsError(unscaled) && unscaled.code).toBe("INVALID_INPUT");
    expect((unscaled as Error).message).toContain("scale by the whole image's range");
    // Nor normalise it without the whole image's moments.
    const unnormalised = await extractWindowed(bare!, { setting: { profile: "pyradiomics", additionalInfo: false, normalize: true } }).catch((e: unknown) => e);
    expect(isRadiomicsError(unnormalised) && unnormalised.code).toBe("INVALID_INPUT");
    expect((unnormalised as Error).message).toContain("streamCase's moments option");
  });

  it("with image types scaled by the whole image's range (Square, SquareRoot, Logarithm, Exponential) takes it as the file passes, with or without the diagnostics", async () => {
    const { image } = await readCaseInputs(ctImage, ctMask);
    const { min, max } = jsKernels.imageStats(image.data);
    const types = { Original: {}, Square: {}, SquareRoot: {}, Logarithm: {}, Exponential: {} };
    for (const additionalInfo of [true, false]) {
      const params: ParamsInput = { setting: { profile: "pyradiomics", binWidth: 25, additionalInfo }, imageType: types, featureClass: { firstorder: null, glcm: null } };
      const { byWindow, byWhole, windowed } = await bothRows(ctImage, ctMask, params);
      expect(byWindow.diagnostics).toEqual(byWhole.diagnostics);
      expect(byWindow.values).toEqual(byWhole.values);
      expect(Object.keys(byWindow.values).filter((c) => /^(square|squareroot|logarithm|exponential)_/.test(c))).toHaveLength(4 * (18 + 24));
      // The whole image's range, from a window smaller than the image.
      expect([windowed.stats!.min, windowed.stats!.max]).toEqual([min, max]);
      expect(windowed.image.data.length).toBeLessThan(windowed.grids.image.size.reduce((a, b) => a * b));
    }
  });

  it("is the default from RAW_STREAM_MIN_VOXELS image voxels on for raw files of unfiltered cases, from STREAM_MIN_VOXELS for gzipped files and filtered cases", async () => {
    expect(worthStreaming(RAW_STREAM_MIN_VOXELS - 1, false)).toBe(false);
    expect(worthStreaming(RAW_STREAM_MIN_VOXELS, false)).toBe(true);
    expect(worthStreaming(STREAM_MIN_VOXELS - 1, true)).toBe(false);
    expect(worthStreaming(STREAM_MIN_VOXELS, true)).toBe(true);
    expect(worthStreaming(STREAM_MIN_VOXELS - 1, false, true)).toBe(false);
    expect(worthStreaming(STREAM_MIN_VOXELS, false, true)).toBe(true);
    const config = resolveConfig({ setting: { profile: "pyradiomics" } });
    // The CT phantom (2.5 M voxels): its .nii read as a window, its .nii.gz inflated whole.
    const ctWhole = await readCaseInputs(ctImage, ctMask);
    expect((await streamCaseFor(ctImage, ctMask, config))?.facts.count).toBe(Array.from(ctWhole.mask.data as ArrayLike<number>).filter((v) => v !== 0).length);
    const gzipped = [put("ct_default.nii.gz", readFixture("ibsi1", "ct_phantom", "image.nii.gz")), put("ct_default_mask.nii.gz", readFixture("ibsi1", "ct_phantom", "mask.nii.gz"))] as const;
    expect(await streamCaseFor(...gzipped, config)).toBeNull();
    // Filtered, the .nii is read whole too.
    expect(await streamCaseFor(ctImage, ctMask, resolveConfig({ setting: { profile: "pyradiomics" }, imageType: { Original: {}, LoG: { sigma: [1] } } }))).toBeNull();
    // 256 × 256 × 128 uint8 (8 M voxels) of gzip encoding: read as a window without being asked.
    const size = [256, 256, 128];
    const fields = { type: "uchar", dimension: "3", sizes: size.join(" "), "space directions": "(1,0,0) (0,1,0) (0,0,1)", encoding: "gzip" };
    const samples = new Uint8Array(STREAM_MIN_VOXELS).map((_, n) => n % 251);
    const roi = new Uint8Array(STREAM_MIN_VOXELS);
    for (let z = 60; z < 64; z++) for (let y = 100; y < 110; y++) roi.fill(1, 120 + 256 * (y + 256 * z), 130 + 256 * (y + 256 * z));
    const image = put("large.nrrd", nrrdBytes(fields, gzip(samples)));
    const mask = put("large_mask.nrrd", nrrdBytes(fields, gzip(roi)));
    const windowed = await streamCaseFor(image, mask, config);
    expect(windowed?.facts).toEqual({ count: 400, box: { lower: [120, 100, 60], upper: [129, 109, 63] }, largest: 1 });
    const whole = await readCaseInputs(image, mask);
    expect((await extractWindowed(windowed!, config)).diagnostics).toEqual((await extract(whole.image, whole.mask, config)).diagnostics);
  });
});

describe("imageLanes", () => {
  it("carried over parts of four-sample multiples gives the whole image's sum and range, bit for bit", () => {
    const next = random(11);
    const values = Float64Array.from({ length: 10_003 }, () => (next() - 0.5) * 1e6 + next());
    for (const kernels of [jsKernels, wasmKernels("wasm-simd")]) {
      const lanes = emptyLanes();
      for (let at = 0; at < values.length; at += 1_000) kernels.imageLanes(values.subarray(at, at + 1_000), lanes);
      expect(combineLanes(lanes), kernels.backend).toEqual(jsKernels.imageStats(values));
      expect(kernels.imageStats(values), kernels.backend).toEqual(jsKernels.imageStats(values));
    }
  });
});
