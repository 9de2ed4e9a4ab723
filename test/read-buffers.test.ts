/**
 * Read buffers recycled between a batch's cases: which buffer a read gets back, and that
 * cases read into another case's buffer (of another size) give the values they give alone.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ReadBuffers, configHash, extract, resolveConfig } from "../src/index.js";
import { readVolumeFile } from "../src/node.js";
import { caseKey, readManifest, runCase } from "../src/batch.js";
import { niftiBytes } from "./helpers/builders.js";

describe("ReadBuffers", () => {
  it("hands a buffer back for a file of its size down to half of it, smallest first, in the same kind of memory", () => {
    const buffers = new ReadBuffers();
    const big = buffers.take(1000), small = buffers.take(300), shared = buffers.take(1000, true);
    expect([big.length, small.length, shared.length]).toEqual([1000, 300, 1000]);
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    buffers.recycle();
    // 600 fits the 1000-byte buffer (not the 300-byte one); a view of exactly 600 bytes.
    const again = buffers.take(600);
    expect(again.buffer).toBe(big.buffer);
    expect([again.byteOffset, again.length]).toEqual([0, 600]);
    // A buffer is lent once a case; 1001 fits none; 140 would waste more than half of the 300-byte buffer.
    expect(buffers.take(600).buffer).not.toBe(big.buffer);
    expect(buffers.take(140).buffer).not.toBe(small.buffer);
    // Plain memory is not handed out for shared, nor shared for plain.
    expect(buffers.take(1000).buffer).not.toBe(shared.buffer);
    expect(buffers.take(1000, true).buffer).toBe(shared.buffer);
    expect(buffers.take(150).buffer).toBe(small.buffer);
  });

  it("drops what a failed case took, and what a case left untaken", () => {
    const buffers = new ReadBuffers();
    const first = buffers.take(100);
    buffers.recycle(false);
    expect(buffers.take(100).buffer).not.toBe(first.buffer);
    buffers.recycle();
    const kept = buffers.take(100);
    buffers.recycle();
    buffers.recycle(); // a case that read nothing: the buffer was free, not taken, so it goes
    expect(buffers.take(100).buffer).not.toBe(kept.buffer);
  });

  it("holds a lent buffer weakly: one the case let go of is collected, not kept for the next case", async () => {
    // The collector on demand (a test-only flag; the function exists in contexts made after it).
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const buffers = new ReadBuffers();
    let dropped: Uint8Array | null = buffers.take(4096);
    const kept = buffers.take(2048);
    const probe = new WeakRef(dropped.buffer);
    dropped = null;
    // A weak reference keeps its target until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(probe.deref()).toBeUndefined();
    buffers.recycle();
    // The kept buffer comes back; the dropped one's size gets a new buffer.
    expect(buffers.take(2048).buffer).toBe(kept.buffer);
    expect(buffers.take(4096).buffer).not.toBe(kept.buffer);
  });

  it("gives a batch's cases, read into each other's buffers, the values each gives read alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-read-buffers-"));
    // Uncompressed images (the volumes view the bytes read): 12 × 12 × 8 voxels, then 11 ×
    // 12 × 8 (its image fits the first case's image buffer, and so would its mask: the first
    // mask is compressed, its buffer small), then 12 × 12 × 8 with other values.
    const sizes = [[12, 12, 8], [11, 12, 8], [12, 12, 8]];
    const rows = sizes.map(([nx, ny, nz], c) => {
      const n = nx! * ny! * nz!;
      const values = Array.from({ length: n }, (_, i) => ((i * (7 + c) + (i % nx!) * 13) % 97) - 40);
      const mask = Array.from({ length: n }, (_, i) => {
        const [x, y, z] = [i % nx!, Math.floor(i / nx!) % ny!, Math.floor(i / (nx! * ny!))];
        return x > 1 && x < nx! - 2 && y > 2 && y < ny! - 1 && z > 0 && z < nz! - 1 ? 1 : 0;
      });
      writeFileSync(join(dir, `image${c}.nii`), niftiBytes({ dims: [nx!, ny!, nz!], type: "int16", values }));
      const maskFile = join(dir, c === 0 ? "mask0.nii.gz" : `mask${c}.nii`);
      const maskBytes = niftiBytes({ dims: [nx!, ny!, nz!], type: "uint8", values: mask });
      writeFileSync(maskFile, c === 0 ? gzipSync(maskBytes) : maskBytes);
      return `case${c},${join(dir, `image${c}.nii`)},${maskFile}`;
    });
    writeFileSync(join(dir, "manifest.csv"), ["case_id,Image,Mask", ...rows].join("\n") + "\n");
    const config = resolveConfig({ setting: { binWidth: 10 } }, { profile: "pyradiomics" });
    const readBuffers = new ReadBuffers();
    for (const c of readManifest(join(dir, "manifest.csv"))) {
      expect(await runCase(c, config, await configHash(config), dir, { readBuffers })).toBeNull();
      const record = JSON.parse(readFileSync(join(dir, `${caseKey(c)}.json`), "utf8"));
      const alone = await extract(await readVolumeFile(c.image), await readVolumeFile(c.mask), config);
      expect(Object.keys(record.row.values).length).toBeGreaterThan(100);
      for (const [column, value] of Object.entries(alone.values)) expect([column, Number(record.row.values[column])]).toEqual([column, value]);
    }
  });
});
