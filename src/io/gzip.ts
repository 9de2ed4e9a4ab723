/**
 * Gzip detection and decompression that works in every runtime we support (fflate,
 * pure JavaScript). Multi-member streams (pigz, concatenated files) are read whole.
 * @module
 */
import { Gunzip } from "fflate";
import { RadiomicsError } from "../errors.js";
import { concatBytes } from "./bytes.js";

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
 * Decompresses every member of a gzip stream. `limit` (given the first decompressed bytes,
 * or the claim itself) bounds the output to what the content says it holds, so a small file
 * that inflates to gigabytes (damaged, or a decompression bomb) is refused before it fills
 * memory; null means no claim. `shared`: the output in shared memory (SharedArrayBuffer).
 */
export function gunzip(bytes: Uint8Array, what: string, limit?: number | ((head: Uint8Array) => number | null), shared = false): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let bound = typeof limit === "function" ? undefined : limit ?? null;
  const stream = new Gunzip((chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  });
  let at = 0;
  do {
    try {
      stream.push(bytes.subarray(at, at + STEP), at + STEP >= bytes.length);
    } catch (cause) {
      throw new RadiomicsError("INVALID_FILE", `${what}: the gzip data is corrupt or truncated (${String(cause)})`, {}, { cause });
    }
    at += STEP;
    if (bound === undefined && total >= HEAD) bound = (limit as (head: Uint8Array) => number | null)((chunks[0]!.length >= HEAD ? chunks[0]! : concatBytes(chunks)).subarray(0, HEAD));
    if (bound != null && total > bound + SLACK) {
      throw new RadiomicsError(
        "INVALID_FILE",
        `${what}: the gzip data inflates to more than the ${bound.toLocaleString("en")} bytes its header describes (a damaged file, or a decompression bomb)`,
        { limit: bound },
      );
    }
  } while (at < bytes.length);
  return concatBytes(chunks, shared);
}
