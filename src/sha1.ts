/**
 * SHA-1 of voxel data, as PyRadiomics' diagnostics hash images (`sitk.Hash`) and masks
 * (cast to uint32), with an image's sum and range beside its hash on a helper thread. This
 * module imports nothing of the library but that range's formula (kernels/intensity.ts)
 * and the thread's reused buffers (scratch.ts), which import nothing, so that a helper
 * thread (hash-worker.ts) can hash with it without loading the rest.
 * @module
 */
import type { VoxelArray } from "./volume.js";
import { nodeBuiltin } from "./builtins.js";
import { imageStats } from "./kernels/intensity.js";
import { giveBack, takeArray } from "./scratch.js";

/** An incremental SHA-1. */
export interface Sha1 {
  update(bytes: Uint8Array): void;
  digest(encoding: "hex"): string;
}

/** The incremental SHA-1 of `node:crypto` (Node, Deno), or null where there is none (browsers). */
export function nodeSha1(): Sha1 | null {
  const crypto = nodeBuiltin<{ createHash(name: string): Sha1 }>("node:crypto");
  return crypto ? crypto.createHash("sha1") : null;
}

const hex = (digest: ArrayBuffer) => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");

/** A hash to compute: the samples' bytes, or (`uint32`) the samples cast to uint32; with `stats`, their sum and range too. */
export interface HashRequest {
  id: number;
  data: VoxelArray;
  uint32: boolean;
  stats?: boolean;
  /** Who computes it (shared with the helper): 0 not yet claimed, 1 the helper, 2 the asking thread ({@link takeBackHashes}). */
  claim: Int32Array;
}

/** Sum, minimum and maximum of an image's samples (kernels/intensity.ts's imageStats, the WebAssembly kernel's twin). */
export type ImageRange = ReturnType<typeof imageStats>;

/** What a {@link HashRequest} asked for. */
export interface HashAnswer {
  hex: string;
  stats?: ImageRange;
}

/** A helper's answer to {@link HashRequest} `id`. */
export type HashReply = ({ id: number } & HashAnswer) | { id: number; error: string };

/** What this thread needs of a worker thread (`node:worker_threads`' Worker). */
export interface HashWorker {
  postMessage(request: HashRequest): void;
  on(event: "message", listener: (reply: HashReply) => void): unknown;
  on(event: "error" | "exit", listener: () => void): unknown;
  ref(): void;
  unref(): void;
}

interface Pending {
  request: HashRequest;
  /** The shared copy the request carries, given back to this thread's scratch (scratch.ts) when it is answered. */
  staging?: VoxelArray;
  resolve(answer: HashAnswer): void;
  reject(err: unknown): void;
}

let helper: { worker: HashWorker; pending: Map<number, Pending>; next: number; ready(): boolean } | null = null;

/**
 * Hands this thread's hashes to `worker`, which answers each {@link HashRequest} with
 * {@link hashReply}: they are then computed beside the features instead of before them.
 * Volumes in shared memory go as they are; others of 1–64 MB as a copy in reused shared
 * buffers (a copy takes about a quarter of the time the hash takes). In Node, extractions
 * on the main thread start one (hash-helper.ts). With `loaded`, a flag the worker sets (to 1) once it has loaded, hashes
 * are computed here until then: a booting thread would keep them waiting, and its message
 * saying so could wait for this thread's event loop. The worker is held (ref) only while
 * hashes are pending. Should it fail or exit, its pending hashes and all later ones are
 * computed here. It is also given the images' sums and ranges (see {@link sha1AndRangeBeside}).
 */
export function hashOn(worker: HashWorker, { loaded }: { loaded?: Int32Array } = {}): void {
  const pending = new Map<number, Pending>();
  const state = { worker, pending, next: 0, ready: () => !loaded || Atomics.load(loaded, 0) === 1 };
  const fallBack = () => {
    if (helper === state) helper = null;
    for (const p of pending.values()) answerHere(p.request).then(p.resolve, p.reject);
    pending.clear();
    worker.unref();
  };
  worker.on("message", (reply: HashReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    giveBack(p.staging);
    if (!pending.size) worker.unref();
    if ("error" in reply) p.reject(new Error(`hash helper: ${reply.error}`));
    else p.resolve(reply);
  });
  worker.on("error", fallBack);
  worker.on("exit", fallBack);
  // A "message" listener holds a Worker's port (and the process) until unref().
  worker.unref();
  helper = state;
}

