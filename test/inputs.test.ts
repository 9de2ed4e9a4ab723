/**
 * Inputs as named files (what a browser's file input gives): NIfTI/NRRD with their
 * companions, DICOM series, RTSTRUCT masks; and what is refused.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { imageFromFiles, isRadiomicsError, maskFromFiles, readVolume, type NamedBytes, type Volume } from "../src/index.js";
import { encode, niftiBytes, niftiImageBytes, nrrdBytes } from "./helpers/builders.js";
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
