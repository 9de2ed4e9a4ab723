/**
 * NRRD reader (`.nrrd` with attached data, `.nhdr` with detached data files).
 *
 * Encodings raw, gzip and ascii; both byte orders; `space directions` and
 * `space origin` in RAS, LAS or LPS space (converted to LPS), or `spacings` when there
 * is no space information; one non-spatial axis (`kinds` vector/list…, or a `none`
 * space direction) is read as channels. The core reader is synchronous: for detached
 * data call {@link nrrdDataFiles} first and pass the bytes of those files in.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { concatBytes } from "./bytes.js";
import { decodedVolume, gridProblem, type Geometry, type Mat3, type Vec3, type Volume } from "../volume.js";
import { checkChannel, decodeSamples, sampleBytes, selectChannel, type RawLayout, type SampleMemoryOptions, type SampleType } from "./samples.js";
import { gunzip } from "./gzip.js";

/** Options for reading an NRRD file. */
export interface NrrdReadOptions extends SampleMemoryOptions {
  /** Let the volume view the input instead of copying it where it can; the input must not change afterwards (the file readers set this). */
  shareBytes?: boolean;
  /** Which channel of a multi-channel (vector, 4-D) file to read. */
  channel?: number;
  /** Bytes of detached data files, by the name the header gives them. */
  dataFiles?: Record<string, Uint8Array>;
  /** Name used in error messages. */
  name?: string;
}

const TYPES: Array<[SampleType, string[]]> = [
  ["int8", ["signed char", "int8", "int8_t"]],
  ["uint8", ["uchar", "unsigned char", "uint8", "uint8_t"]],
  ["int16", ["short", "short int", "signed short", "signed short int", "int16", "int16_t"]],
  ["uint16", ["ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t"]],
  ["int32", ["int", "signed int", "int32", "int32_t"]],
  ["uint32", ["uint", "unsigned int", "uint32", "uint32_t"]],
  ["int64", ["longlong", "long long", "long long int", "signed long long", "signed long long int", "int64", "int64_t"]],
  ["uint64", ["ulonglong", "unsigned long long", "unsigned long long int", "uint64", "uint64_t"]],
  ["float32", ["float"]],
  ["float64", ["double"]],
];
/** Encodings whose payload is decompressed into bytes of our own. */
const COMPRESSED = new Set(["gzip", "gz"]);

const TYPE_BY_NAME = new Map(TYPES.flatMap(([type, names]) => names.map((n) => [n, type] as const)));

/** World-space names and the sign flips that take them to LPS. */
const SPACES: Record<string, [number, number, number]> = {
  "left-posterior-superior": [1, 1, 1],
  lps: [1, 1, 1],
  "right-anterior-superior": [-1, -1, 1],
  ras: [-1, -1, 1],
  "left-anterior-superior": [1, -1, 1],
  las: [1, -1, 1],
};
const NON_SPATIAL_KINDS = new Set([
  "list", "point", "vector", "covariant-vector", "normal", "stub", "scalar", "complex", "2-vector", "3-color",
  "rgb-color", "hsv-color", "xyz-color", "4-color", "rgba-color", "3-vector", "3-gradient", "3-normal", "4-vector",
  "quaternion", "2d-symmetric-matrix", "2d-masked-symmetric-matrix", "2d-matrix", "2d-masked-matrix",
  "3d-symmetric-matrix", "3d-masked-symmetric-matrix", "3d-matrix", "3d-masked-matrix",
]);

interface NrrdHeader {
  fields: Map<string, string>;
  /** Byte offset just past the blank line that ends the header. */
  dataStart: number;
}

/** True when the bytes start with the NRRD magic. */
export function isNrrd(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && String.fromCharCode(...bytes.subarray(0, 4)) === "NRRD";
}

function parseHeader(bytes: Uint8Array, name: string): NrrdHeader {
  if (!isNrrd(bytes)) throw new RadiomicsError("INVALID_FILE", `${name}: not an NRRD file (it does not start with "NRRD")`);
  const fields = new Map<string, string>();
  let at = 0;
  let first = true;
  for (;;) {
    let end = bytes.indexOf(10, at);
    if (end < 0) end = bytes.length;
    let line = new TextDecoder("latin1").decode(bytes.subarray(at, end));
    if (line.endsWith("\r")) line = line.slice(0, -1);
    at = end + 1;
    if (first) {
      first = false;
      continue; // the magic line
    }
    if (line === "" || end === bytes.length) break;
    if (line.startsWith("#")) continue;
    if (line.includes(":=")) continue; // key/value pairs carry no geometry
    const colon = line.indexOf(": ");
    if (colon < 0) throw new RadiomicsError("INVALID_FILE", `${name}: malformed NRRD header line ${JSON.stringify(line)}`);
    fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 2).trim());
  }
  return { fields, dataStart: Math.min(at, bytes.length) };
}

