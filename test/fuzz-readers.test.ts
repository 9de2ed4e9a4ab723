/**
 * Property-based tests of every reader and the params parser: fed valid files with bytes
 * changed, inserted, deleted or cut off, and random bytes, each returns a valid volume (or
 * parsed params) or throws a RadiomicsError. Never another exception, never a hang.
 *
 * Bounded for CI (FUZZ_RUNS runs per property, 150 by default); fast-check prints the seed
 * and path of a failure, and FUZZ_SEED=<seed> replays it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  listRtstructRois, listSegSegments, parseParams, RadiomicsError, readDicomSeries, readRtstruct, readSeg, readVolume, resolveConfig,
  type DicomFile, type Volume,
} from "../src/index.js";
import { checkVolume } from "../src/volume.js";
import { gzip, niftiBytes, nrrdBytes } from "./helpers/builders.js";
import { readFixture } from "./helpers/fixtures.js";
import { gunzipSync } from "node:zlib";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 150);
const SEED = process.env["FUZZ_SEED"] === undefined ? {} : { seed: Number(process.env["FUZZ_SEED"]) };
const settings = { numRuns: RUNS, ...SEED };

/** Runs a reader: its result must pass `valid`, and anything it throws must be a RadiomicsError. */
function survives<T>(read: () => T, valid: (result: T) => void = () => undefined): void {
  let result: T;
  try {
    result = read();
  } catch (error) {
    if (error instanceof RadiomicsError) return;
    throw error;
  }
  valid(result);
}
const validVolume = (v: Volume) => checkVolume(v, "the reader's result");

/** One edit of a file: a byte overwritten, inserted or deleted (at a position taken modulo the length), or the file cut. */
type Edit = { kind: "set" | "insert" | "delete" | "cut"; at: number; value: number };
const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom("set", "set", "set", "insert", "delete", "cut"),
  // Headers are where the structure is: most edits land in the first 600 bytes.
  at: fc.oneof(fc.nat(600), fc.nat(1 << 20)),
  value: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 0xff, 0x7f, 0x80)),
});
function applyEdits(bytes: Uint8Array, edits: Edit[]): Uint8Array {
  let out = bytes.slice();
  for (const e of edits) {
    if (out.length === 0) break;
    const at = e.at % out.length;
    if (e.kind === "set") out[at] = e.value;
    else if (e.kind === "insert") out = Uint8Array.from([...out.subarray(0, at), e.value, ...out.subarray(at)]);
    else if (e.kind === "delete") out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1)]);
    else out = out.slice(0, at);
  }
  return out;
}
const mutationsOf = (bytes: Uint8Array) => fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => applyEdits(bytes, edits));
const randomBytes = fc.uint8Array({ maxLength: 2048 });

// Seeds: small valid files of each kind.
const values = Array.from({ length: 5 * 4 * 3 }, (_, i) => (i * 37) % 251 - 60);
const nifti1 = niftiBytes({ dims: [5, 4, 3], type: "int16", values, pixdim: [0.8, 0.9, 2.5], qform: { code: 1, b: 0, c: 0, d: 0.3, offset: [-10, 4, 7] } });
const nifti2 = niftiBytes({ version: 2, dims: [5, 4, 3], type: "float32", values, pixdim: [1, 1, 2], sform: { code: 2, rows: [[1, 0, 0, 3], [0, 1, 0, 4], [0, 0, 2, 5]] } });
const raw = new Uint8Array(Int16Array.from(values).buffer);
const nrrdFields = { type: "int16", dimension: "3", space: "left-posterior-superior", sizes: "5 4 3", "space directions": "(0.8,0,0) (0,0.9,0) (0,0,2.5)", kinds: "domain domain domain", endian: "little", "space origin": "(1,2,3)" };
const nrrdAttached = nrrdBytes({ ...nrrdFields, encoding: "raw" }, raw);
const nrrdGzip = nrrdBytes({ ...nrrdFields, encoding: "gzip" }, gzip(raw));
const nhdr = nrrdBytes({ ...nrrdFields, encoding: "raw", "data file": "data.raw" });

