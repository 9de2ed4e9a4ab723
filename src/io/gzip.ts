/**
 * Gzip detection and decompression that works in every runtime we support: Node's native
 * zlib where there is one, fflate (pure JavaScript) elsewhere. Multi-member streams (pigz,
 * concatenated files) are read whole.
 * @module
 */
import { Gunzip } from "fflate";
import { RadiomicsError } from "../errors.js";
import { concatBytes } from "./bytes.js";
import { nodeBuiltin } from "../builtins.js";

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Compressed bytes inflated at a time: deflate expands at most ~1,032×, so one step yields ≤ ~68 MB. */
const STEP = 64 * 1024;
/** Decompressed bytes a limit reads to know what the content claims (a NIfTI-2 header). */
const HEAD = 540;
/** What decompressed data may hold beyond its claim (trailing padding). */
const SLACK = 1 << 20;
/**
 * The most Node's zlib writes in one call (4 GB). A header may claim more (sizes of a
 * 32 GB volume over a few bytes of data): the limit is then this, the few bytes inflate,
 * and the reader reports the data as short of what the header says.
 */
const MAX_INFLATE = 2 ** 32;

/** What bounds an inflated stream: a number of bytes, or what its first {@link HEAD} decompressed bytes claim (null: no claim). */
type Claim = number | ((head: Uint8Array) => number | null);

/**
 * Decompresses every member of a gzip stream. `limit` (given the first decompressed bytes,
 * or the claim itself) bounds the output to what the content says it holds, so a small file
 * that inflates to gigabytes (damaged, or a decompression bomb) is refused before it fills
 * memory; null means no claim. `shared`: the output in shared memory (SharedArrayBuffer).
 * Node's native zlib inflates where the runtime has it (Node, Deno): the CT phantom's
 * 9.8 MB image in 31 ms against fflate's 78–85 (docs/decisions.md, Dependencies); fflate
 * everywhere else.
 */
export function gunzip(bytes: Uint8Array, what: string, limit?: Claim, shared = false): Uint8Array {
  const zlib = nodeBuiltin<NodeZlib>("node:zlib");
  return zlib ? nativeGunzip(zlib, bytes, what, limit, shared) : portableGunzip(bytes, what, limit, shared);
}

/** What {@link gunzip} uses of `node:zlib`. */
interface NodeZlib {
  gunzipSync(bytes: Uint8Array, options?: NativeOptions): Uint8Array;
  gunzip(bytes: Uint8Array, options: NativeOptions, done: (err: Error | null, out: Uint8Array) => void): void;
  constants: { Z_SYNC_FLUSH: number };
}

/** The options of zlib's that we set. */
interface NativeOptions {
  maxOutputLength?: number;
  chunkSize?: number;
  finishFlush?: number;
}

function corrupt(what: string, cause: unknown): RadiomicsError {
  return new RadiomicsError("INVALID_FILE", `${what}: the gzip data is corrupt or truncated (${String(cause)})`, {}, { cause });
}

function tooLarge(what: string, bound: number): RadiomicsError {
  return new RadiomicsError(
    "INVALID_FILE",
    `${what}: the gzip data inflates to more than the ${bound.toLocaleString("en")} bytes its header describes (a damaged file, or a decompression bomb)`,
    { limit: bound },
  );
}

/**
 * Inflates `bytes` with fflate `step` compressed bytes at a time, handing each chunk to
 * `take`, until `take` returns false or the input ends.
 */
function inflateSteps(bytes: Uint8Array, what: string, step: number, take: (chunk: Uint8Array) => boolean): void {
  let going = true;
  const stream = new Gunzip((chunk) => {
    going = take(chunk) && going;
  });
  for (let at = 0; going && at < bytes.length; at += step) {
    try {
      stream.push(bytes.subarray(at, at + step), at + step >= bytes.length);
    } catch (cause) {
      // `take`'s own refusal (a bound exceeded, a header that does not parse) as it is.
      throw cause instanceof RadiomicsError ? cause : corrupt(what, cause);
    }
  }
}

/**
 * The first `n` decompressed bytes of a gzip stream (fewer when it holds fewer; by default
 * a NIfTI-2 header's worth). The stream may be cut short after them (the first bytes of a
 * file). Node's zlib inflates where the runtime has it (loaded anyway to inflate the rest;
 * fflate loads `node:worker_threads` with it, 4–5 ms of a cold command), fflate elsewhere.
 */
export function inflatedHead(bytes: Uint8Array, what: string, n = HEAD): Uint8Array {
  const zlib = nodeBuiltin<NodeZlib>("node:zlib");
  return zlib ? nativeHead(zlib, bytes, what, n) : portableHead(bytes, what, n);
}

/** Compressed bytes {@link nativeHead} inflates first: a header needs a few hundred bytes out. */
const HEAD_INPUT = 1 << 10;