/** Whether this thread's hashes have a helper (see {@link hashOn}). */
export function hasHashHelper(): boolean {
  return helper !== null;
}

/** Whether hashes asked now go to the helper: there is one, and it has loaded or (the command's) takes them once it has. */
export function hashHelperReady(): boolean {
  return helper?.ready() ?? false;
}

/** The helper's side of {@link hashOn}: the reply to one request, or null (nothing computed, nothing to send) when the asking thread has claimed it. */
export async function hashReply(request: HashRequest): Promise<HashReply | null> {
  if (Atomics.compareExchange(request.claim, 0, 0, 1) !== 0) return null;
  try {
    return { id: request.id, ...(await answerHere(request)) };
  } catch (err) {
    return { id: request.id, error: err instanceof Error ? err.message : String(err) };
  }
}

/** A request answered on this thread. */
async function answerHere({ data, uint32, stats }: HashRequest): Promise<HashAnswer> {
  const hex = await hashHere(data, uint32);
  return stats ? { hex, stats: imageStats(data) } : { hex };
}

// volume.ts's isShared, not imported: this module stays free of the library for the helper thread.
const shared = (data: VoxelArray) => typeof SharedArrayBuffer === "function" && data.buffer instanceof SharedArrayBuffer;

/** Volumes in plain memory are copied for the helper from this many bytes to hash (fewer cost more in messages than they save)… */
const STAGED_MIN_BYTES = 1 << 20;
/** …up to this size of copy: a larger copy would fault in fresh pages, about what hashing it here costs. */
const STAGED_MAX_BYTES = 64 << 20;

/**
 * `data` copied into shared memory, or null when it is outside the sizes worth copying.
 * The copy is on this thread's scratch (scratch.ts), which keeps the buffers that come back
 * for the next copies, as many as the thread's crops and kernel outputs: the next
 * extraction's image and mask each find theirs again instead of faulting in fresh pages.
 */
function staged(data: VoxelArray, uint32: boolean): VoxelArray | null {
  const bytes = data.byteLength;
  if ((uint32 ? 4 * data.length : bytes) < STAGED_MIN_BYTES || bytes > STAGED_MAX_BYTES) return null;
  const copy = takeArray(data.constructor as Parameters<typeof takeArray<VoxelArray>>[0], data.length, true, false);
  copy.set(data as never);
  return copy;
}

/** SHA-1 (hex) of the samples or (`uint32`) of them cast to uint32: on the helper thread when it takes them (see {@link beside}), else here. */
function hashOf(data: VoxelArray, uint32: boolean, copies: boolean): Promise<string> {
  return beside(data, uint32, copies, false)?.then((answer) => answer.hex) ?? hashHere(data, uint32);
}

/**
 * The request for `data` sent to the helper thread, when there is one ready and the data
 * are shared with it or (`copies`) worth copying to it; else null, and nothing is sent.
 */
function beside(data: VoxelArray, uint32: boolean, copies: boolean, stats: boolean): Promise<HashAnswer> | null {
  if (!helper?.ready()) return null;
  const staging = shared(data) ? undefined : copies ? staged(data, uint32) : null;
  return staging === null ? null : sent(helper, data, staging, uint32, stats);
}

/** Sends the helper `data` (or its shared copy `staging`) to hash; a plain array goes by copy in the message. */
function sent(to: NonNullable<typeof helper>, data: VoxelArray, staging: VoxelArray | undefined, uint32: boolean, stats: boolean): Promise<HashAnswer> {
  const { worker, pending } = to;
  const claim = new Int32Array(new SharedArrayBuffer(4));
  const request: HashRequest = { id: to.next++, data: staging ?? data, uint32, claim, ...(stats ? { stats } : {}) };
  return new Promise((resolve, reject) => {
    if (!pending.size) worker.ref();
    pending.set(request.id, { request, staging, resolve, reject });
    worker.postMessage(request);
  });
}

/**
 * An image's SHA-1 and its samples' sum and range, both from the helper thread's pass over
 * them (the same copy: the sum and range are the WebAssembly kernel's, by its twin), or
 * null where the helper does not take the image (see {@link beside}): then the caller
 * computes both. On a warm CT phantom's extraction the range was 1.5 ms of this thread's.
 */