function required(h: NrrdHeader, key: string, name: string): string {
  const v = h.fields.get(key);
  if (v === undefined) throw new RadiomicsError("INVALID_FILE", `${name}: the NRRD header has no "${key}" field`);
  return v;
}

/** Parses "(a,b,c)" into numbers, or null for "none". */
function parseVector(text: string, name: string): number[] | null {
  if (text === "none") return null;
  const m = /^\((.*)\)$/.exec(text.trim());
  const parts = m ? m[1]!.split(",").map(Number) : [];
  if (!m || parts.some((v) => !Number.isFinite(v))) throw new RadiomicsError("INVALID_FILE", `${name}: bad NRRD vector ${JSON.stringify(text)}`);
  return parts;
}

/** The header's axes: their sizes, which are spatial (by "space directions", else by "kinds") and which one holds channels. */
function axesOf(h: NrrdHeader, name: string) {
  const dimension = Number(required(h, "dimension", name));
  const sizes = required(h, "sizes", name).split(/\s+/).map(Number);
  if (!Number.isInteger(dimension) || dimension < 1 || sizes.length !== dimension || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new RadiomicsError("INVALID_FILE", `${name}: "dimension: ${dimension}" and "sizes: ${sizes.join(" ")}" do not agree`);
  }
  const directionsText = h.fields.get("space directions");
  const directions = directionsText ? directionsText.match(/\([^)]*\)|none/g)?.map((t) => parseVector(t, name)) ?? [] : undefined;
  if (directions && directions.length !== dimension) {
    throw new RadiomicsError("INVALID_FILE", `${name}: "space directions" has ${directions.length} entries for ${dimension} axes`);
  }
  const kinds = h.fields.get("kinds")?.split(/\s+/).map((k) => k.toLowerCase());
  const spatial = sizes.map((_, a) => (directions ? directions[a] !== null : !(kinds && NON_SPATIAL_KINDS.has(kinds[a]!))));
  const spatialAxes = spatial.flatMap((s, a) => (s ? [a] : []));
  const channelAxes = spatial.flatMap((s, a) => (s ? [] : [a]));
  if (spatialAxes.length < 2 || spatialAxes.length > 3 || channelAxes.length > 1) {
    throw new RadiomicsError(
      "UNSUPPORTED_FORMAT",
      `${name}: ${spatialAxes.length} spatial and ${channelAxes.length} non-spatial axes; 2 or 3 spatial axes and at most one channel axis are supported`,
    );
  }
  return { dimension, sizes, directions, spatialAxes, channelAxes };
}

/** The voxels (spatial axes only) of the volume an NRRD header describes, from the header alone; the header must end within `head`. */
export function nrrdVoxels(head: Uint8Array, name = "NRRD file"): number {
  const { sizes, spatialAxes } = axesOf(parseHeader(head, name), name);
  return spatialAxes.reduce((n, a) => n * sizes[a]!, 1);
}

function dataFileField(h: NrrdHeader): string | undefined {
  return h.fields.get("data file") ?? h.fields.get("datafile");
}

/**
 * Names of the detached data files an NRRD header refers to (empty for attached data),
 * in reading order, as written in the header (relative to the header's folder).
 * @example
 * ```ts
 * const names = nrrdDataFiles(bytes); // the data files a detached header (.nhdr) names
 * ```
 */
export function nrrdDataFiles(input: Uint8Array | ArrayBuffer, name = "NRRD file"): string[] {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const h = parseHeader(bytes, name);
  const spec = dataFileField(h);
  if (spec === undefined) return [];
  if (spec === "LIST" || spec.startsWith("LIST ")) {
    const text = new TextDecoder().decode(bytes.subarray(h.dataStart));
    return text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0);
  }
  const parts = spec.split(/\s+/);
  if (parts.length >= 4 && parts[0]!.includes("%")) {
    const [format, min, max, step] = [parts[0]!, Number(parts[1]), Number(parts[2]), Number(parts[3])];
    if (![min, max, step].every(Number.isInteger) || step === 0) {
      throw new RadiomicsError("INVALID_FILE", `${name}: bad "data file" range ${JSON.stringify(spec)}`);
    }
    const names: string[] = [];
    for (let i = min; step > 0 ? i <= max : i >= max; i += step) names.push(formatIndex(format, i));
    return names;
  }
  return [spec];
}

