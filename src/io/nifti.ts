/**
 * NIfTI-1 and NIfTI-2 reader (single-file `.nii`, gzipped or not; the header of a
 * `.hdr`/`.img` pair plus its image bytes).
 *
 * Geometry: the sform is used when its code is set and its columns are orthogonal
 * (so it splits into spacing and a direction matrix), else the qform when its code is
 * set, else the pixel dimensions with identity direction. NIfTI world space is RAS;
 * it is converted to LPS by negating the x and y rows. `scl_slope`/`scl_inter` are
 * applied (giving Float64 voxels) unless they are (0|1, 0).
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { decodedVolume, gridProblem, type Mat3, type Vec3, type Volume } from "../volume.js";
import { checkChannel, decodeSamples, sampleBytes, type RawLayout, type SampleMemoryOptions, type SampleType } from "./samples.js";
import { gunzip, isGzip } from "./gzip.js";

/** Options for reading a NIfTI file. */
export interface NiftiReadOptions extends SampleMemoryOptions {
  /** Let the volume view `input` instead of copying it where it can; `input` must not change afterwards (the file readers set this). */
  shareBytes?: boolean;
  /** For 4-D/5-D files: which volume (t index, or vector component) to read. */
  channel?: number;
  /** For a `.hdr`/`.img` pair: the bytes of the `.img` file. */
  imageBytes?: Uint8Array;
  /** Name used in error messages. */
  name?: string;
}

/** NIfTI datatype codes and the sample types they map to. */
const DATATYPES: Record<number, SampleType> = {
  2: "uint8", 4: "int16", 8: "int32", 16: "float32", 64: "float64",
  256: "int8", 512: "uint16", 768: "uint32", 1024: "int64", 1280: "uint64",
};
const UNSUPPORTED_DATATYPES: Record<number, string> = {
  1: "binary", 32: "complex64", 128: "RGB24", 1536: "float128", 1792: "complex128", 2048: "complex256", 2304: "RGBA32",
};

interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  dim: number[];
  datatype: number;
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  quatern: [number, number, number];
  qoffset: Vec3;
  srow: number[][];
  singleFile: boolean;
}

/** True when the bytes (after gunzip) look like a NIfTI-1 or NIfTI-2 header. */
export function isNifti(bytes: Uint8Array): boolean {
  if (bytes.length < 348) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getInt32(0, true);
  const sizeBE = view.getInt32(0, false);
  return size === 348 || size === 540 || sizeBE === 348 || sizeBE === 540;
}

/** Bytes of one sample of each channel of every voxel the header describes. */
function dataBytesOf(h: NiftiHeader): number | null {
  const type = DATATYPES[h.datatype];
  const rank = h.dim[0]!;
  if (!type || rank < 1 || rank > 7) return null;
  return h.dim.slice(1, rank + 1).reduce((n, d) => n * Math.max(1, d), 1) * sampleBytes(type);
}

/**
 * What a single-file NIfTI whose first bytes are `head` holds in all (header, extensions,
 * voxels), or null when the header says nothing usable: the bound for inflating its gzip.
 */
export function niftiClaim(head: Uint8Array): number | null {
  try {
    const h = parseHeader(head, "");
    const data = dataBytesOf(h);
    return h.singleFile && data !== null ? Math.max(0, h.voxOffset) + data : null;
  } catch {
    return null;
  }
}