export function sha1AndRangeBeside(data: VoxelArray, copies = true): { hex: Promise<string>; stats: Promise<ImageRange> } | null {
  const answer = beside(data, false, copies, true);
  if (!answer) return null;
  // A request with `stats` is answered with them (answerHere).
  return { hex: answer.then((a) => a.hex), stats: answer.then((a) => a.stats!) };
}

/**
 * Takes back from the helper the hashes it has not started and computes them here: for a
 * thread that has nothing else to do until they are answered (an extraction whose
 * features are done). The helper keeps the next one when it has none in hand (it is about
 * to start it). A 512 × 512 × 120 CT's image (63 MB, and its range) is then hashed here
 * while the helper hashes its label map (126 MB as uint32), instead of after it.
 */
export function takeBackHashes(): void {
  if (!helper) return;
  const { pending, worker } = helper;
  const waiting = [...pending.values()].filter((p) => Atomics.load(p.request.claim, 0) === 0);
  const busy = waiting.length < pending.size;
  for (const p of busy ? waiting : waiting.slice(1)) {
    if (Atomics.compareExchange(p.request.claim, 0, 0, 2) !== 0) continue;
    pending.delete(p.request.id);
    answerHere(p.request)
      .finally(() => giveBack(p.staging))
      .then(p.resolve, p.reject);
  }
  if (!pending.size) worker.unref();
}

function hashHere(data: VoxelArray, uint32: boolean): Promise<string> {
  return uint32 ? uint32Here(data) : bytesHere(data);
}

/**
 * SHA-1 (hex) of a typed array's bytes, as `sitk.Hash` gives for an image buffer.
 * `node:crypto` hashes the bytes where they are, or a helper thread does (see
 * {@link hashOn}; `copies`: whether bytes in plain memory may be copied for it). Elsewhere
 * WebCrypto hashes (off this thread), from a private copy when the bytes are shared
 * memory, which it refuses. (WebCrypto in Node was measured too: its job copies the input
 * into fresh memory first, which costs this thread about as much as hashing, and memory
 * besides; see docs/decisions.md.)
 */
export function sha1Hex(data: VoxelArray, copies = true): Promise<string> {
  return hashOf(data, false, copies);
}

function bytesHere(data: VoxelArray): Promise<string> {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const sha1 = nodeSha1();
  if (sha1) {
    sha1.update(view);
    return Promise.resolve(sha1.digest("hex"));
  }
  const bytes = data.buffer instanceof ArrayBuffer ? (view as Uint8Array<ArrayBuffer>) : view.slice();
  return globalThis.crypto.subtle.digest("SHA-1", bytes).then(hex);
}

/**
 * SHA-1 (hex) of a text; `beside`: by the helper thread where one is ready (see
 * {@link hashOn}), so that this thread need not load `node:crypto` for one short text (5–6
 * ms of a cold `radiomics extract`, whose helper hashes the volumes anyway).
 */
export function sha1Text(text: string, beside = false): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  return beside && helper?.ready() ? sent(helper, bytes, undefined, false, false).then((answer) => answer.hex) : bytesHere(bytes);
}

/** Label map cast to uint32, as PyRadiomics hashes masks. */
function asUint32(data: VoxelArray): Uint32Array {
  if (data instanceof Uint32Array) return data;
  // Typed-array conversion is ToUint32 per element, the same as `v >>> 0`.
  const out = new Uint32Array(data.length);
  out.set(data);
  return out;
}

/** SHA-1 (hex) of a label map cast to uint32: converted a block at a time where hashing is incremental. */
export function sha1OfUint32(data: VoxelArray, copies = true): Promise<string> {
  return hashOf(data, true, copies);
}

function uint32Here(data: VoxelArray): Promise<string> {
  const sha1 = nodeSha1();
  if (!sha1 || data instanceof Uint32Array) return bytesHere(asUint32(data));
  updateAsUint32(sha1, data, new Uint32Array(1 << 16));
  return Promise.resolve(sha1.digest("hex"));
}

/** Feeds `sha1` the samples cast to uint32 (as PyRadiomics hashes masks), converted in `block` a block at a time. */
export function updateAsUint32(sha1: Sha1, data: VoxelArray, block: Uint32Array): void {
  if (data instanceof Uint32Array) {
    sha1.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return;
  }
  for (let start = 0; start < data.length; start += block.length) {
    const part = data.subarray(start, start + block.length);
    block.set(part);
    sha1.update(new Uint8Array(block.buffer, block.byteOffset, part.length * 4));
  }
}
