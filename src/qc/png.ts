/**
 * A PNG encoder for 8-bit RGB pictures, written for every runtime the library runs in
 * (Node.js, Deno, browsers): chunks as the PNG specification (ISO/IEC 15948) lays them
 * out, the pixels deflated by fflate.
 *
 * File: the 8-byte signature, then chunks `length · type · data · CRC-32(type · data)`:
 * IHDR (width, height, bit depth 8, colour type 2 = RGB, no interlace), one tEXt chunk per
 * text entry (Latin-1 keyword, NUL, Latin-1 text), IDAT (zlib stream of the scanlines,
 * each led by its filter byte) and IEND.
 * @module
 */
import { zlibSync } from "fflate";
import { RadiomicsError } from "../errors.js";

/** An 8-bit RGB picture, rows top to bottom, 3 bytes a pixel. */
export interface RgbPicture {
  width: number;
  height: number;
  rgb: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let crcTable: Uint32Array | undefined;

/** CRC-32 (polynomial 0xEDB88320, reflected, as PNG and zlib define it) of bytes. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk: length, type, data and the CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Latin-1 bytes of a text; characters outside Latin-1 become "?". */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 0x3f));
}

/**
 * The scanlines with PNG's "Up" filter (type 2: each byte minus the byte above it), which
 * shrinks pictures whose rows repeat, as upscaled slices do.
 */
function filteredScanlines({ width, height, rgb }: RgbPicture): Uint8Array {
  const stride = width * 3;
  const out = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const row = y * stride, at = y * (stride + 1);
    out[at] = 2;
    for (let i = 0; i < stride; i++) out[at + 1 + i] = (rgb[row + i]! - (y > 0 ? rgb[row - stride + i]! : 0)) & 0xff;
  }
  return out;
}

/**
 * The PNG file of an RGB picture, with optional text entries (tEXt chunks: keywords of
 * 1–79 Latin-1 characters, such as "Title", "Description", "Software").
 * @throws RadiomicsError `INVALID_INPUT` when the sizes do not match the pixels or a keyword is not allowed.
 * @example
 * ```ts
 * const png = encodePng({ width: 2, height: 1, rgb: Uint8Array.of(255, 0, 0, 0, 0, 255) }, { Title: "red, blue" });
 * ```
 */
export function encodePng(picture: RgbPicture, text: Record<string, string> = {}): Uint8Array {
  const { width, height, rgb } = picture;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || rgb.length !== width * height * 3) {
    throw new RadiomicsError("INVALID_INPUT", `encodePng(): a ${width} × ${height} RGB picture needs ${width * height * 3} bytes, got ${rgb.length}`);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  const chunks = [chunk("IHDR", header)];
  for (const [keyword, value] of Object.entries(text)) {
    if (!/^[\x20-\x7e]{1,79}$/.test(keyword) || keyword !== keyword.trim()) {
      throw new RadiomicsError("INVALID_INPUT", `encodePng(): text keyword "${keyword}" must be 1–79 printable characters without leading or trailing spaces`);
    }
    const entry = new Uint8Array(keyword.length + 1 + value.length);
    entry.set(latin1(keyword));
    entry.set(latin1(value), keyword.length + 1);
    chunks.push(chunk("tEXt", entry));
  }
  chunks.push(chunk("IDAT", zlibSync(filteredScanlines(picture), { level: 6 })), chunk("IEND", new Uint8Array(0)));
  const out = new Uint8Array(SIGNATURE.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(SIGNATURE);
  let at = SIGNATURE.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
