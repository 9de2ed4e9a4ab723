/** NRRD reader: types, byte orders, encodings, spaces, detached data, channels, bad files. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isRadiomicsError, nrrdDataFiles, readNrrd, readVolume } from "../src/index.js";
import { readVolumeFile } from "../src/node.js";
import { encode, gzip, nrrdBytes, type TestType } from "./helpers/builders.js";
import { readFixture } from "./helpers/fixtures.js";

const VALUES = [-3, 0, 1, 2, 100, 7, 8, 9];
const UNSIGNED = [3, 0, 1, 2, 100, 7, 8, 9];
const TYPE_NAMES: Array<[string, TestType]> = [
  ["signed char", "int8"], ["uchar", "uint8"], ["short", "int16"], ["unsigned short", "uint16"], ["int", "int32"],
  ["uint", "uint32"], ["long long", "int64"], ["unsigned long long", "uint64"], ["float", "float32"], ["double", "float64"],
  ["int16_t", "int16"], ["uint8", "uint8"],
];

const geometry = { dimension: "3", sizes: "2 2 2", space: "left-posterior-superior" };

async function rejectsWith(promise: Promise<unknown>, code: string, message: RegExp) {
  await expect(promise).rejects.toSatisfy((err: unknown) => isRadiomicsError(err, code as never) && message.test((err as Error).message));
}
function throwsWith(fn: () => unknown, code: string, message: RegExp) {
  return rejectsWith(Promise.resolve().then(fn), code, message);
}

describe("NRRD types and byte orders", () => {
  for (const endian of ["little", "big"]) {
    it.each(TYPE_NAMES)(`type "%s" (%s), ${endian} endian`, (name, type) => {
      const values = type.startsWith("u") ? UNSIGNED : VALUES;
      const v = readNrrd(nrrdBytes({ type: name, ...geometry, endian, encoding: "raw" }, encode(values, type, endian === "little")));
      expect(Array.from(v.data)).toEqual(values);
    });
  }

  it("reads gzip and ascii encodings", () => {
    const fields = { type: "short", ...geometry, endian: "little" };
    const raw = encode(VALUES, "int16", true);
    expect(Array.from(readNrrd(nrrdBytes({ ...fields, encoding: "gzip" }, gzip(raw))).data)).toEqual(VALUES);
    const ascii = new TextEncoder().encode(VALUES.join(" ") + "\n");
    expect(Array.from(readNrrd(nrrdBytes({ ...fields, encoding: "ascii" }, ascii)).data)).toEqual(VALUES);
  });

  it("refuses a gzip payload that inflates far beyond the samples the header describes", async () => {
    const bomb = gzip(new Uint8Array(8 << 20));
    expect(bomb.length).toBeLessThan(20_000);
    await throwsWith(() => readNrrd(nrrdBytes({ type: "short", ...geometry, endian: "little", encoding: "gzip" }, bomb)), "INVALID_FILE", new RegExp(`inflates to more than the ${VALUES.length * 2} bytes its header describes`));
  });

  it("reads brain1 (gzip, LPS, direction diag(1, -1, 1)) with its published voxel hash", async () => {
    const v = readVolume(readFixture("pyradiomics", "brain1_image.nrrd"));
    expect(v.size).toEqual([256, 256, 25]);
    expect(v.direction).toEqual([1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(v.spacing.map((s) => +s.toFixed(6))).toEqual([0.78125, 0.78125, 6.5]);
    const digest = await crypto.subtle.digest("SHA-1", v.data as Int16Array<ArrayBuffer>);
    expect(Buffer.from(digest).toString("hex")).toBe("5c9ce3ca174f0f8324aa4d277e0fef82dc5ac566");
  });
});

describe("NRRD geometry", () => {
  const data = encode(UNSIGNED, "uint8", true);
  const at = (fields: Record<string, string>) => readNrrd(nrrdBytes({ type: "uchar", dimension: "3", sizes: "2 2 2", encoding: "raw", ...fields }, data));

  it("converts RAS space directions and origin to LPS", () => {
    const v = at({ space: "RAS", "space directions": "(2,0,0) (0,3,0) (0,0,4)", "space origin": "(10,20,30)" });
    expect(v.spacing).toEqual([2, 3, 4]);
    expect(v.origin).toEqual([-10, -20, 30]);
    expect(v.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  it("converts LAS by flipping y only", () => {
    const v = at({ space: "left-anterior-superior", "space directions": "(0,2,0) (3,0,0) (0,0,4)", "space origin": "(1,2,3)" });
    expect(v.direction).toEqual([0, 1, 0, -1, 0, 0, 0, 0, 1]);
    expect(v.origin).toEqual([1, -2, 3]);
  });

  it("uses spacings when there is no space", () => {
    const v = at({ spacings: "0.5 0.25 2" });
    expect(v.spacing).toEqual([0.5, 0.25, 2]);
    expect(v.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it("reads a 2-D image as one slice", () => {
    const v = readNrrd(nrrdBytes({ type: "uchar", dimension: "2", sizes: "4 2", encoding: "raw" }, data));
    expect(v.size).toEqual([4, 2, 1]);
  });
});

describe("NRRD channels", () => {
  it("reads interleaved vector channels (first axis)", () => {
    const interleaved = encode([1, 10, 2, 20, 3, 30, 4, 40], "uint8", true);
    const bytes = nrrdBytes({ type: "uchar", dimension: "4", sizes: "2 2 2 1", kinds: "vector domain domain domain", encoding: "raw" }, interleaved);
    return Promise.all([
      throwsWith(() => readNrrd(bytes), "UNSUPPORTED_FORMAT", /2 channels/),
      expect(Array.from(readNrrd(bytes, { channel: 1 }).data)).toEqual([10, 20, 30, 40]),
    ]);
  });

  it("reads one block of a 4-D series (last axis, 'none' direction)", () => {
    const blocks = encode([1, 2, 3, 4, 5, 6, 7, 8], "uint8", true);
    const bytes = nrrdBytes({
      type: "uchar", dimension: "4", sizes: "2 2 1 2", space: "LPS", encoding: "raw",
      "space directions": "(1,0,0) (0,1,0) (0,0,1) none",
    }, blocks);
    expect(Array.from(readNrrd(bytes, { channel: 1 }).data)).toEqual([5, 6, 7, 8]);
  });
});

describe("detached NRRD data (.nhdr)", () => {
  const dir = mkdtempSync(join(tmpdir(), "radiomics-nrrd-"));
  const fields = { type: "short", ...geometry, endian: "little" };

  it("reads a raw data file next to the header", async () => {
    writeFileSync(join(dir, "a.raw"), encode(VALUES, "int16", true));
    writeFileSync(join(dir, "a.nhdr"), nrrdBytes({ ...fields, encoding: "raw", "data file": "a.raw" }));
    expect(Array.from((await readVolumeFile(join(dir, "a.nhdr"))).data)).toEqual(VALUES);
  });

  it("reads a gzipped data file with a line skip", async () => {
    const body = new Uint8Array([...new TextEncoder().encode("junk line\n"), ...encode(VALUES, "int16", true)]);
    writeFileSync(join(dir, "b.raw"), body);
    writeFileSync(join(dir, "b.nhdr"), nrrdBytes({ ...fields, encoding: "raw", "data file": "b.raw", "line skip": "1" }));
    expect(Array.from((await readVolumeFile(join(dir, "b.nhdr"))).data)).toEqual(VALUES);
    writeFileSync(join(dir, "c.raw.gz"), gzip(encode(VALUES, "int16", true)));
    writeFileSync(join(dir, "c.nhdr"), nrrdBytes({ ...fields, encoding: "gzip", "data file": "c.raw.gz" }));
    expect(Array.from((await readVolumeFile(join(dir, "c.nhdr"))).data)).toEqual(VALUES);
  });

  it("reads data split over a numbered file pattern and a LIST", async () => {
    const raw = encode(VALUES, "int16", true);
    writeFileSync(join(dir, "s01.raw"), raw.subarray(0, 8));
    writeFileSync(join(dir, "s02.raw"), raw.subarray(8));
    writeFileSync(join(dir, "d.nhdr"), nrrdBytes({ ...fields, encoding: "raw", "data file": "s%02d.raw 1 2 1" }));
    expect(nrrdDataFiles(nrrdBytes({ ...fields, "data file": "s%02d.raw 1 2 1" }))).toEqual(["s01.raw", "s02.raw"]);
    expect(Array.from((await readVolumeFile(join(dir, "d.nhdr"))).data)).toEqual(VALUES);
    const list = new Uint8Array([...nrrdBytes({ ...fields, encoding: "raw", "data file": "LIST" }), ...new TextEncoder().encode("s01.raw\ns02.raw\n")]);
    writeFileSync(join(dir, "e.nhdr"), list);
    expect(Array.from((await readVolumeFile(join(dir, "e.nhdr"))).data)).toEqual(VALUES);
  });

  it("names a missing data file", async () => {
    writeFileSync(join(dir, "f.nhdr"), nrrdBytes({ ...fields, encoding: "raw", "data file": "missing.raw" }));
    await rejectsWith(readVolumeFile(join(dir, "f.nhdr")), "IO_ERROR", /missing\.raw/);
  });
});

describe("bad NRRD files give typed errors", () => {
  const raw = encode(VALUES, "int16", true);
  it("truncated data", () =>
    throwsWith(() => readNrrd(nrrdBytes({ type: "short", ...geometry, encoding: "raw" }, raw.subarray(0, 10))), "TRUNCATED_FILE", /truncated/));
  it("a missing type field", () =>
    throwsWith(() => readNrrd(nrrdBytes({ ...geometry, encoding: "raw" }, raw)), "INVALID_FILE", /no "type" field/));
  it("sizes that disagree with the dimension", () =>
    throwsWith(() => readNrrd(nrrdBytes({ type: "short", dimension: "3", sizes: "2 2", encoding: "raw" }, raw)), "INVALID_FILE", /do not agree/));
  it("an unsupported encoding", () =>
    throwsWith(() => readNrrd(nrrdBytes({ type: "short", ...geometry, encoding: "bzip2" }, raw)), "UNSUPPORTED_FORMAT", /bzip2/));
  it("an unsupported space", () =>
    throwsWith(() => readNrrd(nrrdBytes({ type: "short", ...geometry, space: "scanner-xyz", encoding: "raw" }, raw)), "UNSUPPORTED_FORMAT", /scanner-xyz/));
  it("an unsupported type", () =>
    throwsWith(() => readNrrd(nrrdBytes({ type: "block", ...geometry, encoding: "raw" }, raw)), "UNSUPPORTED_FORMAT", /block/));
  it("a malformed header line", () => {
    const bytes = new TextEncoder().encode("NRRD0004\ntype short\n\n");
    return throwsWith(() => readNrrd(bytes), "INVALID_FILE", /malformed/);
  });
});

describe("samples after a header of odd length", () => {
  // float32 samples 1, 5, 6 or 7 bytes past a multiple of 4: a view is not possible there.
  const values = [1.5, -2.25, 300, 4, 5.5, -6, 7.75, 8];
  const file = (pad: string) => nrrdBytes({ type: "float", dimension: "3", sizes: "2 2 2", encoding: "raw", endian: "little", ...(pad ? { content: pad } : {}) }, encode(values, "float32", true));

  it("are moved within bytes the reader owns (read from a file), and copied out of a caller's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-nrrd-odd-"));
    for (const pad of ["", "a", "ab", "abc"]) {
      const bytes = file(pad);
      writeFileSync(join(dir, "odd.nrrd"), bytes);
      const read = await readVolumeFile(join(dir, "odd.nrrd"));
      expect(Array.from(read.data)).toEqual(values);
      // Viewed within the file's bytes (not copied into a buffer of their own), even at an odd header length.
      expect(read.data.buffer.byteLength).toBe(bytes.length);
      // A caller's bytes are never changed: the samples are copied out of them.
      const before = bytes.slice();
      const copied = readNrrd(bytes, { shareBytes: true });
      expect(Array.from(copied.data)).toEqual(values);
      expect(bytes).toEqual(before);
    }
  });
});
