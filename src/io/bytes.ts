/**
 * Byte-array helpers shared by the readers.
 * @module
 */
import { isShared, zeroedArray } from "../volume.js";

/**
 * Zeroed bytes, in a SharedArrayBuffer when `shared` and the runtime has one: workers then
 * read them without a copy (a copy into fresh shared memory costs about as much as hashing).
 */
export function allocBytes(length: number, shared = false): Uint8Array {
  return zeroedArray(Uint8Array, length, shared);
}

/** The parts joined into one array (the part itself when there is only one), in shared memory when `shared`. */
export function concatBytes(parts: readonly Uint8Array[], shared = false): Uint8Array {
  if (parts.length === 1 && (!shared || isShared(parts[0]!))) return parts[0]!;
  const out = allocBytes(parts.reduce((n, p) => n + p.length, 0), shared);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
