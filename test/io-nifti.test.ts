/** NIfTI-1/2 reader: every datatype, both byte orders, geometry rules, scaling, channels, bad files. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isRadiomicsError, readNifti, readVolume } from "../src/index.js";
import { readVolumeFile } from "../src/node.js";
import { encode, gzip, niftiBytes, niftiImageBytes, type TestType } from "./helpers/builders.js";
import { readFixture } from "./helpers/fixtures.js";

const SAMPLES: Record<TestType, number[]> = {
  uint8: [0, 1, 127, 255, 3, 4, 5, 6],
  int8: [-128, -1, 0, 127, 3, 4, 5, 6],
  int16: [-32768, -1, 0, 32767, 300, 4, 5, 6],
  uint16: [0, 1, 40000, 65535, 3, 4, 5, 6],
  int32: [-2147483648, -1, 0, 2147483647, 3, 4, 5, 6],
  uint32: [0, 1, 3000000000, 4294967295, 3, 4, 5, 6],
  int64: [-(2 ** 53) + 1, -1, 0, 2 ** 53 - 1, 3, 4, 5, 6],
  uint64: [0, 1, 2 ** 40, 2 ** 53 - 1, 3, 4, 5, 6],
  float32: [-1.5, 0, 0.25, 1e30, 3, 4, 5, 6],
  float64: [-1.5e-300, 0, Math.PI, 1e300, 3, 4, 5, 6],
};
const TYPES = Object.keys(SAMPLES) as TestType[];

/** Expects `fn` to throw a RadiomicsError with this code whose message matches. */
function expectError(fn: () => unknown, code: string, message: RegExp) {
  try {
    fn();
  } catch (err) {
    expect(isRadiomicsError(err), String(err)).toBe(true);
    expect((err as { code: string }).code).toBe(code);
    expect((err as Error).message).toMatch(message);
    return;
  }
  throw new Error("expected an error");
}

describe("NIfTI datatypes", () => {
  for (const version of [1, 2] as const) {
    for (const littleEndian of [true, false]) {
      it.each(TYPES)(`NIfTI-${version} ${littleEndian ? "little" : "big"}-endian %s`, (type) => {
        const values = SAMPLES[type];
        const v = readNifti(niftiBytes({ version, littleEndian, dims: [2, 2, 2], type, values }));
        expect(v.size).toEqual([2, 2, 2]);
        expect(Array.from(v.data)).toEqual(type === "float32" ? Array.from(new Float32Array(values)) : values);
      });
    }
  }

  it("reads a Node Buffer (readFileSync's type), whose slice() is a view, at an odd offset", () => {
    for (const type of ["int16", "float32", "float64"] as const) {
      for (const littleEndian of [true, false]) {
        const bytes = niftiBytes({ littleEndian, dims: [2, 2, 2], type, values: SAMPLES[type] });
        const pool = Buffer.alloc(bytes.length + 3);
        pool.set(bytes, 3);
        const v = readVolume(pool.subarray(3));
        expect(v.data.length).toBe(8);
        expect(Array.from(v.data)).toEqual(type === "float32" ? Array.from(new Float32Array(SAMPLES[type])) : SAMPLES[type]);
      }
    }
  });

  it("reads gzipped files, including multi-member gzip streams", () => {
    const bytes = niftiBytes({ dims: [2, 2, 2], type: "int16", values: SAMPLES.int16 });
    expect(Array.from(readVolume(gzip(bytes)).data)).toEqual(SAMPLES.int16);
    const twoMembers = new Uint8Array([...gzip(bytes.subarray(0, 100)), ...gzip(bytes.subarray(100))]);
    expect(Array.from(readVolume(twoMembers).data)).toEqual(SAMPLES.int16);
  });

  it("applies scl_slope and scl_inter, giving Float64 voxels", () => {
    const v = readNifti(niftiBytes({ dims: [2, 1, 1], type: "int16", values: [10, -4], scl: [2, -1] }));
    expect(v.data).toBeInstanceOf(Float64Array);
    expect(Array.from(v.data)).toEqual([19, -9]);
    const plain = readNifti(niftiBytes({ dims: [2, 1, 1], type: "int16", values: [10, -4], scl: [1, 0] }));
    expect(plain.data).toBeInstanceOf(Int16Array);
  });
});

