/**
 * The readers' and writer's file operations over `node:fs`' callbacks (src/io/node-files.ts),
 * on files written here with known bytes, and their errors (Node's, with its codes).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openFile, readFile, readdirEntries, removeFile, rename, stat, writeFile } from "../src/io/node-files.js";

const dir = mkdtempSync(join(tmpdir(), "radiomics-node-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openFile", () => {
  it("reads bytes at a position into a buffer from an offset, fewer at the file's end, and stats the open file", async () => {
    const path = join(dir, "ten.bin");
    writeFileSync(path, Uint8Array.from({ length: 10 }, (_, i) => 10 + i));
    const file = await openFile(path);
    try {
      const buffer = new Uint8Array(6);
      const middle = await file.read(buffer, 1, 4, 3);
      expect(middle.bytesRead).toBe(4);
      expect(middle.buffer).toBe(buffer);
      expect([...buffer]).toEqual([0, 13, 14, 15, 16, 0]);
      const end = await file.read(new Uint8Array(6), 0, 6, 7);
      expect(end.bytesRead).toBe(3);
      expect([...end.buffer.subarray(0, 3)]).toEqual([17, 18, 19]);
      expect((await file.read(new Uint8Array(2), 0, 2, 10)).bytesRead).toBe(0);
      const info = await file.stat();
      expect(info.isFile()).toBe(true);
      expect(info.size).toBe(10);
      expect([...(await file.readRest())]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    } finally {
      await file.close();
    }
  });

  it("rejects a missing file with Node's ENOENT, and a closed file's reads with EBADF", async () => {
    await expect(openFile(join(dir, "missing.bin"))).rejects.toMatchObject({ code: "ENOENT" });
    const path = join(dir, "closed.bin");
    writeFileSync(path, "x");
    const file = await openFile(path);
    await file.close();
    await expect(file.read(new Uint8Array(1), 0, 1, 0)).rejects.toMatchObject({ code: "EBADF" });
  });
});

describe("the path operations", () => {
  it("write, read, rename and remove a file; removing one that is not there is no error", async () => {
    const first = join(dir, "a.txt"), second = join(dir, "b.txt");
    await writeFile(first, "radiomics");
    expect(new TextDecoder().decode(await readFile(first))).toBe("radiomics");
    await writeFile(first, Uint8Array.of(1, 2, 3));
    expect([...(await readFile(first))]).toEqual([1, 2, 3]);
    await rename(first, second);
    expect(existsSync(first)).toBe(false);
    expect([...readFileSync(second)]).toEqual([1, 2, 3]);
    expect((await stat(second)).size).toBe(3);
    await removeFile(second);
    expect(existsSync(second)).toBe(false);
    await expect(removeFile(second)).resolves.toBeUndefined();
    await expect(readFile(second)).rejects.toMatchObject({ code: "ENOENT" });
    await expect(rename(second, first)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("write data beyond a megabyte on the thread pool, and text and bytes up to it at once, the same bytes either way", async () => {
    const large = Uint8Array.from({ length: (1 << 20) + 1 }, (_, i) => (i * 31) % 256);
    const path = join(dir, "large.bin");
    await writeFile(path, large);
    expect(readFileSync(path).equals(Buffer.from(large))).toBe(true);
    await writeFile(path, large.subarray(0, 1 << 20));
    expect(readFileSync(path).equals(Buffer.from(large.subarray(0, 1 << 20)))).toBe(true);
    await writeFile(path, "é".repeat(3));
    expect(readFileSync(path, "utf8")).toBe("ééé");
    await expect(writeFile(join(dir, "no-such-folder", "a.txt"), "x")).rejects.toMatchObject({ code: "ENOENT" });
    await expect(writeFile(join(dir, "no-such-folder", "b.bin"), large)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("list a folder's entries with their kinds, and stat through a link", async () => {
    const folder = join(dir, "folder");
    mkdirSync(join(folder, "inner"), { recursive: true });
    writeFileSync(join(folder, "file.dcm"), "dicm");
    symlinkSync(join(folder, "inner"), join(folder, "link"));
    const entries = (await readdirEntries(folder)).map((e) => [e.name, e.isFile(), e.isDirectory(), e.isSymbolicLink()]).sort();
    expect(entries).toEqual([["file.dcm", true, false, false], ["inner", false, true, false], ["link", false, false, true]]);
    expect((await stat(join(folder, "link"))).isDirectory()).toBe(true);
  });
});
