/**
 * DICOM Part 10 parsing shared by the series, SEG and RTSTRUCT readers: dicom-parser
 * underneath, typed errors on top, and the small vocabulary (SOP classes, transfer
 * syntaxes, numeric attributes) the readers need.
 * @module
 */
import dicomParser from "dicom-parser";
import { inflateSync } from "fflate";
import { RadiomicsError } from "../errors.js";
import { concatBytes } from "./bytes.js";
import type { DicomSource, Vec3 } from "../volume.js";

/**
 * The part of a parsed DICOM dataset the readers use. Declared here, not re-exported from
 * dicom-parser, whose types need Node's (`Buffer`): the public declarations must type-check
 * in a browser or Deno program without `@types/node`.
 */
export interface DataSet {
  byteArray: Uint8Array;
  elements: Record<string, DicomElement>;
  string(tag: string, index?: number): string | undefined;
  uint16(tag: string, index?: number): number | undefined;
  intString(tag: string, index?: number): number | undefined;
  double(tag: string, index?: number): number | undefined;
}

/** One element of a {@link DataSet}: where its value lies, and a sequence's items. */
export interface DicomElement {
  length: number;
  dataOffset: number;
  items?: Array<{ dataSet?: DataSet }>;
}

/** One DICOM file's bytes and the name used in messages. */
export interface DicomFile {
  name: string;
  bytes: Uint8Array;
}

/** SOP Class UIDs the readers recognise. */
export const SOP_CLASS = {
  rtStructureSet: "1.2.840.10008.5.1.4.1.1.481.3",
  segmentation: "1.2.840.10008.5.1.4.1.1.66.4",
} as const;

/** Transfer syntaxes whose pixel data is stored uncompressed, and their byte order. */
const UNCOMPRESSED_SYNTAXES: Record<string, "little" | "big"> = {
  "1.2.840.10008.1.2": "little", // implicit VR little endian
  "1.2.840.10008.1.2.1": "little", // explicit VR little endian
  "1.2.840.10008.1.2.1.99": "little", // deflated explicit VR little endian
  "1.2.840.10008.1.2.2": "big", // explicit VR big endian (retired)
};

/** Names of the common compressed transfer syntaxes, for error messages. */
const COMPRESSED_SYNTAX_NAMES: Record<string, string> = {
  "1.2.840.10008.1.2.5": "RLE Lossless",
  "1.2.840.10008.1.2.4.50": "JPEG Baseline",
  "1.2.840.10008.1.2.4.51": "JPEG Extended",
  "1.2.840.10008.1.2.4.57": "JPEG Lossless",
  "1.2.840.10008.1.2.4.70": "JPEG Lossless SV1",
  "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless",
  "1.2.840.10008.1.2.4.81": "JPEG-LS Near-Lossless",
  "1.2.840.10008.1.2.4.90": "JPEG 2000 Lossless",
  "1.2.840.10008.1.2.4.91": "JPEG 2000",
  "1.2.840.10008.1.2.4.201": "HTJ2K Lossless",
  "1.2.840.10008.1.2.4.203": "HTJ2K",
};

/**
 * True when the bytes carry the Part 10 preamble marker "DICM" at offset 128.
 * @example
 * ```ts
 * const dicom = files.filter((f) => isDicom(f.bytes));
 * ```
 */
