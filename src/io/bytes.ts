/**
 * Byte-array helpers shared by the readers.
 * @module
 */
import { isShared, zeroedArray } from "../volume.js";

/** The parts joined into one array (the part itself when there is only one), in shared memory when `shared`. */
export function concatBytes(parts: readonly Uint8Array[], shared = false): Uint8Array {
  if (parts.length === 1 && (!shared || isShared(parts[0]!))) return parts[0]!;
  const out = zeroedArray(Uint8Array, parts.reduce((n, p) => n + p.length, 0), shared);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