function parseHeader(bytes: Uint8Array, name: string): NiftiHeader {
  if (bytes.length < 348) {
    throw new RadiomicsError("TRUNCATED_FILE", `${name}: ${bytes.length} bytes is too short for a NIfTI header (348 or 540 bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let littleEndian = true;
  let sizeofHdr = view.getInt32(0, true);
  if (sizeofHdr !== 348 && sizeofHdr !== 540) {
    littleEndian = false;
    sizeofHdr = view.getInt32(0, false);
  }
  if (sizeofHdr !== 348 && sizeofHdr !== 540) {
    throw new RadiomicsError("INVALID_FILE", `${name}: not a NIfTI file (header size field is not 348 or 540)`);
  }
  const le = littleEndian;
  const text = (at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));
  if (sizeofHdr === 348) {
    const magic = text(344, 4);
    if (magic !== "n+1\0" && magic !== "ni1\0") {
      throw new RadiomicsError("INVALID_FILE", `${name}: bad NIfTI-1 magic ${JSON.stringify(magic)} (expected "n+1" or "ni1"); ANALYZE 7.5 files are not read`);
    }
    const f32 = (at: number) => view.getFloat32(at, le);
    return {
      version: 1,
      littleEndian,
      dim: Array.from({ length: 8 }, (_, i) => view.getInt16(40 + 2 * i, le)),
      datatype: view.getInt16(70, le),
      pixdim: Array.from({ length: 8 }, (_, i) => f32(76 + 4 * i)),
      voxOffset: f32(108),
      sclSlope: f32(112),
      sclInter: f32(116),
      qformCode: view.getInt16(252, le),
      sformCode: view.getInt16(254, le),
      quatern: [f32(256), f32(260), f32(264)],
      qoffset: [f32(268), f32(272), f32(276)],
      srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f32(280 + 16 * r + 4 * c))),
      singleFile: magic === "n+1\0",
    };
  }
  if (bytes.length < 540) {
    throw new RadiomicsError("TRUNCATED_FILE", `${name}: ${bytes.length} bytes is too short for a NIfTI-2 header (540 bytes)`);
  }
  const magic = text(4, 4);
  if (magic !== "n+2\0" && magic !== "ni2\0") {
    throw new RadiomicsError("INVALID_FILE", `${name}: bad NIfTI-2 magic ${JSON.stringify(magic)} (expected "n+2" or "ni2")`);
  }
  const f64 = (at: number) => view.getFloat64(at, le);
  const i64 = (at: number) => Number(view.getBigInt64(at, le));
  return {
    version: 2,
    littleEndian,
    dim: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)),
    datatype: view.getInt16(12, le),
    pixdim: Array.from({ length: 8 }, (_, i) => f64(104 + 8 * i)),
    voxOffset: i64(168),
    sclSlope: f64(176),
    sclInter: f64(184),
    qformCode: view.getInt32(344, le),
    sformCode: view.getInt32(348, le),
    quatern: [f64(352), f64(360), f64(368)],
    qoffset: [f64(376), f64(384), f64(392)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f64(400 + 32 * r + 8 * c))),
    singleFile: magic === "n+2\0",
  };
}

/** Rotation matrix of a NIfTI quaternion (b, c, d), with a = √(1 − b² − c² − d²). */
function quaternionToRotation(b: number, c: number, d: number): Mat3 {
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // a is zero: (b, c, d) is a 180° rotation axis; renormalise it.
    a = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= a;
    c *= a;
    d *= a;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  return [
    a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
    2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
    2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b,
  ];
}

/** Splits a 3×3 affine (row-major, columns = axis steps) into spacing and direction. */
function splitAffine(m: number[]): { spacing: Vec3; direction: Mat3 } {
  const spacing = [0, 1, 2].map((c) => Math.hypot(m[c]!, m[3 + c]!, m[6 + c]!)) as Vec3;
  const direction = m.map((v, n) => v / spacing[n % 3]! + 0) as Mat3; // + 0 turns -0 into 0
  return { spacing, direction };
}

function columnsOrthogonal(m: number[]): boolean {
  const col = (c: number) => [m[c]!, m[3 + c]!, m[6 + c]!];
  const dot = (u: number[], v: number[]) => u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  const cols = [col(0), col(1), col(2)];
  if (cols.some((c) => dot(c, c) === 0)) return false;
  for (const [p, q] of [[0, 1], [0, 2], [1, 2]] as const) {
    const cos = dot(cols[p]!, cols[q]!) / Math.sqrt(dot(cols[p]!, cols[p]!) * dot(cols[q]!, cols[q]!));
    if (Math.abs(cos) > 1e-4) return false;
  }
  return true;
}

/** World geometry (LPS) of a header. */
function headerGeometry(h: NiftiHeader): { spacing: Vec3; origin: Vec3; direction: Mat3 } {
  let affine: number[];
  let offset: Vec3;
  const sformLinear = h.srow.flatMap((row) => row.slice(0, 3));
  if (h.sformCode > 0 && columnsOrthogonal(sformLinear)) {
    affine = sformLinear;
    offset = [h.srow[0]![3]!, h.srow[1]![3]!, h.srow[2]![3]!];
  } else if (h.qformCode > 0) {
    const r = quaternionToRotation(...h.quatern);
    const qfac = h.pixdim[0] === -1 ? -1 : 1;
    const s = [Math.abs(h.pixdim[1]!) || 1, Math.abs(h.pixdim[2]!) || 1, (Math.abs(h.pixdim[3]!) || 1) * qfac];
    affine = r.map((v, n) => v * s[n % 3]!);
    offset = h.qoffset;
  } else {
    const s = [1, 2, 3].map((i) => Math.abs(h.pixdim[i]!) || 1);
    return { spacing: s as Vec3, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  }
  // RAS → LPS: negate the x and y world rows.
  const lps = affine.map((v, n) => (n < 6 ? -v : v));
  const { spacing, direction } = splitAffine(lps);
  return { spacing, direction, origin: [-offset[0] + 0, -offset[1] + 0, offset[2]] };
}

/** The header's seven dimensions (1 past its rank), checked. */
function dimsOf(h: NiftiHeader, name: string): number[] {
  const rank = h.dim[0]!;
  if (rank < 1 || rank > 7) throw new RadiomicsError("INVALID_FILE", `${name}: dim[0] = ${rank} is outside 1..7`);
  const dims = Array.from({ length: 7 }, (_, i) => (i < rank ? h.dim[i + 1]! : 1));
  if (dims.some((d) => d < 1)) throw new RadiomicsError("INVALID_FILE", `${name}: dimensions [${dims.slice(0, rank).join(", ")}] must be positive`);
  return dims;
}

/** The voxels (the first three dimensions) of the volume a NIfTI header describes, from its first 348 or 540 bytes. */
export function niftiVoxels(head: Uint8Array, name = "NIfTI file"): number {
  const dims = dimsOf(parseHeader(head, name), name);
  return dims[0]! * dims[1]! * dims[2]!;
}

/**
 * Reads a NIfTI-1 or NIfTI-2 file (optionally gzipped) into a Volume.
 * 4-D and 5-D files need `options.channel`.
 * @example
 * ```ts
 * const image = readNifti(bytes, { name: "t1.nii.gz", channel: 0 });
 * ```
 */
export function readNifti(input: Uint8Array | ArrayBuffer, options: NiftiReadOptions = {}): Volume {
  const name = options.name ?? "NIfTI file";
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  // Decompressed bytes are ours to keep, and to change (`inflated`).
  let share = options.shareBytes ?? false;
  const shared = options.sharedMemory ?? false;
  let inflated = isGzip(bytes);
  if (inflated) {
    bytes = gunzip(bytes, name, niftiClaim, shared);
    share = true;
  }
  const h = parseHeader(bytes, name);
  const type = DATATYPES[h.datatype];
  if (!type) {
    const known = UNSUPPORTED_DATATYPES[h.datatype];
    throw new RadiomicsError(
      "UNSUPPORTED_FORMAT",
      `${name}: NIfTI datatype ${h.datatype}${known ? ` (${known})` : ""} is not supported; use a scalar integer or float type`,
      { datatype: h.datatype },
    );
  }
  const dims = dimsOf(h, name);
  const size: Vec3 = [dims[0]!, dims[1]!, dims[2]!];
  const voxels = size[0] * size[1] * size[2];
  const channels = dims.slice(3).reduce((a, b) => a * b, 1);
  const channel = checkChannel(options.channel, channels, name);

  let dataBytes = bytes;
  let offset = Math.floor(h.voxOffset);
  if (!h.singleFile) {
    if (!options.imageBytes) {
      throw new RadiomicsError("INVALID_INPUT", `${name} is the header of a .hdr/.img pair; pass the .img bytes as imageBytes (the file readers do this)`);
    }
    const gzipped = isGzip(options.imageBytes);
    dataBytes = gzipped ? gunzip(options.imageBytes, name, dataBytesOf(h) ?? undefined, shared) : options.imageBytes;
    share = gzipped || (options.shareBytes ?? false);
    inflated = gzipped;
    offset = Math.max(0, offset);
  } else if (offset < (h.version === 1 ? 348 : 540)) {
    throw new RadiomicsError("INVALID_FILE", `${name}: vox_offset ${h.voxOffset} points inside the header`);
  }
  // Only the requested channel's block is decoded: channels are the slowest axes.
  const width = sampleBytes(type);
  let data = decodeSamples(dataBytes, offset + channel * voxels * width, voxels, type, h.littleEndian, name, share && channels === 1, shared, inflated || (options.ownBytes ?? false));

  const scale = scaleOf(h);
  if (scale) data = scaled(data, scale, new Float64Array(voxels));
  return decodedVolume({ data, size, ...headerGeometry(h) }, name);
}

/** The samples scaled (v · slope + inter) into `out` (as long as they are); returns `out`. */
export function scaled(samples: ArrayLike<number>, { slope, inter }: NonNullable<RawLayout["scale"]>, out: Float64Array): Float64Array {
  for (let n = 0; n < samples.length; n++) out[n] = samples[n]! * slope + inter;
  return out;
}

/** `scl_slope` and `scl_inter` where they change the samples: a finite, non-zero slope, and not (1, 0). */
function scaleOf(h: NiftiHeader): RawLayout["scale"] {
  const { sclSlope: slope, sclInter: inter } = h;
  return Number.isFinite(slope) && slope !== 0 && !(slope === 1 && inter === 0) ? { slope, inter } : null;
}

/**
 * Where a single-file NIfTI whose first (inflated) bytes are `head` holds its samples ({@link RawLayout}),
 * or null where {@link readNifti} has more to do than view them (several channels, 64-bit
 * integers) or would refuse the file (it then says why).
 */
export function niftiLayout(head: Uint8Array, name = "NIfTI file"): RawLayout | null {
  const h = parseHeader(head, name);
  const type = DATATYPES[h.datatype];
  const dims = dimsOf(h, name);
  const offset = Math.floor(h.voxOffset);
  if (!type || type === "int64" || type === "uint64" || !h.singleFile || offset < (h.version === 1 ? 348 : 540) || dims.slice(3).some((d) => d !== 1)) return null;
  const grid = { size: [dims[0]!, dims[1]!, dims[2]!] as Vec3, ...headerGeometry(h) };
  return gridProblem(grid) ? null : { grid, type, littleEndian: h.littleEndian, offset, scale: scaleOf(h), gzipAt: null };
}