/**
 * {@link inflatedHead} by Node's zlib: the stream's first kilobyte, then four times as much
 * while that gave fewer than `n` bytes, each inflated as far as it goes (a sync flush at
 * its end, so a cut stream is no error). A kilobyte inflates to at most about a megabyte.
 */
function nativeHead(zlib: NodeZlib, bytes: Uint8Array, what: string, n: number): Uint8Array {
  for (let take = HEAD_INPUT; ; take *= 4) {
    let out: Uint8Array;
    try {
      out = zlib.gunzipSync(bytes.subarray(0, take), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch (cause) {
      throw corrupt(what, cause);
    }
    // A copy: zlib's small outputs share a pool's memory.
    if (out.length >= n || take >= bytes.length) return new Uint8Array(out.subarray(0, n));
  }
}

/** {@link inflatedHead} by fflate, a kilobyte of compressed data at a time. */
function portableHead(bytes: Uint8Array, what: string, n: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  inflateSteps(bytes, what, 1 << 10, (chunk) => {
    chunks.push(chunk);
    total += chunk.length;
    return total < n;
  });
  return concatBytes(chunks).subarray(0, n);
}

/** The output's bound: `limit` itself, or what `limit` reads in the first {@link HEAD} decompressed bytes; null without one. */
function boundOf(bytes: Uint8Array, what: string, limit: Claim | undefined): number | null {
  if (typeof limit !== "function") return limit ?? null;
  const head = inflatedHead(bytes, what, HEAD);
  return head.length >= HEAD ? limit(head) : null;
}

/**
 * {@link gunzip} on Node's thread pool where the runtime has Node's zlib (Node, Deno): an
 * image's and its label map's streams then inflate side by side and off this thread, which
 * meanwhile goes on (the CT phantom's .nii.gz files took 68 of a cold command's 280 ms
 * here, docs/decisions.md, Engine, "Thirty-first steps"). Elsewhere fflate inflates it here.
 */
export async function gunzipAside(bytes: Uint8Array, what: string, limit?: Claim, shared = false): Promise<Uint8Array> {
  const zlib = nodeBuiltin<NodeZlib>("node:zlib");
  if (!zlib) return portableGunzip(bytes, what, limit, shared);
  const { bound, options } = nativeOptions(bytes, what, limit);
  const out = await new Promise<Uint8Array>((resolve, reject) => zlib.gunzip(bytes, options, (err, inflated) => (err ? reject(nativeRefusal(err, what, bound)) : resolve(inflated))));
  return nativeOutput(out, shared);
}

/** {@link gunzip} by Node's zlib: the bound read first (from the head), then the whole stream. */
function nativeGunzip(zlib: NodeZlib, bytes: Uint8Array, what: string, limit: Claim | undefined, shared: boolean): Uint8Array {
  const { bound, options } = nativeOptions(bytes, what, limit);
  let out: Uint8Array;
  try {
    out = zlib.gunzipSync(bytes, options);
  } catch (cause) {
    throw nativeRefusal(cause, what, bound);
  }
  return nativeOutput(out, shared);
}

/**
 * The output's bound and zlib's options for a whole stream: the bound as the most it may
 * write, and the trailer's size of the (last) member as its output chunk, within the bound:
 * one chunk, no copy to join chunks (9–17 ms less for the CT phantom's image). Only a hint:
 * a wrong one costs more chunks, not a wrong result.
 */
function nativeOptions(bytes: Uint8Array, what: string, limit: Claim | undefined): { bound: number | null; options: NativeOptions } {
  const bound = boundOf(bytes, what, limit);
  if (bound === null) return { bound, options: {} };
  const trailer = bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true) : 0;
  return { bound, options: { maxOutputLength: Math.min(bound + SLACK, MAX_INFLATE), ...(trailer >= 64 && trailer <= bound + SLACK ? { chunkSize: trailer } : {}) } };
}

/** Why zlib refused a stream: more output than its bound, else corrupt data. */
function nativeRefusal(cause: unknown, what: string, bound: number | null): RadiomicsError {
  return (cause as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? tooLarge(what, bound!) : corrupt(what, cause);
}

/** zlib's output as a plain view, not a Buffer (whose slice() shares memory instead of copying); copied when it goes to shared memory. */
function nativeOutput(out: Uint8Array, shared: boolean): Uint8Array {
  return concatBytes([new Uint8Array(out.buffer, out.byteOffset, out.byteLength)], shared);
}

/** {@link gunzip} by fflate, a step at a time, checking the bound as the output grows. */
function portableGunzip(bytes: Uint8Array, what: string, limit: Claim | undefined, shared: boolean): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let bound = typeof limit === "function" ? undefined : limit ?? null;
  inflateSteps(bytes, what, STEP, (chunk) => {
    chunks.push(chunk);
    total += chunk.length;
    if (bound === undefined && total >= HEAD) bound = (limit as (head: Uint8Array) => number | null)(concatBytes(chunks).subarray(0, HEAD));
    if (bound != null && total > bound + SLACK) throw tooLarge(what, bound);
    return true;
  });
  return concatBytes(chunks, shared);
}