/** Expands one printf-style integer conversion (%d, %03d, %i) in a file-name pattern. */
function formatIndex(format: string, i: number): string {
  return format.replace(/%(0?)(\d*)[di]/, (_, zero: string, width: string) => {
    const s = String(Math.abs(i));
    const padded = width ? s.padStart(Number(width), zero ? "0" : " ") : s;
    return (i < 0 ? "-" : "") + padded;
  });
}

function decodeAscii(bytes: Uint8Array, count: number, type: SampleType, name: string) {
  const values = new TextDecoder().decode(bytes).trim().split(/[\s,]+/).filter((s) => s.length > 0).map(Number);
  if (values.length < count) {
    throw new RadiomicsError("TRUNCATED_FILE", `${name}: ascii data has ${values.length} values, the header needs ${count}`);
  }
  const typed = decodeSamples(new Uint8Array(count * sampleBytes(type)), 0, count, type, true, name);
  for (let n = 0; n < count; n++) typed[n] = values[n]!;
  return typed;
}

/** The world geometry (LPS) of a header's spatial axes. */
function nrrdGeometry(h: NrrdHeader, spatialAxes: number[], directions: Array<number[] | null> | undefined, name: string): Geometry {
  const spaceName = h.fields.get("space")?.toLowerCase();
  let flip: [number, number, number] = [1, 1, 1];
  if (spaceName !== undefined) {
    const f = SPACES[spaceName];
    if (!f) throw new RadiomicsError("UNSUPPORTED_FORMAT", `${name}: NRRD space "${spaceName}" is not supported (use RAS, LAS or LPS)`);
    flip = f;
  }
  const columns: number[][] = spatialAxes.map((a, n) => {
    if (directions) return directions[a]!;
    const spacings = h.fields.get("spacings")?.split(/\s+/).map(Number);
    const s = spacings && Number.isFinite(spacings[a]) ? Math.abs(spacings[a]!) : 1;
    return [0, 1, 2].map((r) => (r === n ? s : 0));
  });
  if (columns.length === 2) columns.push([0, 0, 1]);
  if (columns.some((c) => c.length !== 3)) {
    throw new RadiomicsError("UNSUPPORTED_FORMAT", `${name}: only 3-D world space is supported ("space dimension: 3")`);
  }
  const lpsColumns = columns.map((c) => c.map((v, r) => v * flip[r]!));
  const spacing = lpsColumns.map((c) => Math.hypot(c[0]!, c[1]!, c[2]!)) as Vec3;
  if (spacing.some((s) => !(s > 0))) throw new RadiomicsError("INVALID_FILE", `${name}: a space direction has zero length`);
  const direction = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => lpsColumns[c]![r]! / spacing[c]! + 0)) as Mat3; // + 0: no -0
  const originText = h.fields.get("space origin");
  const rawOrigin = originText ? parseVector(originText, name) ?? [0, 0, 0] : [0, 0, 0];
  const origin = rawOrigin.map((v, r) => v * flip[r]! + 0) as Vec3;
  return { spacing, origin, direction };
}

/**
 * Where an NRRD file whose first bytes are `head` holds its samples ({@link RawLayout}):
 * raw or gzip samples after the header, every axis spatial. Null where {@link readNrrd}
 * has more to do than view them (detached or text data, a channel axis, 64-bit
 * integers, samples counted from the file's end) or would refuse the file (it then says why).
 */
export function nrrdLayout(head: Uint8Array, name = "NRRD file"): RawLayout | null {
  const h = parseHeader(head, name);
  const type = TYPE_BY_NAME.get(h.fields.get("type")?.toLowerCase() ?? "");
  const skip = Number(h.fields.get("byte skip") ?? 0);
  if (!type || type === "int64" || type === "uint64" || h.dataStart >= head.length || dataFileField(h) !== undefined) return null;
  const encoding = (h.fields.get("encoding") ?? "raw").toLowerCase();
  if (!(encoding === "raw" || COMPRESSED.has(encoding)) || !Number.isInteger(skip) || skip < 0) return null;
  const { sizes, directions, spatialAxes, channelAxes } = axesOf(h, name);
  if (channelAxes.length) return null;
  const size = [...sizes, 1].slice(0, 3) as Vec3;
  const grid = { size, ...nrrdGeometry(h, spatialAxes, directions, name) };
  const littleEndian = (h.fields.get("endian") ?? "little").toLowerCase() !== "big";
  // A gzip payload's byte skip counts in its inflated bytes.
  const gzipAt = COMPRESSED.has(encoding) ? h.dataStart : null;
  return gridProblem(grid) ? null : { grid, type, littleEndian, offset: gzipAt === null ? h.dataStart + skip : skip, scale: null, gzipAt };
}