describe("NIfTI geometry (RAS on disk → LPS in memory)", () => {
  const base = { dims: [2, 2, 2], type: "uint8" as const, values: SAMPLES.uint8, pixdim: [2, 3, 4] };

  it("uses the pixel dimensions alone when neither form is set", () => {
    const v = readNifti(niftiBytes(base));
    expect(v.spacing).toEqual([2, 3, 4]);
    expect(v.origin).toEqual([0, 0, 0]);
    expect(v.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it("reads an identity qform as LPS directions (-1, -1, 1) and negates the x, y offsets", () => {
    const v = readNifti(niftiBytes({ ...base, qform: { code: 1, b: 0, c: 0, d: 0, offset: [10, 20, 30] } }));
    expect(v.spacing).toEqual([2, 3, 4]);
    expect(v.origin).toEqual([-10, -20, 30]);
    expect(v.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  it("rotates by the qform quaternion and flips k when qfac = -1", () => {
    // 90° about z: (b, c, d) = (0, 0, sin 45°); RAS columns i → +y, j → −x.
    const s = Math.SQRT1_2;
    const v = readNifti(niftiBytes({ ...base, qfac: -1, qform: { code: 1, b: 0, c: 0, d: s, offset: [0, 0, 0] } }));
    const expected = [0, 1, 0, -1, 0, 0, 0, 0, -1];
    v.direction.forEach((d, n) => expect(d).toBeCloseTo(expected[n]!, 6));
    v.spacing.forEach((d, n) => expect(d).toBeCloseTo([2, 3, 4][n]!, 6));
  });

  it("prefers an orthogonal sform over the qform", () => {
    const rows = [[0, 0, 4, 5], [2, 0, 0, 6], [0, 3, 0, 7]];
    const v = readNifti(niftiBytes({ ...base, qform: { code: 1, b: 0, c: 0, d: 0, offset: [1, 1, 1] }, sform: { code: 2, rows } }));
    expect(v.spacing).toEqual([2, 3, 4]);
    expect(v.origin).toEqual([-5, -6, 7]);
    expect(v.direction).toEqual([0, 0, -1, -1, 0, 0, 0, 1, 0]);
  });

  it("falls back to the qform when the sform is sheared", () => {
    const rows = [[2, 1, 0, 5], [0, 3, 0, 6], [0, 0, 4, 7]];
    const v = readNifti(niftiBytes({ ...base, qform: { code: 1, b: 0, c: 0, d: 0, offset: [1, 2, 3] }, sform: { code: 2, rows } }));
    expect(v.origin).toEqual([-1, -2, 3]);
  });

  it("reads the IBSI phantoms with the geometry their README gives", () => {
    const digital = readVolume(readFixture("ibsi1", "digital_phantom", "image.nii.gz"));
    expect(digital.size).toEqual([5, 4, 4]);
    expect(digital.spacing).toEqual([2, 2, 2]);
    expect(digital.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(new Set(digital.data)).toEqual(new Set([1, 3, 4, 6, 9]));
    const ct = readVolume(readFixture("ibsi1", "ct_phantom", "image.nii.gz"));
    expect(ct.size).toEqual([204, 201, 60]);
    expect(ct.data).toBeInstanceOf(Float32Array);
    expect(ct.spacing[0]).toBeCloseTo(0.977, 6);
    expect(ct.spacing[2]).toBeCloseTo(3, 6);
    expect(ct.origin.map((o) => +o.toFixed(2))).toEqual([-174.39, -79.63, -100.4]);
  });
});

describe("NIfTI dimensions and channels", () => {
  it("reads a 2-D image as one slice", () => {
    const v = readNifti(niftiBytes({ dims: [3, 2], type: "uint8", values: [1, 2, 3, 4, 5, 6] }));
    expect(v.size).toEqual([3, 2, 1]);
  });

  it("needs a channel for 4-D files and reads the chosen volume", () => {
    const values = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
    const bytes = niftiBytes({ dims: [2, 2, 1, 3], type: "uint8", values });
    expectError(() => readNifti(bytes), "UNSUPPORTED_FORMAT", /3 channels.*channel option/);
    expect(Array.from(readNifti(bytes, { channel: 2 }).data)).toEqual([2, 2, 2, 2]);
    expectError(() => readNifti(bytes, { channel: 3 }), "INVALID_INPUT", /out of range 0\.\.2/);
  });

  it("reads .hdr/.img pairs through the file reader", async () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-nifti-"));
    const spec = { dims: [2, 2, 1], type: "int16" as const, values: [1, -2, 3, -4], pair: true };
    writeFileSync(join(dir, "pair.hdr"), niftiBytes(spec));
    writeFileSync(join(dir, "pair.img"), niftiImageBytes(spec));
    expect(Array.from((await readVolumeFile(join(dir, "pair.hdr"))).data)).toEqual([1, -2, 3, -4]);
  });
});

describe("bad NIfTI files give typed errors", () => {
  const good = niftiBytes({ dims: [2, 2, 2], type: "float32", values: SAMPLES.float32 });

  it("truncated voxel data", () => {
    expectError(() => readNifti(good.subarray(0, good.length - 3)), "TRUNCATED_FILE", /truncated/);
  });
  it("truncated header", () => {
    expectError(() => readNifti(good.subarray(0, 200)), "TRUNCATED_FILE", /too short/);
  });
  it("wrong magic", () => {
    expectError(() => readNifti(niftiBytes({ dims: [1], type: "uint8", values: [1], magic: "xyz\0" })), "INVALID_FILE", /magic/);
  });
  it("not an image at all", () => {
    expectError(() => readVolume(new TextEncoder().encode("hello, world\n".repeat(40))), "INVALID_FILE", /not a NIfTI or NRRD/);
  });
  it("unsupported datatype", () => {
    const rgb = niftiBytes({ dims: [1], type: "uint8", values: [1] });
    new DataView(rgb.buffer).setInt16(70, 128, true);
    expectError(() => readNifti(rgb), "UNSUPPORTED_FORMAT", /RGB24/);
  });
  it("corrupt gzip", () => {
    const z = gzip(good);
    expectError(() => readVolume(z.subarray(0, z.length / 2)), "INVALID_FILE", /gzip/);
  });
  it("gzip that inflates far beyond what the header describes (a decompression bomb) stops there", () => {
    // 8 voxels of uint8 claimed, 8 MB of zeros behind them: ~8 kB compressed.
    const header = niftiBytes({ dims: [2, 2, 2], type: "uint8", values: SAMPLES.uint8 });
    const bomb = gzip(Uint8Array.from([...header, ...new Uint8Array(8 << 20)]));
    expect(bomb.length).toBeLessThan(20_000);
    for (const read of [() => readVolume(bomb), () => readNifti(bomb)]) {
      expectError(read, "INVALID_FILE", /inflates to more than the 360 bytes its header describes \(a damaged file, or a decompression bomb\)/);
    }
    // Within the slack (a little trailing padding), the file reads.
    expect(readVolume(gzip(Uint8Array.from([...header, ...new Uint8Array(4096)]))).size).toEqual([2, 2, 2]);
  });
  it("negative dimensions", () => {
    const bad = niftiBytes({ dims: [2, 2, 2], type: "uint8", values: SAMPLES.uint8 });
    new DataView(bad.buffer).setInt16(42, -2, true);
    expectError(() => readNifti(bad), "INVALID_FILE", /positive/);
  });
  it("a missing file names the path", async () => {
    await expect(readVolumeFile("/nonexistent/x.nii")).rejects.toThrow(/cannot read image "\/nonexistent\/x.nii": no such file/);
  });
  it("encodes samples as the specification lays them out (builder self-check)", () => {
    expect(Array.from(encode([1], "int16", false))).toEqual([0, 1]);
  });
});

describe("copying or sharing the input bytes", () => {
  const spec = { dims: [2, 2, 1], type: "int16" as const, values: [1, -2, 300, 4] };

  it("copies by default, so the caller may reuse its bytes", () => {
    const bytes = niftiBytes(spec);
    const volume = readNifti(bytes);
    bytes.fill(0);
    expect(Array.from(volume.data)).toEqual([1, -2, 300, 4]);
  });

  it("views the input with shareBytes when the samples are aligned, and copies when they are not", () => {
    const bytes = niftiBytes(spec);
    const shared = readNifti(bytes, { shareBytes: true });
    expect(shared.data.buffer).toBe(bytes.buffer);
    expect(Array.from(shared.data)).toEqual([1, -2, 300, 4]);
    // The same file one byte into a larger buffer: int16 samples at an odd address.
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const copied = readNifti(shifted, { shareBytes: true });
    expect(copied.data.buffer).not.toBe(shifted.buffer);
    expect(Array.from(copied.data)).toEqual([1, -2, 300, 4]);
    // Big-endian samples are swapped into a copy.
    const big = niftiBytes({ ...spec, littleEndian: false });
    expect(readNifti(big, { shareBytes: true }).data.buffer).not.toBe(big.buffer);
  });
});