export function isDicom(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** Replaces the deflated remainder of a dataset with its inflated bytes (dicom-parser's inflater hook). */
function inflateRemainder(bytes: Uint8Array, position: number): Uint8Array {
  return concatBytes([bytes.subarray(0, position), inflateSync(bytes.subarray(position))]);
}

/** Parses a DICOM Part 10 file, or throws INVALID_FILE naming the file. */
export function parseDicomFile(file: DicomFile): DataSet {
  if (!isDicom(file.bytes)) {
    throw new RadiomicsError("INVALID_FILE", `${file.name}: not a DICOM file (no "DICM" marker at byte 128)`, { path: file.name });
  }
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(file.bytes, { inflater: inflateRemainder as unknown as (arr: Uint8Array, position: number) => void });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new RadiomicsError("INVALID_FILE", `${file.name}: the DICOM data cannot be parsed (${reason})`, { path: file.name }, { cause });
  }
  checkWithinFile(ds, file.name);
  return ds;
}

/**
 * Every element's value lies inside the file: dicom-parser accepts a value that runs past
 * the end of a truncated file and throws a bare string when it is read. Pixel Data is left
 * to the readers, which say how many bytes the frames need.
 */
function checkWithinFile(ds: DataSet, name: string): void {
  for (const [tag, element] of Object.entries(ds.elements)) {
    if (element.items) {
      for (const item of element.items) if (item.dataSet) checkWithinFile(item.dataSet, name);
    } else if (tag !== "x7fe00010" && element.dataOffset + element.length > ds.byteArray.length) {
      throw new RadiomicsError(
        "TRUNCATED_FILE",
        `${name}: element (${tag.slice(1, 5)},${tag.slice(5)}) needs ${element.length} bytes at byte ${element.dataOffset}, past the file's end (${ds.byteArray.length} bytes): the file is truncated`,
        { path: name, tag },
      );
    }
  }
}

/** Parses a DICOM file and checks its SOP Class, or throws INVALID_FILE saying what it should have been. */
export function parseDicomOfClass(file: DicomFile, sopClass: string, what: string): DataSet {
  const ds = parseDicomFile(file);
  const found = ds.string("x00080016");
  if (found !== sopClass) {
    throw new RadiomicsError("INVALID_FILE", `${file.name}: not ${what} (SOP Class UID ${found ?? "missing"})`, { path: file.name });
  }
  return ds;
}

/** The byte order of the file's pixel data; throws UNSUPPORTED_FORMAT, naming the syntax, for compressed data. */
export function pixelByteOrder(ds: DataSet, name: string): "little" | "big" {
  const syntax = ds.string("x00020010") ?? "1.2.840.10008.1.2";
  const order = UNCOMPRESSED_SYNTAXES[syntax];
  if (order) return order;
  const label = COMPRESSED_SYNTAX_NAMES[syntax] ?? "a compressed or unknown transfer syntax";
  throw new RadiomicsError(
    "UNSUPPORTED_FORMAT",
    `${name}: pixel data uses ${label} (${syntax}); only uncompressed DICOM is read. Decompress first, e.g. "gdcmconv --raw IN OUT" or "dcmdjpeg IN OUT"`,
    { path: name, transferSyntax: syntax },
  );
}

/** A required string attribute, or INVALID_FILE naming it. */
export function requiredString(ds: DataSet, tag: string, what: string, name: string): string {
  const value = ds.string(tag);
  if (value === undefined || value === "") {
    throw new RadiomicsError("INVALID_FILE", `${name}: missing ${what} (${tagLabel(tag)})`, { path: name });
  }
  return value;
}

/** All values of a decimal-string (DS) attribute, or undefined when absent. */
export function decimals(ds: DataSet, tag: string): number[] | undefined {
  const text = ds.string(tag);
  if (text === undefined || text === "") return undefined;
  return text.split("\\").map((part) => Number(part.trim()));
}

/** A decimal-string attribute with exactly `count` finite values, or INVALID_FILE. */
export function requiredDecimals(ds: DataSet, tag: string, count: number, what: string, name: string): number[] {
  const values = decimals(ds, tag);
  if (!values || values.length !== count || values.some((v) => !Number.isFinite(v))) {
    const found = ds.string(tag);
    throw new RadiomicsError(
      "INVALID_FILE",
      `${name}: ${what} (${tagLabel(tag)}) must hold ${count} numbers, found ${found === undefined ? "nothing" : `"${found}"`}`,
      { path: name },
    );
  }
  return values;
}

/** The first item's dataset of a sequence, or undefined. */
export function firstItem(ds: DataSet | undefined, tag: string): DataSet | undefined {
  return ds?.elements[tag]?.items?.[0]?.dataSet;
}

/** A functional-group macro's item for one frame: from the frame's own group, else the shared group. */
export function functionalGroup(own: DataSet | undefined, shared: DataSet | undefined, tag: string): DataSet | undefined {
  return firstItem(own, tag) ?? firstItem(shared, tag);
}

/** Every item dataset of a sequence (empty when absent). */
export function items(ds: DataSet, tag: string): DataSet[] {
  return (ds.elements[tag]?.items ?? []).flatMap((item) => (item.dataSet ? [item.dataSet] : []));
}

/** Something a mask file holds several of: an RTSTRUCT ROI or a SEG segment. */
export interface NamedPart {
  number: number;
  name: string;
}

/**
 * Picks a part by name (exact, then ignoring case) or by number, or the only one when none
 * is asked for. Errors list the parts; `kind` names them ("ROI", "segment").
 */
export function choosePart<T extends NamedPart>(parts: T[], wanted: string | number | undefined, kind: string, file: string): T {
  const listing = parts.map((p) => `${p.number} "${p.name}"`).join(", ") || "none";
  const names = parts.map((p) => p.name);
  if (wanted === undefined) {
    if (parts.length === 1) return parts[0]!;
    throw new RadiomicsError("INVALID_INPUT", `${file} holds ${parts.length} ${kind}s (${listing}); choose one by name or number (CLI: --roi NAME)`, { names });
  }
  const text = String(wanted);
  const found =
    parts.find((p) => p.name === text) ??
    parts.find((p) => p.name.toLowerCase() === text.toLowerCase()) ??
    parts.find((p) => /^\d+$/.test(text) && p.number === Number(text));
  if (!found) throw new RadiomicsError("LABEL_NOT_FOUND", `${file} has no ${kind} "${text}"; its ${kind}s are ${listing}`, { names });
  return found;
}

/** "(GGGG,EEEE)" for a dicom-parser tag key "xggggeeee". */
function tagLabel(tag: string): string {
  return `(${tag.slice(1, 5).toUpperCase()},${tag.slice(5).toUpperCase()})`;
}

/** Cross product of two 3-vectors. */
export function cross(a: readonly number[], b: readonly number[]): Vec3 {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

/** Dot product of two 3-vectors. */
export function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

/** The patient, study and series attributes of a dataset, for a volume's {@link DicomSource}. */
export function dicomSourceOf(ds: DataSet, kind: DicomSource["kind"], instances: DicomSource["instances"]): DicomSource {
  const text = (tag: string) => (ds.string(tag) ?? "").trim();
  return {
    kind,
    studyInstanceUid: text("x0020000d"),
    seriesInstanceUid: text("x0020000e"),
    instances,
    modality: text("x00080060"),
    patientName: text("x00100010"),
    patientId: text("x00100020"),
    patientBirthDate: text("x00100030"),
    patientSex: text("x00100040"),
    studyDate: text("x00080020"),
    studyTime: text("x00080030"),
    studyId: text("x00200010"),
    accessionNumber: text("x00080050"),
    referringPhysicianName: text("x00080090"),
  };
}

/** A dataset's SOP Class and SOP Instance UIDs. */
export function sopOf(ds: DataSet): { sopClassUid: string; sopInstanceUid: string } {
  return { sopClassUid: (ds.string("x00080016") ?? "").trim(), sopInstanceUid: (ds.string("x00080018") ?? "").trim() };
}
