/**
 * The corpus of bad inputs: one or more per error code that the readers, settings, DICOM and
 * batch paths raise, written as files users would have, each with the command line that
 * meets it, the same through the library, and the code and message both must give.
 *
 * `npx tsx test/bad-inputs/generate.ts DIR` writes it to DIR to look at; the test
 * (`test/bad-inputs.test.ts`) writes it to a temporary folder and runs every entry.
 * @module
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { ErrorCode } from "../../src/index.js";
import { dicomFileBytes } from "../helpers/dicom-writer.js";
import { gzip, niftiBytes, nrrdBytes } from "../helpers/builders.js";
import { fixture, readFixture } from "../helpers/fixtures.js";

/** How an entry is run: `radiomics extract IMAGE MASK [flags]`, or `radiomics batch MANIFEST --out OUT [flags]`. */
export type Run =
  | { command: "extract"; image: string; mask: string; params?: string; settings?: string[]; roi?: string; backend?: string }
  | { command: "batch"; manifest: string; params?: string; out: string }
  | { command: "filter"; image: string; params: string; out: string };

export interface BadInput {
  /** What is wrong, as a user would say it. */
  name: string;
  code: ErrorCode;
  /** The message (CLI: after "radiomics: error [CODE]: "). */
  message: RegExp;
  run: Run;
  /** Runs under `ulimit -v` (CLI only: a process-wide limit). */
  memoryLimited?: boolean;
}

const values = Array.from({ length: 6 * 5 * 4 }, (_, i) => (i * 7) % 50);
const inner = values.map((_, i) => (i % 6 > 0 && i % 6 < 5 && Math.floor(i / 6) % 5 > 0 && Math.floor(i / 6) % 5 < 4 && Math.floor(i / 30) > 0 && Math.floor(i / 30) < 3 ? 1 : 0));
const image = (extra: Partial<Parameters<typeof niftiBytes>[0]> = {}) => niftiBytes({ dims: [6, 5, 4], type: "int16", values, pixdim: [1, 1, 2], ...extra });
const mask = (labels: number[], extra: Partial<Parameters<typeof niftiBytes>[0]> = {}) => niftiBytes({ dims: [6, 5, 4], type: "uint8", values: labels, pixdim: [1, 1, 2], ...extra });

/** A single-frame CT slice whose pixel data is declared JPEG-compressed. */
function jpegSlice(): Uint8Array {
  return dicomFileBytes([
    { tag: [0x0002, 0x0010], vr: "UI", value: "1.2.840.10008.1.2.4.50" },
    { tag: [0x0008, 0x0016], vr: "UI", value: "1.2.840.10008.5.1.4.1.1.2" },
    { tag: [0x0020, 0x000e], vr: "UI", value: "2.25.7" },
    { tag: [0x0020, 0x0032], vr: "DS", value: [0, 0, 0] },
    { tag: [0x0020, 0x0037], vr: "DS", value: [1, 0, 0, 0, 1, 0] },
    { tag: [0x0028, 0x0002], vr: "US", value: [1] },
    { tag: [0x0028, 0x0010], vr: "US", value: [2] },
    { tag: [0x0028, 0x0011], vr: "US", value: [2] },
    { tag: [0x0028, 0x0030], vr: "DS", value: [1, 1] },
    { tag: [0x0028, 0x0100], vr: "US", value: [16] },
    { tag: [0x0028, 0x0101], vr: "US", value: [16] },
    { tag: [0x0028, 0x0103], vr: "US", value: [1] },
    { tag: [0x7fe0, 0x0010], vr: "OB", value: new Uint8Array(8) },
  ], "explicit-little");
}

