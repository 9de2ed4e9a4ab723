/**
 * Gzip on both paths: Node's native zlib (what Node and Deno use) and fflate (what browsers
 * use, reached here by hiding `node:zlib`), with the same bytes out and the same refusals.
 */
import { afterEach, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { gunzip, gunzipAside, inflatedHead } from "../src/io/gzip.js";
import { isRadiomicsError } from "../src/errors.js";
import { readFixture } from "./helpers/fixtures.js";

const process = globalThis.process as NodeJS.Process & { getBuiltinModule(id: string): unknown };
const builtin = process.getBuiltinModule;
afterEach(() => void (process.getBuiltinModule = builtin));

/** Runs `read` on each path: native, then with `node:zlib` hidden (fflate). */
function onBothPaths<T>(read: () => T): [T | Error, T | Error] {
  const attempt = () => {
    try {
      return read();
    } catch (err) {
      return err as Error;
    }
  };
  const native = attempt();
  process.getBuiltinModule = ((id: string) => (id === "node:zlib" ? undefined : builtin(id))) as typeof builtin;
  const portable = attempt();
  process.getBuiltinModule = builtin;
  return [native, portable];
}

const message = (e: unknown) => (isRadiomicsError(e) ? `${e.code}: ${e.message.replace(/ \(.*\)$/, "")}` : `not refused: ${String(e)}`);

describe("gunzip", () => {
  it("gives the same bytes on both paths: the CT phantom's image, two members, shared memory", () => {
    const ct = readFixture("ibsi1", "ct_phantom", "image.nii.gz");
    const [native, portable] = onBothPaths(() => gunzip(ct, "image.nii.gz", 1 << 30));
    expect(native).toBeInstanceOf(Uint8Array);
    expect((native as Uint8Array).length).toBe(9_841_312);
    expect(Buffer.from(native as Uint8Array).equals(Buffer.from(portable as Uint8Array))).toBe(true);
    // A plain Uint8Array (a Buffer's slice() would share memory where ours copies).
    expect(Object.getPrototypeOf(native)).toBe(Uint8Array.prototype);
    const twoMembers = new Uint8Array([...gzipSync(Buffer.from("hello, ")), ...gzipSync(Buffer.from("world"))]);
    for (const out of onBothPaths(() => gunzip(twoMembers, "two", undefined, true))) {
      expect(new TextDecoder().decode((out as Uint8Array).slice())).toBe("hello, world");
      expect((out as Uint8Array).buffer).toBeInstanceOf(SharedArrayBuffer);
    }
    // With a claim, zlib's output chunk is the trailer's size, the last member's only: a
    // large first member still comes out whole.
    const first = Uint8Array.from({ length: 100_000 }, (_, i) => i % 253), last = Uint8Array.from({ length: 1000 }, (_, i) => i % 7);
    const uneven = new Uint8Array([...gzipSync(first), ...gzipSync(last)]);
    for (const out of onBothPaths(() => gunzip(uneven, "uneven", 200_000))) expect(out).toEqual(new Uint8Array([...first, ...last]));
  });

  it("refuses the same inputs the same way on both paths: cut short, corrupt, inflating past its claim", () => {
    const data = gzipSync(new Uint8Array(4 << 20));
    const pattern = gzipSync(Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));
    const claimFromHead = (head: Uint8Array) => (head.length === 540 ? 1000 : null);
    const cases: Array<[string, () => Uint8Array, RegExp]> = [
      ["cut short", () => gunzip(pattern.subarray(0, pattern.length - 100), "cut.gz"), /^INVALID_FILE: cut\.gz: the gzip data is corrupt or truncated$/],
      ["corrupt", () => gunzip(Uint8Array.from([0x1f, 0x8b, 99, ...new Uint8Array(30)]), "bad.gz"), /^INVALID_FILE: bad\.gz: the gzip data is corrupt or truncated$/],
      ["past a claim given", () => gunzip(data, "bomb.gz", 1000), /^INVALID_FILE: bomb\.gz: the gzip data inflates to more than the 1,000 bytes its header describes/],
      ["past a claim read in its head", () => gunzip(data, "bomb.gz", claimFromHead), /^INVALID_FILE: bomb\.gz: the gzip data inflates to more than the 1,000 bytes its header describes/],
    ];
    for (const [name, read, expected] of cases) {
      const [native, portable] = onBothPaths(read);
      expect(message(native), name).toMatch(expected);
      expect(message(portable), name).toBe(message(native));
    }
    // Within its claim and the slack beyond it: read.
    for (const out of onBothPaths(() => gunzip(data, "fine.gz", 4 << 20))) expect((out as Uint8Array).length).toBe(4 << 20);
  });

  it("refuses a stream without its trailer natively (fflate does not check the trailer, and gives what it inflated)", () => {
    const data = gzipSync(new Uint8Array(4 << 20));
    const [native, portable] = onBothPaths(() => gunzip(data.subarray(0, data.length - 8), "cut.gz"));
    expect(message(native)).toMatch(/^INVALID_FILE: cut\.gz: the gzip data is corrupt or truncated$/);
    expect((portable as Uint8Array).length).toBe(4 << 20);
  });
});

