/**
 * A DICOM writer for the objects this library makes (structured reports): Part 10 files in
 * Explicit VR Little Endian, as PS3.5 and PS3.10 lay them out.
 *
 * File: a 128-byte preamble, "DICM", the File Meta group (0002) with its group length, then
 * the dataset. Each element: group, element, the VR's two letters, then a 2-byte length, or 2
 * reserved bytes and a 4-byte length for OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT and
 * UV; values padded to an even length (UI with NUL, other text with a space). Sequences and
 * their items have defined lengths. Elements are written in tag order.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { concatBytes } from "./bytes.js";

/** A value: text (or several, joined with a backslash), numbers, bytes, or the items of a sequence. */
export type DicomValue = string | readonly string[] | number | readonly number[] | Uint8Array | readonly DicomDataset[];

/** A dataset: tag (eight hex digits, `00080016`) → its VR and value. */
export type DicomDataset = Record<string, { vr: string; value: DicomValue }>;

const LONG_LENGTH = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);
const TEXT = new Set(["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"]);
const NUMBERS: Record<string, [number, (view: DataView, at: number, v: number) => void]> = {
  US: [2, (d, at, v) => d.setUint16(at, v, true)],
  SS: [2, (d, at, v) => d.setInt16(at, v, true)],
  UL: [4, (d, at, v) => d.setUint32(at, v, true)],
  SL: [4, (d, at, v) => d.setInt32(at, v, true)],
  FL: [4, (d, at, v) => d.setFloat32(at, v, true)],
  FD: [8, (d, at, v) => d.setFloat64(at, v, true)],
};

/** A number as a Decimal String of at most 16 characters (PS3.5 DS), as precise as fits. */
export function decimalString(v: number): string {
  if (!Number.isFinite(v)) throw new RadiomicsError("INVALID_INPUT", `a Decimal String cannot hold ${v}`);
  for (let digits = 17; digits > 0; digits--) {
    const text = String(Number(v.toPrecision(digits)));
    if (text.length <= 16) return text;
    const exponential = v.toExponential(Math.max(0, digits - 1)).replace("e+", "E+").replace("e-", "E-");
    if (exponential.length <= 16) return exponential;
  }
  throw new RadiomicsError("INVALID_INPUT", `${v} does not fit a Decimal String`);
}

const encoder = new TextEncoder();

/** The value bytes of one element, padded to an even length. */
function valueBytes(vr: string, value: DicomValue): Uint8Array {
  if (vr === "SQ") {
    const items = (value as readonly DicomDataset[]).map((item) => {
      const content = datasetBytes(item);
      const head = new Uint8Array(8);
      const view = new DataView(head.buffer);
      view.setUint16(0, 0xfffe, true);
      view.setUint16(2, 0xe000, true);
      view.setUint32(4, content.length, true);
      return concatBytes([head, content]);
    });
    return concatBytes(items);
  }
  if (NUMBERS[vr]) {
    const [size, put] = NUMBERS[vr];
    const list = typeof value === "number" ? [value] : (value as readonly number[]);
    const out = new Uint8Array(size * list.length);
    const view = new DataView(out.buffer);
    list.forEach((v, i) => put(view, i * size, v));
    return out;
  }
  if (value instanceof Uint8Array) return value.length % 2 ? concatBytes([value, new Uint8Array(1)]) : value;
  if (!TEXT.has(vr)) throw new RadiomicsError("INVALID_INPUT", `cannot write VR ${vr}`);
  const parts = typeof value === "string" ? [value] : typeof value === "number" ? [value] : (value as ReadonlyArray<string | number>);
  const text = parts.map((p) => (typeof p === "number" ? (vr === "DS" ? decimalString(p) : String(p)) : p)).join("\\");
  const bytes = encoder.encode(text);
  return bytes.length % 2 ? concatBytes([bytes, Uint8Array.of(vr === "UI" ? 0 : 0x20)]) : bytes;
}

/** One element's bytes: tag, VR, length, value. */
function elementBytes(tag: string, vr: string, value: DicomValue): Uint8Array {
  const body = valueBytes(vr, value);
  const long = LONG_LENGTH.has(vr);
  const head = new Uint8Array(long ? 12 : 8);
  const view = new DataView(head.buffer);
  view.setUint16(0, parseInt(tag.slice(0, 4), 16), true);
  view.setUint16(2, parseInt(tag.slice(4, 8), 16), true);
  head[4] = vr.charCodeAt(0);
  head[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, body.length, true);
  else {
    if (body.length > 0xffff) throw new RadiomicsError("INVALID_INPUT", `element ${tag} (${vr}) holds ${body.length} bytes, more than its 2-byte length allows`);
    view.setUint16(6, body.length, true);
  }
  return concatBytes([head, body]);
}

/** A dataset's elements in tag order. */
function datasetBytes(dataset: DicomDataset): Uint8Array {
  const tags = Object.keys(dataset).sort((a, b) => parseInt(a, 16) - parseInt(b, 16));
  return concatBytes(tags.map((tag) => elementBytes(tag, dataset[tag]!.vr, dataset[tag]!.value)));
}

/** Our implementation's UID root (a UUID-derived 2.25 UID, fixed) and name, for the File Meta group. */
const IMPLEMENTATION_CLASS_UID = "2.25.194187214312795591893302426283870462339";
const IMPLEMENTATION_VERSION = "RADIOMICS_TS";

/**
 * A Part 10 file of a dataset, which must hold its SOP Class UID (0008,0016) and SOP
 * Instance UID (0008,0018).
 */
export function dicomFile(dataset: DicomDataset): Uint8Array {
  const sopClass = dataset["00080016"]?.value, sopInstance = dataset["00080018"]?.value;
  if (typeof sopClass !== "string" || typeof sopInstance !== "string") throw new RadiomicsError("INVALID_INPUT", "dicomFile(): the dataset needs (0008,0016) and (0008,0018)");
  const meta = datasetBytes({
    "00020001": { vr: "OB", value: Uint8Array.of(0, 1) },
    "00020002": { vr: "UI", value: sopClass },
    "00020003": { vr: "UI", value: sopInstance },
    "00020010": { vr: "UI", value: "1.2.840.10008.1.2.1" },
    "00020012": { vr: "UI", value: IMPLEMENTATION_CLASS_UID },
    "00020013": { vr: "SH", value: IMPLEMENTATION_VERSION },
  });
  const preamble = new Uint8Array(132);
  preamble.set(encoder.encode("DICM"), 128);
  return concatBytes([preamble, elementBytes("00020000", "UL", meta.length), meta, datasetBytes(dataset)]);
}

/** A new UID under 2.25 (PS3.5 B.2): a random 128-bit number in decimal. */
export function newUid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return `2.25.${n.toString()}`;
}