/**
 * Reads an NRRD file into a Volume.
 * @example
 * ```ts
 * const image = readNrrd(bytes, { name: "ct.nrrd" });
 * ```
 */
export function readNrrd(input: Uint8Array | ArrayBuffer, options: NrrdReadOptions = {}): Volume {
  const name = options.name ?? "NRRD file";
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const h = parseHeader(bytes, name);

  const typeName = required(h, "type", name).toLowerCase();
  const type = TYPE_BY_NAME.get(typeName);
  if (!type) {
    throw new RadiomicsError("UNSUPPORTED_FORMAT", `${name}: NRRD type "${typeName}" is not supported; use a scalar integer or float type`);
  }
  const { dimension, sizes, directions, spatialAxes, channelAxes } = axesOf(h, name);

  const { spacing, origin, direction } = nrrdGeometry(h, spatialAxes, directions, name);

  // Data bytes.
  const total = sizes.reduce((a, b) => a * b, 1);
  const encoding = (h.fields.get("encoding") ?? "raw").toLowerCase();
  const inflated = COMPRESSED.has(encoding);
  const claim = total * sampleBytes(type) + Math.max(0, Number(h.fields.get("byte skip") ?? 0) || 0);
  let payload: Uint8Array;
  const shared = options.sharedMemory ?? false;
  const detached = dataFileField(h) !== undefined;
  if (detached) {
    const parts = nrrdDataFiles(bytes, name).map((file) => {
      const part = options.dataFiles?.[file];
      if (!part) throw new RadiomicsError("INVALID_INPUT", `${name}: detached data file "${file}" was not provided; read .nhdr files through the file readers or pass dataFiles`, { file });
      return decodePayload(part, encoding, h, name, true, claim, shared);
    });
    payload = concatBytes(parts, shared);
  } else {
    payload = decodePayload(bytes.subarray(h.dataStart), encoding, h, name, false, claim, shared);
  }
  const littleEndian = (h.fields.get("endian") ?? "little").toLowerCase() !== "big";
  const all = encoding === "ascii" || encoding === "text" || encoding === "txt"
    ? decodeAscii(payload, total, type, name)
    // Inflated bytes are this reader's own: viewed, and movable within.
    : decodeSamples(
      payload, skipFromEnd(payload, total, type, h), total, type, littleEndian, name,
      (options.shareBytes ?? false) || inflated, shared, (options.ownBytes ?? false) || inflated,
    );

  const size = [...spatialAxes.map((a) => sizes[a]!), 1].slice(0, 3) as Vec3;
  const voxels = size[0] * size[1] * size[2];
  let data = all;
  if (channelAxes.length === 1) {
    const ca = channelAxes[0]!;
    const channels = sizes[ca]!;
    const channel = checkChannel(options.channel, channels, name);
    if (ca !== 0 && ca !== dimension - 1) {
      throw new RadiomicsError("UNSUPPORTED_FORMAT", `${name}: the channel axis must be the first or the last axis, not axis ${ca}`);
    }
    // First axis: channels interleaved per voxel. Last axis: one block per channel.
    data = ca === 0 ? selectChannel(all, voxels, channel, 1, channels) : selectChannel(all, voxels, channel, voxels, 1);
  } else {
    checkChannel(options.channel, 1, name);
  }
  return decodedVolume({ data, size, spacing, origin, direction }, name);
}

/** Offset of the samples within the payload, honouring "byte skip" (-1: data at the end). */
function skipFromEnd(payload: Uint8Array, total: number, type: SampleType, h: NrrdHeader): number {
  const skip = Number(h.fields.get("byte skip") ?? 0);
  return skip === -1 ? Math.max(0, payload.length - total * sampleBytes(type)) : skip;
}

/** The data bytes of an encoded payload; `claim` bounds what gzip may inflate to (the samples the header describes); `shared`: inflated into shared memory. */
function decodePayload(raw: Uint8Array, encoding: string, h: NrrdHeader, name: string, detached: boolean, claim: number, shared: boolean): Uint8Array {
  let bytes = raw;
  const lineSkip = detached ? Number(h.fields.get("line skip") ?? 0) : 0;
  for (let n = 0; n < lineSkip; n++) bytes = bytes.subarray(bytes.indexOf(10) + 1);
  switch (encoding) {
    case "raw":
    case "ascii":
    case "text":
    case "txt":
      return bytes;
    case "gzip":
    case "gz":
      return gunzip(bytes, name, claim, shared);
    default:
      throw new RadiomicsError("UNSUPPORTED_FORMAT", `${name}: NRRD encoding "${encoding}" is not supported (use raw, gzip or ascii)`);
  }
}