describe("volume readers on mutated files and random bytes", () => {
  const seeds: Array<[string, Uint8Array]> = [
    ["NIfTI-1", nifti1], ["NIfTI-1, gzip", gzip(nifti1)], ["NIfTI-2", nifti2], ["NIfTI-2, gzip", gzip(nifti2)],
    ["NRRD, raw", nrrdAttached], ["NRRD, gzip", nrrdGzip],
  ];
  it.each(seeds)("%s: the seed reads", (_name, bytes) => validVolume(readVolume(bytes)));
  it.each(seeds)("%s: mutated", (_name, bytes) => {
    fc.assert(fc.property(mutationsOf(bytes), (b) => survives(() => readVolume(b), validVolume)), settings);
  });
  it.each(seeds)("%s: a Node Buffer at an odd offset reads as the same bytes in a Uint8Array", (_name, bytes) => {
    const outcome = (read: () => Volume) => {
      try {
        const v = read();
        return { size: v.size, data: Array.from(v.data) };
      } catch (error) {
        if (error instanceof RadiomicsError) return error.message;
        throw error;
      }
    };
    fc.assert(fc.property(mutationsOf(bytes), fc.integer({ min: 0, max: 7 }), (b, shift) => {
      const pool = Buffer.alloc(b.length + shift);
      pool.set(b, shift);
      expect(outcome(() => readVolume(pool.subarray(shift)))).toEqual(outcome(() => readVolume(b)));
    }), { ...settings, numRuns: Math.max(1, Math.round(RUNS / 3)) });
  });
  it("NRRD with a detached data file: mutated header and data", () => {
    fc.assert(fc.property(mutationsOf(nhdr), mutationsOf(raw), (header, data) => {
      survives(() => readVolume(header, { dataFiles: { "data.raw": data } } as never), validVolume);
    }), settings);
  });
  it("random bytes, and random bytes behind each format's magic", () => {
    const magics = ["", "NRRD0004\n", "\x1f\x8b"].map((m) => new TextEncoder().encode(m));
    fc.assert(fc.property(fc.constantFrom(...magics), randomBytes, (magic, tail) => {
      survives(() => readVolume(Uint8Array.from([...magic, ...tail])), validVolume);
    }), settings);
  });
});

describe("DICOM readers on mutated files", () => {
  const gunzipped = (...parts: string[]) => new Uint8Array(gunzipSync(readFixture(...parts)));
  const image: DicomFile = { name: "image.dcm", bytes: gunzipped("ibsi1", "digital_phantom", "dicom", "image.dcm.gz") };
  const seg: DicomFile = { name: "mask.dcm", bytes: gunzipped("ibsi1", "digital_phantom", "dicom", "mask.dcm.gz") };
  const rt: DicomFile = { name: "rs.dcm", bytes: gunzipped("ibsi1", "ct_phantom", "dicom", "mask", "DCM_RS_00060.dcm.gz") };
  const grid = readDicomSeries([image]);
  // The CT phantom's grid, on which its RTSTRUCT's contours lie.
  const ctGrid = { size: [512, 512, 60], spacing: [0.977, 0.977, 2], origin: [-250, -250, -59], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] } as Pick<Volume, "size" | "spacing" | "origin" | "direction">;
  const dicomBytes = fc.oneof(randomBytes, randomBytes.map((tail) => Uint8Array.from([...new Uint8Array(128), ..."DICM".split("").map((c) => c.charCodeAt(0)), ...tail])));

  it("the seeds read", () => {
    validVolume(grid);
    validVolume(readSeg(seg, grid));
    expect(listRtstructRois(rt)).toHaveLength(1);
  });
  it("a series of one mutated image (Part 10)", () => {
    fc.assert(fc.property(mutationsOf(image.bytes), (bytes) => survives(() => readDicomSeries([{ name: "x.dcm", bytes }]), validVolume)), settings);
  });
  it("a series of a good and a mutated image", () => {
    fc.assert(fc.property(mutationsOf(image.bytes), (bytes) => survives(() => readDicomSeries([image, { name: "x.dcm", bytes }]), validVolume)), settings);
  });
  it("SEG", () => {
    fc.assert(fc.property(mutationsOf(seg.bytes), (bytes) => {
      survives(() => listSegSegments({ name: "x.dcm", bytes }));
      survives(() => readSeg({ name: "x.dcm", bytes }, grid), validVolume);
    }), settings);
  });
  it("RTSTRUCT", () => {
    fc.assert(fc.property(mutationsOf(rt.bytes), (bytes) => {
      survives(() => listRtstructRois({ name: "x.dcm", bytes }));
      survives(() => readRtstruct({ name: "x.dcm", bytes }, ctGrid as never), validVolume);
    }), { ...settings, numRuns: Math.max(1, Math.round(RUNS / 3)) });
  });
  it("random bytes, with and without the Part 10 preamble", () => {
    fc.assert(fc.property(dicomBytes, (bytes) => {
      const file = { name: "x.dcm", bytes };
      survives(() => readDicomSeries([file]), validVolume);
      survives(() => readSeg(file, grid), validVolume);
      survives(() => readRtstruct(file, grid), validVolume);
    }), settings);
  });
});

