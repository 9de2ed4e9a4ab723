/**
 * Inputs as named files (what a browser's file input gives): NIfTI/NRRD with their
 * companions, DICOM series, RTSTRUCT masks; and what is refused.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { imageFromFiles, isRadiomicsError, maskFromFiles, readVolume, type NamedBytes, type Volume } from "../src/index.js";
import { readCaseInputs, readImageInput, readMaskInput } from "../src/node.js";
import { encode, gzip, niftiBytes, niftiImageBytes, nrrdBytes } from "./helpers/builders.js";
import { fixture, readFixture } from "./helpers/fixtures.js";

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return isRadiomicsError(e) ? `${e.code}: ${e.message}` : String(e);
  }
  return "no error";
};
const same = (a: Volume, b: Volume) => {
  expect(a.size).toEqual(b.size);
  expect(a.spacing).toEqual(b.spacing);
  expect(a.origin).toEqual(b.origin);
  expect(Array.from(a.data)).toEqual(Array.from(b.data));
};

describe("imageFromFiles and maskFromFiles", () => {
  const values = Array.from({ length: 24 }, (_, i) => i * 3 - 7);

  it("reads a detached NRRD header with its data file, matched by base name", () => {
    const header = nrrdBytes({ type: "int16", dimension: "3", sizes: "4 3 2", encoding: "raw", endian: "little", spacings: "1 2 3", "data file": "voxels.raw" });
    const image = imageFromFiles([{ name: "case/voxels.raw", bytes: encode(values, "int16", true) }, { name: "case/image.nhdr", bytes: header }]);
    expect(Array.from(image.data)).toEqual(values);
    expect(image.spacing).toEqual([1, 2, 3]);
    expect(codeOf(() => imageFromFiles([{ name: "image.nhdr", bytes: header }]))).toBe('INVALID_INPUT: image.nhdr keeps its voxels in "voxels.raw": give that file too');
  });

  it("reads a NIfTI .hdr/.img pair, and refuses the header alone", () => {
    const spec = { dims: [4, 3, 2], type: "int16" as const, values, pair: true };
    const pair: NamedBytes[] = [{ name: "scan.hdr", bytes: niftiBytes(spec) }, { name: "scan.img", bytes: niftiImageBytes(spec) }];
    expect(Array.from(imageFromFiles(pair).data)).toEqual(values);
    expect(codeOf(() => imageFromFiles(pair.slice(0, 1)))).toMatch(/^INVALID_INPUT: "scan.hdr" is a NIfTI\/ANALYZE header: give "scan.img" with it/);
  });

  it("refuses two images at once, and nothing at all", () => {
    const one = { name: "a.nii", bytes: niftiBytes({ dims: [2, 2, 2], type: "uint8", values: new Array(8).fill(1) }) };
    expect(codeOf(() => imageFromFiles([one, { ...one, name: "b.nii" }]))).toMatch(/^INVALID_INPUT: the image must be one NIfTI or NRRD file .*got a.nii, b.nii/);
    expect(codeOf(() => maskFromFiles([], readVolume(one.bytes)))).toMatch(/^INVALID_INPUT: the mask must be one .*got none/);
  });

  it("reads the CT phantom's DICOM series and RTSTRUCT as the NIfTI files hold them", () => {
    const dir = fixture("ibsi1", "ct_phantom", "dicom");
    const slices = readdirSync(join(dir, "image")).map((f) => ({ name: f.replace(/\.gz$/, ""), bytes: new Uint8Array(gunzipSync(readFixture("ibsi1", "ct_phantom", "dicom", "image", f))) }));
    const rtstruct = { name: "RS.dcm", bytes: new Uint8Array(gunzipSync(readFixture("ibsi1", "ct_phantom", "dicom", "mask", "DCM_RS_00060.dcm.gz"))) };
    // In reverse order, as a file picker may give them.
    const image = imageFromFiles(slices.reverse());
    const nifti = readVolume(readFixture("ibsi1", "ct_phantom", "image.nii.gz"));
    expect(image.size).toEqual(nifti.size);
    expect(Array.from(image.data)).toEqual(Array.from(nifti.data));
    const mask = maskFromFiles([rtstruct], image, { roi: "GTV-1" });
    expect(Array.from(mask.data)).toEqual(Array.from(readVolume(readFixture("ibsi1", "ct_phantom", "mask.nii.gz")).data));
    same(maskFromFiles([{ name: "m.nii.gz", bytes: readFixture("ibsi1", "ct_phantom", "mask.nii.gz") }], image), readVolume(readFixture("ibsi1", "ct_phantom", "mask.nii.gz")));
  });
});

describe("reading into shared memory (sharedMemory, as the command does with workers)", () => {
  const dir = mkdtempSync(join(tmpdir(), "radiomics-shared-"));
  const values = Array.from({ length: 24 }, (_, i) => i * 3 - 7);
  const spec = { dims: [4, 3, 2], type: "int16" as const, values };
  const data = encode(values, "int16", true);
  const write = (name: string, bytes: Uint8Array) => (writeFileSync(join(dir, name), bytes), join(dir, name));
  const files: Record<string, string> = {
    "NIfTI": write("a.nii", niftiBytes(spec)),
    "gzipped NIfTI": write("a.nii.gz", gzip(niftiBytes(spec))),
    "NIfTI pair": (write("p.img", niftiImageBytes(spec)), write("p.hdr", niftiBytes({ ...spec, pair: true }))),
    // A header of odd length: the int16 samples cannot be viewed where they are, and are copied.
    "raw NRRD, samples not aligned": write("a.nrrd", nrrdBytes({ type: "short", dimension: "3", sizes: "4 3 2", encoding: "raw", endian: "little", content: "odds" }, data)),
    "gzipped NRRD": write("g.nrrd", nrrdBytes({ type: "short", dimension: "3", sizes: "4 3 2", encoding: "gzip", endian: "little" }, gzip(data))),
    "big-endian NRRD": write("b.nrrd", nrrdBytes({ type: "short", dimension: "3", sizes: "4 3 2", encoding: "raw", endian: "big" }, encode(values, "int16", false))),
  };
  it.each(Object.keys(files))("%s: the same volume, its samples in a SharedArrayBuffer", async (kind) => {
    const plain = await readImageInput(files[kind]!);
    const shared = await readImageInput(files[kind]!, { sharedMemory: true });
    expect(plain.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(shared.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    same(shared, plain);
    expect(Array.from(shared.data)).toEqual(values);
  });

  it("reads a label map and a DICOM file the same way (DICOM bytes leave shared memory for the parser)", async () => {
    const labels = write("m.nii.gz", gzip(niftiBytes({ dims: [4, 3, 2], type: "uint8", values: values.map((v) => (v > 0 ? 1 : 0)) })));
    const grid = await readImageInput(files["NIfTI"]!);
    const mask = await readMaskInput(labels, grid, { sharedMemory: true });
    expect(mask.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    same(mask, await readMaskInput(labels, grid));
    const slice = write("s.dcm", new Uint8Array(gunzipSync(readFixture("ibsi1", "ct_phantom", "dicom", "image", "DCM_IMG_00000.dcm.gz"))));
    same(await readImageInput(slice, { sharedMemory: true }), await readImageInput(slice));
  });
});

describe("readCaseInputs", () => {
  const dir = mkdtempSync(join(tmpdir(), "radiomics-case-"));
  const image = join(dir, "i.nii"), mask = join(dir, "m.nii");
  writeFileSync(image, niftiBytes({ dims: [2, 2, 1], type: "int16", values: [5, 6, 7, 8] }));
  writeFileSync(mask, niftiBytes({ dims: [2, 2, 1], type: "uint8", values: [0, 1, 1, 0] }));
  it("reads the image and the mask, as the two readers do", async () => {
    const both = await readCaseInputs(image, mask);
    const grid = await readImageInput(image);
    same(both.image, grid);
    same(both.mask, await readMaskInput(mask, grid));
  });

  it("reports the image's error before the mask's, and the mask's when the image is read", async () => {
    const missing = (name: string) => join(dir, name);
    await expect(readCaseInputs(missing("no-image.nii"), missing("no-mask.nii"))).rejects.toThrow(/cannot read image ".*no-image.nii": no such file/);
    await expect(readCaseInputs(image, missing("no-mask.nii"))).rejects.toThrow(/cannot read mask ".*no-mask.nii": no such file/);
  });

  it("rasterises an RTSTRUCT on the image it has just read", async () => {
    const ct = join(dir, "ct");
    mkdirSync(ct);
    const slices = readdirSync(fixture("ibsi1", "ct_phantom", "dicom", "image"));
    for (const f of slices) writeFileSync(join(ct, f.replace(/\.gz$/, "")), gunzipSync(readFixture("ibsi1", "ct_phantom", "dicom", "image", f)));
    const rs = join(dir, "rs.dcm");
    writeFileSync(rs, gunzipSync(readFixture("ibsi1", "ct_phantom", "dicom", "mask", "DCM_RS_00060.dcm.gz")));
    const both = await readCaseInputs(ct, rs, {}, { roi: "GTV-1" });
    same(both.mask, await readMaskInput(rs, both.image, { roi: "GTV-1" }));
  });
});
