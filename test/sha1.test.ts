import { describe, expect, it } from "vitest";
import { hashOn, hashReply, sha1Hex, sha1OfUint32, type HashReply, type HashRequest, type HashWorker } from "../src/sha1.js";

describe("hashes", () => {
  it("hash a label map block by block as its whole uint32 cast (node:crypto against WebCrypto)", async () => {
    const labels = new Int16Array(2 * 65536 + 7).map((_, i) => (i % 7) - 1);
    const cast = new Uint32Array(labels.length);
    for (let i = 0; i < labels.length; i++) cast[i] = labels[i]! >>> 0;
    const expected = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-1", new Uint8Array(cast.buffer))), (b) => b.toString(16).padStart(2, "0")).join("");
    expect(await sha1OfUint32(labels)).toBe(expected);
    expect(await sha1Hex(cast)).toBe(expected);
    // A view of shared memory is hashed from a copy (WebCrypto refuses shared views).
    const shared = new Uint32Array(new SharedArrayBuffer(cast.byteLength));
    shared.set(cast);
    expect(await sha1Hex(shared)).toBe(expected);
    // SHA-1 of "abc" (FIPS 180 test vector).
    expect(await sha1Hex(Uint8Array.of(0x61, 0x62, 0x63))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
  });
});

/** A worker stand-in that answers on a later turn, as a thread would; `held`: whether it keeps the process alive (Worker's ref/unref). */
function fakeWorker(answer: (request: HashRequest) => Promise<HashReply> = hashReply) {
  const listeners = new Map<string, Array<(arg?: HashReply) => void>>();
  const worker = {
    posted: [] as HashRequest[],
    held: false,
    postMessage(request: HashRequest) {
      this.posted.push(request);
      setTimeout(() => void answer(request).then((reply) => listeners.get("message")?.forEach((l) => l(reply))), 1);
    },
    on(event: string, listener: (arg?: HashReply) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return worker;
    },
    ref() { this.held = true; },
    unref() { this.held = false; },
    emit(event: "exit" | "error") { listeners.get(event)?.forEach((l) => l()); },
  };
  return worker;
}

describe("a helper thread's hashes (the command's, bin/warm-kernels.cjs)", () => {
  const sharedCopy = (a: Int16Array) => {
    const s = new Int16Array(new SharedArrayBuffer(a.byteLength));
    s.set(a);
    return s;
  };
  const labels = new Int16Array(70_000).map((_, i) => (i % 5) - 1);

  it("gets the volumes in shared memory, holds the thread while any is pending, and gives this thread's values", async () => {
    const here = { bytes: await sha1Hex(labels), uint32: await sha1OfUint32(labels) };
    const worker = fakeWorker();
    worker.held = true; // as a Worker whose "message" listener has just been added
    hashOn(worker as unknown as HashWorker);
    expect(worker.held).toBe(false);
    // Memory of this thread alone stays here.
    expect(await sha1Hex(labels)).toBe(here.bytes);
    expect(worker.posted).toEqual([]);
    const shared = sharedCopy(labels);
    const pending = [sha1Hex(shared), sha1OfUint32(shared)];
    expect(worker.posted.map((r) => [r.id, r.uint32, r.data === shared])).toEqual([[0, false, true], [1, true, true]]);
    expect(worker.held).toBe(true);
    expect(await Promise.all(pending)).toEqual([here.bytes, here.uint32]);
    expect(worker.held).toBe(false);
    worker.emit("exit");
  });

  it("reports a helper's failure, and hashes here once the helper is gone (pending ones too)", async () => {
    const failing = fakeWorker(async ({ id }) => ({ id, error: "out of memory" }));
    hashOn(failing as unknown as HashWorker);
    await expect(sha1Hex(sharedCopy(labels))).rejects.toThrow(/hash helper: out of memory/);
    const silent = fakeWorker(() => new Promise<HashReply>(() => undefined));
    hashOn(silent as unknown as HashWorker);
    const shared = sharedCopy(labels);
    const pending = sha1OfUint32(shared);
    expect(silent.posted).toHaveLength(1);
    silent.emit("exit");
    expect(await pending).toBe(await sha1OfUint32(labels));
    expect(silent.held).toBe(false);
    await sha1Hex(shared);
    expect(silent.posted).toHaveLength(1);
  });
});