describe("inflatedHead", () => {
  it("gives a stream's first bytes on both paths from a file's first 64 kB, and the whole of a shorter stream", () => {
    const ct = readFixture("ibsi1", "ct_phantom", "image.nii.gz");
    const whole = gunzip(ct, "image.nii.gz", 1 << 30);
    // The NIfTI-1 header's size (348, little-endian) begins the CT phantom's inflated bytes.
    expect([...whole.subarray(0, 4)]).toEqual([92, 1, 0, 0]);
    for (const [cut, n] of [[64 << 10, 540], [64 << 10, 100_000]] as const) {
      for (const head of onBothPaths(() => inflatedHead(ct.subarray(0, cut), "image.nii.gz", n))) {
        expect(head, `cut ${cut}, n ${n}`).toEqual(whole.subarray(0, n));
      }
    }
    // Cut within the first kilobyte of input: zlib gives what the cut holds (1,103 bytes);
    // fflate, told the input ends there, refuses it as truncated.
    const [native, portable] = onBothPaths(() => inflatedHead(ct.subarray(0, 600), "image.nii.gz"));
    expect(native).toEqual(whole.subarray(0, 540));
    expect(message(portable)).toMatch(/^INVALID_FILE: image\.nii\.gz: the gzip data is corrupt or truncated$/);
    // Incompressible bytes: natively, four times as much input at each try until there are n.
    const noise = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 2654435761) >>> 24);
    for (const head of onBothPaths(() => inflatedHead(gzipSync(noise), "noise.gz", 5000))) expect(head).toEqual(noise.subarray(0, 5000));
    const short = gzipSync(Buffer.from("short"));
    for (const head of onBothPaths(() => inflatedHead(short, "short.gz"))) expect(new TextDecoder().decode(head as Uint8Array)).toBe("short");
  });

  it("refuses data that is not deflate's on both paths alike", () => {
    const [native, portable] = onBothPaths(() => inflatedHead(Uint8Array.from([0x1f, 0x8b, 99, ...new Uint8Array(30)]), "bad.gz"));
    expect(message(native)).toMatch(/^INVALID_FILE: bad\.gz: the gzip data is corrupt or truncated$/);
    expect(message(portable)).toBe(message(native));
  });
});

describe("gunzipAside", () => {
  /** {@link onBothPaths} for a promise: its value or its refusal, natively and with `node:zlib` hidden. */
  async function settledOnBothPaths<T>(read: () => Promise<T>): Promise<[T | Error, T | Error]> {
    const settled = (promise: Promise<T>) => promise.catch((err: Error) => err);
    const native = await settled(read());
    process.getBuiltinModule = ((id: string) => (id === "node:zlib" ? undefined : builtin(id))) as typeof builtin;
    const portable = settled(read());
    process.getBuiltinModule = builtin;
    return [native, await portable];
  }

  it("gives what gunzip gives: the CT phantom's image, within a claim read in its head, into shared memory", async () => {
    const ct = readFixture("ibsi1", "ct_phantom", "image.nii.gz");
    const expected = gunzip(ct, "image.nii.gz", 1 << 30);
    const claimFromHead = (head: Uint8Array) => (head.length === 540 ? 20 << 20 : null);
    for (const out of await settledOnBothPaths(() => gunzipAside(ct, "image.nii.gz", claimFromHead, true))) {
      expect(out).toBeInstanceOf(Uint8Array);
      expect((out as Uint8Array).buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Buffer.from(out as Uint8Array).equals(Buffer.from(expected))).toBe(true);
    }
    const [native] = await settledOnBothPaths(() => gunzipAside(ct, "image.nii.gz"));
    expect(Object.getPrototypeOf(native)).toBe(Uint8Array.prototype);
  });

  it("refuses what gunzip refuses, with the same messages", async () => {
    const data = gzipSync(new Uint8Array(4 << 20));
    const pattern = gzipSync(Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));
    const claimFromHead = (head: Uint8Array) => (head.length === 540 ? 1000 : null);
    const cases: Array<[string, Uint8Array, number | ((head: Uint8Array) => number | null) | undefined]> = [
      ["cut.gz", pattern.subarray(0, pattern.length - 100), undefined],
      ["bomb.gz", data, 1000],
      ["bomb-claimed.gz", data, claimFromHead],
    ];
    for (const [name, bytes, limit] of cases) {
      const [native, portable] = await settledOnBothPaths(() => gunzipAside(bytes, name, limit));
      const [syncNative] = onBothPaths(() => gunzip(bytes, name, limit));
      expect(message(native), name).toMatch(/^INVALID_FILE: /);
      expect(message(native), name).toBe(message(syncNative));
      expect(message(portable), name).toBe(message(native));
    }
  });
});