/** Writes the corpus into `dir` and lists its entries. */
export function writeCorpus(dir: string): BadInput[] {
  mkdirSync(dir, { recursive: true });
  const at = (name: string, bytes: Uint8Array | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const img = at("image.nii", image());
  const roi = at("mask.nii", mask(inner));
  const params = (name: string, text: string) => at(name, text);
  const extract = (imagePath: string, maskPath: string, more: Partial<Extract<Run, { command: "extract" }>> = {}): Run => ({ command: "extract", image: imagePath, mask: maskPath, ...more });
  const binWidth = params("binwidth.yaml", "setting:\n  binWidth: 10\n");

  // The IBSI digital phantom as DICOM (image and SEG), and the CT phantom's RTSTRUCT.
  const dicomDir = join(dir, "dicom");
  mkdirSync(dicomDir, { recursive: true });
  writeFileSync(join(dicomDir, "image.dcm"), gunzipSync(readFixture("ibsi1", "digital_phantom", "dicom", "image.dcm.gz")));
  const seg = at("seg.dcm", gunzipSync(readFixture("ibsi1", "digital_phantom", "dicom", "mask.dcm.gz")));
  const rtstruct = at("rtstruct.dcm", gunzipSync(readFixture("ibsi1", "ct_phantom", "dicom", "mask", "DCM_RS_00060.dcm.gz")));
  const phantomImage = join(dir, "phantom.nii.gz");
  copyFileSync(fixture("ibsi1", "digital_phantom", "image.nii.gz"), phantomImage);

  const manifest = (name: string, text: string) => at(name, text);
  const out = join(dir, "out", "features.csv");

  return [
    // The readers.
    { name: "an image that is no known format", code: "INVALID_FILE", message: /image\.bin: not a NIfTI or NRRD file \(unrecognised first bytes\); convert it to \.nii\.gz or \.nrrd/, run: extract(at("image.bin", "this is a text file, not an image\n"), roi) },
    { name: "a gzip file cut short", code: "INVALID_FILE", message: /cut\.nii\.gz: the gzip data is corrupt or truncated/, run: extract(at("cut.nii.gz", gzip(image()).subarray(0, 60)), roi) },
    { name: "a .nii.gz that inflates far beyond its header (a decompression bomb)", code: "INVALID_FILE", message: /bomb\.nii\.gz: the gzip data inflates to more than the 592 bytes its header describes/, run: extract(at("bomb.nii.gz", gzip(Uint8Array.from([...image(), ...new Uint8Array(16 << 20)]))), roi) },
    { name: "a gzipped NIfTI whose header claims 32 GB over a few bytes", code: "TRUNCATED_FILE", message: /claims\.nii\.gz: the voxel data needs 32000000352 bytes but only 1552 are there/, run: extract(at("claims.nii.gz", gzip(niftiBytes({ dims: [2000, 2000, 2000], type: "float32", values: new Array(300).fill(1) }))), roi) },
    { name: "a NIfTI file shorter than its header says", code: "TRUNCATED_FILE", message: /short\.nii: .*(needs|holds|bytes)/, run: extract(at("short.nii", image().subarray(0, 400)), roi) },
    { name: "a NIfTI header with an infinite origin", code: "INVALID_FILE", message: /origin\.nii: the header gives no usable voxel grid: origin must be three finite numbers/, run: extract(at("origin.nii", image({ qform: { code: 1, b: 0, c: 0, d: 0, offset: [0, Number.POSITIVE_INFINITY, 0] } })), roi) },
    { name: "a complex-valued NIfTI", code: "UNSUPPORTED_FORMAT", message: /complex\.nii: NIfTI datatype 32/, run: extract(at("complex.nii", (() => { const b = image(); new DataView(b.buffer).setInt16(70, 32, true); new DataView(b.buffer).setInt16(72, 64, true); return b; })()), roi) },
    { name: "an NRRD of an unsupported sample type", code: "UNSUPPORTED_FORMAT", message: /block\.nrrd: NRRD type "block" is not supported/, run: extract(at("block.nrrd", nrrdBytes({ type: "block", dimension: "3", sizes: "2 2 2", encoding: "raw" }, new Uint8Array(8))), roi) },
    { name: "an image file that does not exist", code: "IO_ERROR", message: /cannot read image ".*missing\.nii": no such file/, run: extract(join(dir, "missing.nii"), roi) },
    { name: "a .hdr without its .img", code: "IO_ERROR", message: /is a NIfTI\/ANALYZE header but no "lonely\.img" is next to it/, run: extract(at("lonely.hdr", niftiBytes({ dims: [6, 5, 4], type: "int16", values, pair: true })), roi) },
    // DICOM.
    { name: "a compressed DICOM series", code: "UNSUPPORTED_FORMAT", message: /jpeg\.dcm: .*JPEG Baseline/, run: extract(at("jpeg.dcm", jpegSlice()), roi) },
    { name: "a DICOM file cut inside an element", code: "TRUNCATED_FILE", message: /rs-cut\.dcm: element \(0008,0016\) needs \d+ bytes .* the file is truncated/, run: extract(img, at("rs-cut.dcm", gunzipSync(readFixture("ibsi1", "ct_phantom", "dicom", "mask", "DCM_RS_00060.dcm.gz")).subarray(0, 400))) },
    { name: "an RTSTRUCT ROI name that is not there", code: "LABEL_NOT_FOUND", message: /rtstruct\.dcm has no ROI "Liver"; its ROIs are 1 "GTV-1"/, run: extract(img, rtstruct, { roi: "Liver" }) },
    { name: "a SEG segment number that is not there", code: "LABEL_NOT_FOUND", message: /seg\.dcm has no segment "7"; its segments are 1 "ROI"/, run: extract(dicomDir, seg, { roi: "7", params: binWidth }) },
    { name: "a SEG on another image's grid", code: "GEOMETRY_MISMATCH", message: /does not lie on the image's voxel grid/, run: extract(img, seg) },
    // Settings and params files.
    { name: "a params file with a YAML syntax error", code: "INVALID_SETTING", message: /broken\.yaml:3:1: not valid YAML or JSON: /, run: extract(img, roi, { params: params("broken.yaml", "setting:\n  label: [1, 2\nimageType: {}\n") }) },
    { name: "a misspelt setting", code: "INVALID_SETTING", message: /unknown setting "binwidth"/, run: extract(img, roi, { params: params("misspelt.yaml", "setting:\n  binwidth: 25\n") }) },
    { name: "a wavelet PyWavelets does not know", code: "INVALID_SETTING", message: /wavelet.*"db99"/, run: extract(img, roi, { params: params("wavelet.yaml", "setting:\n  binWidth: 10\nimageType:\n  Wavelet: {wavelet: db99}\n") }) },
    { name: "a negative LoG sigma", code: "INVALID_SETTING", message: /sigma/, run: extract(img, roi, { params: params("sigma.yaml", "setting:\n  binWidth: 10\nimageType:\n  LoG: {sigma: [-1]}\n") }) },
    { name: "the ibsi profile without a discretisation", code: "INVALID_SETTING", message: /no discretisation is set for image type Original: give binWidth/, run: extract(img, roi) },
    { name: "a resampling spacing far finer than the image", code: "INVALID_SETTING", message: /to \[0\.001, 0\.001, 0\.001\] mm \(resampledPixelSpacing\) gives a grid of \d+ × \d+ × \d+ voxels .*more than the 512 M/, run: extract(img, roi, { params: binWidth, settings: ["resampledPixelSpacing:[0.001,0.001,0.001]"] }) },
    { name: "a resampled grid larger than the memory the process may have", code: "OUT_OF_MEMORY", message: /the extraction ran out of memory \(Array buffer allocation failed\) on an image of 6 × 5 × 4 voxels resampled to \[0\.008, 0\.008, 0\.008\] mm; give the process more memory/, run: extract(img, roi, { params: binWidth, settings: ["resampledPixelSpacing:[0.008,0.008,0.008]"] }), memoryLimited: true },
    { name: "an interpolator misspelt", code: "INVALID_SETTING", message: /setting "interpolator" = "sitkHamming" is not valid; expected one of sitkNearestNeighbor/, run: extract(img, roi, { params: binWidth, settings: ["resampledPixelSpacing:[1,1,1]", "interpolator:sitkHamming"] }) },
    { name: "a SimpleITK interpolator not offered here", code: "UNSUPPORTED_SETTING", message: /interpolator "sitkLanczosWindowedSinc" is not available; use sitkNearestNeighbor, sitkLinear or sitkBSpline/, run: extract(img, roi, { params: binWidth, settings: ["resampledPixelSpacing:[1,1,1]", "interpolator:sitkLanczosWindowedSinc"] }) },
    // Image and mask.
    { name: "a mask on another grid", code: "GEOMETRY_MISMATCH", message: /image and mask do not share a voxel grid: spacing/, run: extract(img, at("coarse-mask.nii", mask(inner, { pixdim: [2, 2, 2] })), { params: binWidth }) },
    { name: "an empty mask", code: "LABEL_NOT_FOUND", message: /the mask is empty/, run: extract(img, at("empty-mask.nii", mask(values.map(() => 0))), { params: binWidth }) },
    { name: "a label the mask does not have", code: "LABEL_NOT_FOUND", message: /label 3 .*labels present: 1/, run: extract(img, roi, { params: binWidth, settings: ["label:3"] }) },
    { name: "re-segmentation that leaves no voxel", code: "EMPTY_ROI", message: /resegment/i, run: extract(img, roi, { params: binWidth, settings: ["resegmentRange:[1000,2000]"] }) },
    { name: "a ROI of one slice for a 3-D minimum", code: "INVALID_ROI", message: /minimumROIDimensions/, run: extract(img, at("flat-mask.nii", mask(inner.map((v, i) => (Math.floor(i / 30) === 1 ? v : 0)))), { params: binWidth, settings: ["minimumROIDimensions:3"] }) },
    { name: "a decimated wavelet level too coarse for the ROI", code: "EMPTY_ROI", message: /decimated level-2 grid .* keeps none of the ROI's voxels/, run: extract(img, at("corner-mask.nii", mask(values.map((_, i) => (i === 30 + 6 + 1 || i === 30 + 6 + 2 ? 1 : 0)))), { params: params("decimated.yaml", "setting:\n  binWidth: 10\n  minimumROIDimensions: 1\nimageType:\n  SeparableWavelet: {wavelet: haar, waveletBand: LLL, level: 2, waveletDecimated: true}\n") }) },
    // Batch manifests.
    { name: "an image with a NaN inside the ROI", code: "INVALID_INPUT", message: /the image has 1 NaN or infinite value among the ROI's 24 voxels: features are undefined there; fix the image, or leave them out with resegmentRange/, run: extract(at("nan.nii", niftiBytes({ dims: [6, 5, 4], type: "float32", values: values.map((v, i) => (i === 37 ? NaN : v)), pixdim: [1, 1, 2] })), roi, { params: binWidth }) },
    { name: "a manifest without a Mask column", code: "INVALID_INPUT", message: /has no "Mask" column/, run: { command: "batch", manifest: manifest("no-mask.csv", `case_id,Image\na,${img}\n`), params: binWidth, out } },
    { name: "a manifest listing a case twice", code: "INVALID_INPUT", message: /case_id "a" with label \(default\) appears twice/, run: { command: "batch", manifest: manifest("twice.csv", `case_id,Image,Mask\na,${img},${roi}\na,${phantomImage},${roi}\n`), params: binWidth, out } },
    { name: "a manifest label that is not a positive integer", code: "INVALID_INPUT", message: /Label "one" is not a positive integer/, run: { command: "batch", manifest: manifest("label.csv", `case_id,Image,Mask,Label\na,${img},${roi},one\n`), params: binWidth, out } },
    // The filter command.
    { name: "a filter's resampled grid larger than the memory the process may have", code: "OUT_OF_MEMORY", message: /the filter ran out of memory \(Array buffer allocation failed\) on an image of 6 × 5 × 4 voxels resampled to \[0\.008, 0\.008, 0\.008\] mm/, run: { command: "filter", image: img, params: params("fine-filter.yaml", "setting:\n  profile: ibsi\n  resampledPixelSpacing: [0.008, 0.008, 0.008]\nimageType:\n  Mean: {meanSupport: 3}\n"), out: join(dir, "fine.nii") }, memoryLimited: true },
    { name: "a filter params file that enables no filter", code: "INVALID_SETTING", message: /enables no filtered image type/, run: { command: "filter", image: img, params: binWidth, out: join(dir, "map.nii") } },
    // The engine.
    { name: "WebAssembly asked for under a virtual-memory limit", code: "UNSUPPORTED_BACKEND", message: /cannot reserve its memory: a virtual-memory limit \(ulimit -v\)/, run: extract(img, roi, { params: binWidth, backend: "wasm-simd" }), memoryLimited: true },
  ];
}
