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

/** Decompresses every member of a gzip stream. */
export function gunzip(bytes: Uint8Array, what: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  const stream = new Gunzip((chunk) => chunks.push(chunk));
  try {
    stream.push(bytes, true);
  } catch (cause) {
    throw new RadiomicsError("INVALID_FILE", `${what}: the gzip data is corrupt or truncated (${String(cause)})`, {}, { cause });
  }
  return concatBytes(chunks);
}