describe("params parser on mutated params files and random text", () => {
  const valid = [
    "setting:\n  binWidth: 25\n  label: 1\n  resampledPixelSpacing: [1, 1, 1]\nimageType:\n  Original: {}\n  LoG: {sigma: [1.0, 2.0]}\n  Wavelet: {}\nfeatureClass:\n  glcm: [Contrast]\n  firstorder:\n",
    '{"setting": {"binCount": 32, "profile": "ibsi"}, "imageType": {"Mean": {"meanSupport": 5}}}',
  ];
  const text = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.constantFrom(...valid).chain((t) => mutationsOf(new TextEncoder().encode(t)).map((b) => new TextDecoder().decode(b))),
  );
  it("the seeds parse", () => valid.forEach((t) => resolveConfig(parseParams(t))));
  it("parses and resolves, or says what is wrong", () => {
    fc.assert(fc.property(text, (t) => survives(() => resolveConfig(parseParams(t, "params.yaml")))), settings);
  });
});

describe("what the fuzzing found, pinned", () => {
  const codeOf = (read: () => unknown) => {
    try {
      read();
    } catch (error) {
      if (error instanceof RadiomicsError) return `${error.code}: ${error.message}`;
      throw error;
    }
    return "no error";
  };
  it("a NIfTI qform offset of infinity", () => {
    const bytes = niftiBytes({ dims: [5, 4, 3], type: "int16", values, qform: { code: 1, b: 0, c: 0, d: 0, offset: [10, Number.NEGATIVE_INFINITY, 7] } });
    expect(codeOf(() => readVolume(bytes, { name: "q.nii" }))).toBe("INVALID_FILE: q.nii: the header gives no usable voxel grid: origin must be three finite numbers (mm), got [-10, Infinity, 7]");
  });
  it("an NRRD space origin of two numbers", () => {
    const bytes = nrrdBytes({ ...nrrdFields, encoding: "raw", "space origin": "(1,2)" }, raw);
    expect(codeOf(() => readVolume(bytes, { name: "o.nrrd" }))).toBe("INVALID_FILE: o.nrrd: the header gives no usable voxel grid: origin must be three finite numbers (mm), got [1, 2]");
  });
  it("a truncated RTSTRUCT (dicom-parser threw a bare string when the cut element was read)", () => {
    const bytes = new Uint8Array(gunzipSync(readFixture("ibsi1", "ct_phantom", "dicom", "mask", "DCM_RS_00060.dcm.gz"))).slice(0, 400);
    expect(codeOf(() => listRtstructRois({ name: "rs.dcm", bytes }))).toMatch(/^TRUNCATED_FILE: rs\.dcm: element \(0008,0016\) needs \d+ bytes at byte \d+, past the file's end \(400 bytes\): the file is truncated$/);
  });
});
