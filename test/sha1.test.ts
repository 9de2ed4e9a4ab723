import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./helpers/fixtures.js";
import { hashOn, hashReply, sha1AndRangeBeside, sha1Hex, sha1OfUint32, sha1Text, takeBackHashes, type HashReply, type HashRequest, type HashWorker } from "../src/sha1.js";
import { factsHere } from "../src/diagnostics.js";
import { extract } from "../src/extract.js";
import { familyWorkerApi } from "../src/parallel/job.js";
import { FACTS_MIN_VOXELS } from "../src/parallel/split.js";
import type { FamilyPool, FamilyWorkerApi } from "../src/parallel/families.js";
import { volumeFromArray } from "../src/volume.js";
import { imageStats } from "../src/kernels/intensity.js";

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
function fakeWorker(answer: (request: HashRequest) => Promise<HashReply | null> = hashReply) {
  const listeners = new Map<string, Array<(arg?: HashReply) => void>>();
  const worker = {
    posted: [] as HashRequest[],
    held: false,
    postMessage(request: HashRequest) {
      this.posted.push(request);
      // As src/hash-worker.ts: no reply for a request taken back.
      setTimeout(() => void answer(request).then((reply) => reply && listeners.get("message")?.forEach((l) => l(reply))), 1);
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

describe("a helper thread's hashes (hashOn, as src/hash-helper.ts starts one)", () => {
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

  it("takes a text (the configuration's hash), so that this thread need not load node:crypto for it", async () => {
    // FIPS 180's first example.
    const abc = "a9993e364706816aba3e25717850c26c9cd0d89d";
    expect(await sha1Text("abc", true)).toBe(abc);
    const worker = fakeWorker();
    hashOn(worker as unknown as HashWorker);
    expect(await sha1Text("abc", true)).toBe(abc);
    expect(worker.posted.map((r) => [Array.from(r.data), r.uint32])).toEqual([[[0x61, 0x62, 0x63], false]]);
    // Not asked to go beside; then with no helper.
    expect(await sha1Text("abc")).toBe(abc);
    worker.emit("exit");
    expect(await sha1Text("abc", true)).toBe(abc);
    expect(worker.posted).toHaveLength(1);
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

describe("hashes taken back from a helper that has not started them (takeBackHashes, when an extraction's features are done)", () => {
  const shared = (n: number, seed: number) => {
    const a = new Int16Array(new SharedArrayBuffer(2 * n));
    for (let i = 0; i < n; i++) a[i] = ((i * seed) % 401) - 200;
    return a;
  };
  /** A helper that answers one request at a time, in order, each once `open` is called; `inHand`: it has started the first already. */
  function queuedWorker(inHand: boolean) {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const worker = fakeWorker(async (request) => {
      await gate;
      // A request it had in hand it answers though claimed (by itself); any other as a thread would.
      return inHand && request.id === worker.posted[0]!.id ? hashReply({ ...request, claim: new Int32Array(new SharedArrayBuffer(4)) }) : hashReply(request);
    });
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (request: HashRequest) => {
      if (inHand && !worker.posted.length) Atomics.store(request.claim!, 0, 1);
      post(request);
    };
    return { worker, open: () => open() };
  }

  it("computes here those after the one the helper has in hand, at once; the helper sends nothing for them", async () => {
    const [labels, image] = [shared(90_000, 7), shared(60_000, 13)];
    const expected = { labels: await sha1OfUint32(new Int16Array(labels)), image: await sha1Hex(new Int16Array(image)) };
    const { worker, open } = queuedWorker(true);
    hashOn(worker as unknown as HashWorker);
    const labelsHash = sha1OfUint32(labels);
    const beside = sha1AndRangeBeside(image)!;
    takeBackHashes();
    expect(worker.posted.map((r) => Atomics.load(r.claim!, 0))).toEqual([1, 2]);
    // Taken back: answered before the helper answers anything.
    expect(await beside.hex).toBe(expected.image);
    expect(await beside.stats).toEqual(imageStats(image));
    expect(worker.held).toBe(true);
    open();
    expect(await labelsHash).toBe(expected.labels);
    expect(await hashReply(worker.posted[1]!)).toBeNull();
    expect(worker.held).toBe(false);
    worker.emit("exit");
  });

  it("leaves a helper with nothing in hand its next one, and takes nothing it has started", async () => {
    const volumes = [shared(5_000, 3), shared(6_000, 5), shared(7_000, 11)];
    const expected = await Promise.all(volumes.map((v) => sha1Hex(new Int16Array(v))));
    const { worker, open } = queuedWorker(false);
    hashOn(worker as unknown as HashWorker);
    const hashes = volumes.map((v) => sha1Hex(v));
    takeBackHashes();
    expect(worker.posted.map((r) => Atomics.load(r.claim!, 0))).toEqual([0, 2, 2]);
    open();
    expect(await Promise.all(hashes)).toEqual(expected);
    expect(worker.posted.map((r) => Atomics.load(r.claim!, 0))).toEqual([1, 2, 2]);
    // Nothing pending: nothing to take.
    takeBackHashes();
    worker.emit("exit");
  });
});

describe("where a large shared image's facts go (src/extract.ts)", () => {
  it("to the helper thread when it is up and no worker works for this thread, else to a worker: the same diagnostics either way", async () => {
    // The least image whose facts go to a worker (8 M voxels), in shared memory as the command reads it, around a 6 × 5 × 4 ROI.
    const size: [number, number, number] = [256, 256, 128];
    const image = new Int16Array(new SharedArrayBuffer(2 * FACTS_MIN_VOXELS));
    for (let i = 0; i < image.length; i++) image[i] = (i * 37) % 401;
    const labels = new Uint8Array(new SharedArrayBuffer(FACTS_MIN_VOXELS));
    for (let z = 60; z < 64; z++) for (let y = 100; y < 105; y++) labels.fill(1, 120 + 256 * (y + 256 * z), 126 + 256 * (y + 256 * z));
    const volume = <T extends Int16Array | Uint8Array>(data: T) => volumeFromArray(data, size, { spacing: [0.8, 0.8, 2] });
    const config = { setting: { profile: "pyradiomics" as const } };
    const alone = await extract(volume(image), volume(labels), config, { workers: 1 });
    // A pool that computes a job's facts on this thread and lists the jobs; `busy` as a pool whose worker works.
    const pool = (busy: boolean) => {
      const jobs: string[] = [];
      const api = { volumeFacts: (...args: Parameters<FamilyWorkerApi["volumeFacts"]>) => (jobs.push("volumeFacts"), familyWorkerApi.volumeFacts(...args)) };
      const fake: FamilyPool = { start: () => undefined, hasCapacity: () => true, busy: () => busy, close: async () => undefined, run: (task) => task(api as never) };
      return { jobs, fake };
    };
    const worker = fakeWorker();
    hashOn(worker as unknown as HashWorker);
    try {
      for (const busy of [false, true]) {
        const { jobs, fake } = pool(busy);
        const row = await extract(volume(image), volume(labels), config, { pool: fake });
        expect(jobs).toEqual(busy ? ["volumeFacts"] : []);
        expect(row.diagnostics).toEqual(alone.diagnostics);
        expect(row.values).toEqual(alone.values);
        // The idle pool's case: the settings' text, the label map as uint32 (the larger hash, first) and the image's bytes, the volumes from shared memory as they are.
        if (!busy) expect(worker.posted.map((r) => [r.uint32, r.data === image || r.data === labels])).toEqual([[false, false], [true, true], [false, true]]);
      }
    } finally {
      worker.emit("exit");
    }
  }, 60_000);
});

describe("a helper for volumes in plain memory (extractions on Node's main thread, src/hash-helper.ts)", () => {
  // 1.2 MB: past the size from which plain memory is copied for the helper.
  const image = new Int16Array(600_000).map((_, i) => (i * 31) % 977);
  const small = image.subarray(0, 70_000);

  it("hashes here until the thread has loaded, then copies into reused shared buffers: the bytes as they were when asked", async () => {
    const here = { bytes: await sha1Hex(image), uint32: await sha1OfUint32(image), small: await sha1Hex(small) };
    const worker = fakeWorker();
    const loaded = new Int32Array(new SharedArrayBuffer(4));
    hashOn(worker as unknown as HashWorker, { loaded });
    expect(await sha1Hex(image)).toBe(here.bytes);
    expect(worker.posted).toEqual([]);

    Atomics.store(loaded, 0, 1);
    const asked = sha1OfUint32(image);
    const copy = worker.posted[0]!.data;
    expect(copy).toBeInstanceOf(Int16Array);
    expect(copy.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(worker.posted[0]!.uint32).toBe(true);
    // Changed after the hash was asked: the helper hashes the copy made when it was.
    image[0] = 999;
    expect(await asked).toBe(here.uint32);
    image[0] = 0;
    // The buffer came back with the answer and carries the next copy.
    expect(await sha1Hex(image)).toBe(here.bytes);
    expect(worker.posted[1]!.data.buffer).toBe(copy.buffer);
    // Under 1 MB, or when told not to copy (other threads work for this one), here.
    expect(await sha1Hex(small)).toBe(here.small);
    expect(await sha1Hex(image, false)).toBe(here.bytes);
    expect(worker.posted).toHaveLength(2);
    worker.emit("exit");
  });

  it("finds an extraction's two copies again for the next one, also where together they pass 64 MB", async () => {
    // 34 MB and 32 MB: each under the largest copy made (64 MB), together past it.
    const volume = new Int16Array(17 << 20).fill(7), mask = new Uint8Array(32 << 20).fill(1);
    const here = [await sha1Hex(volume, false), await sha1Hex(mask, false)];
    const worker = fakeWorker();
    hashOn(worker as unknown as HashWorker);
    for (let round = 0; round < 2; round++) expect(await Promise.all([sha1Hex(volume), sha1Hex(mask)])).toEqual(here);
    const buffers = worker.posted.map((r) => r.data.buffer);
    expect(buffers[0]).toBeInstanceOf(SharedArrayBuffer);
    expect(buffers[1]).not.toBe(buffers[0]);
    expect(buffers[2]).toBe(buffers[0]);
    expect(buffers[3]).toBe(buffers[1]);
    worker.emit("exit");
  });

  it("gives an image's sum and range with its hash, from the same copy, and computes both here when the helper is gone", async () => {
    // The values 0…976, each 31 apart modulo 977, summed by hand: 600,000 = 614·977 + 122, and the first 122 terms are 31·i mod 977.
    let sum = 614 * (976 * 977) / 2;
    for (let i = 0; i < 122; i++) sum += (i * 31) % 977;
    const range = { sum, min: 0, max: 976 };
    const hex = await sha1Hex(image);
    const worker = fakeWorker();
    const loaded = new Int32Array(new SharedArrayBuffer(4));
    hashOn(worker as unknown as HashWorker, { loaded });
    // Not loaded yet: the caller computes both.
    expect(sha1AndRangeBeside(image)).toBeNull();
    Atomics.store(loaded, 0, 1);
    const beside = sha1AndRangeBeside(image)!;
    expect(worker.posted.map((r) => [r.uint32, r.stats])).toEqual([[false, true]]);
    image[0] = 999;
    expect(await beside.hex).toBe(hex);
    expect(await beside.stats).toEqual(range);
    image[0] = 0;
    // The diagnostics' facts: the hash asked first brings the range; the mask's hash none.
    const facts = factsHere();
    const [imageHash, imageRange] = [facts.sha1(image, false), facts.stats(image)];
    expect(worker.posted[1]!.stats).toBe(true);
    expect([await imageHash, await imageRange]).toEqual([hex, range]);
    void facts.sha1(image, true);
    expect(worker.posted[2]!.stats).toBeUndefined();
    worker.emit("exit");
    // A helper that exits with the request pending: answered here, range included.
    const silent = fakeWorker(() => new Promise<HashReply>(() => undefined));
    hashOn(silent as unknown as HashWorker);
    const shared = new Int16Array(new SharedArrayBuffer(image.byteLength));
    shared.set(image);
    const pending = sha1AndRangeBeside(shared)!;
    silent.emit("exit");
    expect([await pending.hex, await pending.stats]).toEqual([hex, range]);
  });

  it("is started by the second extraction of a process, gives the same hashes, is left alone when asked, and lets the process exit", () => {
    const script = `
      const { extract } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist/esm/node.js")).href)});
      const { hasHashHelper } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist/esm/sha1.js")).href)});
      const size = [100, 100, 60], spacing = [1, 1, 1], origin = [0, 0, 0], direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
      const image = { data: new Int16Array(600000).map((_, i) => (i * 31) % 977), size, spacing, origin, direction };
      const mask = { data: new Uint8Array(600000).map((_, i) => (i % 100 > 30 && i % 100 < 70 && i > 200000 && i < 400000 ? 1 : 0)), size, spacing, origin, direction };
      // SHA-1s computed on this thread: counted where the library takes them from.
      const crypto = process.getBuiltinModule("node:crypto"), createHash = crypto.createHash;
      let here = 0;
      crypto.createHash = (...args) => (here++, createHash(...args));
      const hashes = [], ranges = [], helper = [], hashedHere = [];
      for (let i = 0; i < 4; i++) {
        here = 0;
        const row = await extract(image, mask, { setting: { profile: "pyradiomics", binWidth: 25 } });
        hashes.push([row.diagnostics["diagnostics_Image-original_Hash"], row.diagnostics["diagnostics_Mask-original_Hash"]]);
        ranges.push(["Mean", "Minimum", "Maximum"].map((k) => row.diagnostics["diagnostics_Image-original_" + k]));
        helper.push(hasHashHelper());
        hashedHere.push(here);
        // A turn of the event loop, as between a notebook's cells: the thread loads meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      // With a pool whose workers have nothing to do (one small ROI), and told to keep them here.
      for (const options of [{ workers: 2 }, { hashHelper: false }]) {
        here = 0;
        await extract(image, mask, { setting: { profile: "pyradiomics", binWidth: 25 } }, options);
        hashedHere.push(here);
      }
      console.log(JSON.stringify({ hashes, ranges, helper, hashedHere }));
    `;
    const run = spawnSync(process.execPath, ["--no-liftoff", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const { hashes, ranges, helper, hashedHere } = JSON.parse(run.stdout) as { hashes: string[][]; ranges: number[][]; helper: boolean[]; hashedHere: number[] };
    expect(helper).toEqual([false, true, true, true]);
    // The volumes' hashes and the settings' leave once the thread has loaded (not when told to stay).
    expect(hashedHere).toEqual([3, 3, 0, 0, 0, 3]);
    const expected = [
      createHash("sha1").update(new Uint8Array(new Int16Array(600_000).map((_, i) => (i * 31) % 977).buffer)).digest("hex"),
      createHash("sha1").update(new Uint8Array(new Uint32Array(600_000).map((_, i) => (i % 100 > 30 && i % 100 < 70 && i > 200_000 && i < 400_000 ? 1 : 0)).buffer)).digest("hex"),
    ];
    for (const pair of hashes) expect(pair).toEqual(expected);
    // The image's mean and range, here (the first) and with the helper's hashes (the others).
    let sum = 614 * (976 * 977) / 2;
    for (let i = 0; i < 122; i++) sum += (i * 31) % 977;
    for (const range of ranges) expect(range).toEqual([sum / 600_000, 0, 976]);
  });
});
