/**
 * Volume writers for response maps: NIfTI-1 (`.nii`, `.nii.gz`) and NRRD (`.nrrd`, raw or
 * gzip), float32, with the volume's full geometry, readable by this library, ITK,
 * SimpleITK, 3D Slicer and nibabel.
 *
 * NIfTI: the geometry goes into the sform (code 1, scanner) and the qform (the same
 * rotation as a quaternion, with qfac for a left-handed direction), in RAS (x and y of
 * our LPS negated). NRRD: `space: left-posterior-superior`, `space directions` are the
 * direction's columns times the spacing.
 * @module
 */
import { gzipSync } from "fflate";
import { RadiomicsError } from "../errors.js";
import { checkVolume, type Mat3, type Volume } from "../volume.js";

/** The file formats a response map can be written as, by file name. */
export type MapFormat = "nifti" | "nifti-gz" | "nrrd";

/**
 * The format a file name asks for, or a typed error naming the ones that work.
 * @example
 * ```ts
 * mapFormatOf("map.nii.gz"); // "nifti-gz"
 * ```
 */
export function mapFormatOf(path: string): MapFormat {
  if (/\.nii\.gz$/i.test(path)) return "nifti-gz";
  if (/\.nii$/i.test(path)) return "nifti";
  if (/\.nrrd$/i.test(path)) return "nrrd";
  throw new RadiomicsError("INVALID_SETTING", `cannot tell the format of "${path}": name the output .nii, .nii.gz or .nrrd`, { path });
}

/**
 * The bytes of a float32 volume in a format.
 * @example
 * ```ts
 * await writeFileAtomic("log-sigma-2.nii.gz", encodeVolume(filterImage(image, { imageType: { LoG: { sigma: [2.0] } } }).image, "nifti-gz"));
 * ```
 */
export function encodeVolume(volume: Volume<Float32Array>, format: MapFormat): Uint8Array {
  checkVolume(volume, "encodeVolume(): the argument");
  if (format === "nrrd") return encodeNrrd(volume);
  const bytes = encodeNifti(volume);
  return format === "nifti-gz" ? gzipSync(bytes, { level: 6 }) : bytes;
}

/** Unit quaternion (b, c, d) and qfac of a rotation matrix (row-major), as NIfTI-1 stores it. */
function quaternion(m: Mat3): { b: number; c: number; d: number; qfac: number } {
  // A left-handed direction is stored as a rotation and a flipped third axis (qfac −1).
  const det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  const qfac = det < 0 ? -1 : 1;
  const r = [...m];
  if (qfac < 0) for (const i of [2, 5, 8]) r[i] = -r[i]!;
  const [r11, r12, r13, r21, r22, r23, r31, r32, r33] = r as unknown as Mat3;
  const trace = r11 + r22 + r33;
  let a: number, b: number, c: number, d: number;
  if (trace > 0) {
    const s = 2 * Math.sqrt(trace + 1);
    [a, b, c, d] = [s / 4, (r32 - r23) / s, (r13 - r31) / s, (r21 - r12) / s];
  } else if (r11 > r22 && r11 > r33) {
    const s = 2 * Math.sqrt(1 + r11 - r22 - r33);
    [a, b, c, d] = [(r32 - r23) / s, s / 4, (r12 + r21) / s, (r13 + r31) / s];
  } else if (r22 > r33) {
    const s = 2 * Math.sqrt(1 + r22 - r11 - r33);
    [a, b, c, d] = [(r13 - r31) / s, (r12 + r21) / s, s / 4, (r23 + r32) / s];
  } else {
    const s = 2 * Math.sqrt(1 + r33 - r11 - r22);
    [a, b, c, d] = [(r21 - r12) / s, (r13 + r31) / s, (r23 + r32) / s, s / 4];
  }
  // NIfTI keeps a ≥ 0 and derives it from b, c, d.
  return a < 0 ? { b: -b, c: -c, d: -d, qfac } : { b, c, d, qfac };
}

/** NIfTI-1 single file (`n+1`): 348-byte header, 4 bytes of empty extension, the samples. */
function encodeNifti(volume: Volume<Float32Array>): Uint8Array {
  const [nx, ny, nz] = volume.size;
  const out = new Uint8Array(352 + volume.data.byteLength);
  const view = new DataView(out.buffer);
  view.setInt32(0, 348, true);
  [3, nx, ny, nz, 1, 1, 1, 1].forEach((v, i) => view.setInt16(40 + 2 * i, v, true));
  view.setInt16(70, 16, true); // datatype: float32
  view.setInt16(72, 32, true); // bits per sample
  // LPS → RAS: negate the x and y rows of the direction and the origin.
  const ras = volume.direction.map((v, i) => (i < 6 ? -v : v)) as unknown as Mat3;
  const origin = [-volume.origin[0], -volume.origin[1], volume.origin[2]];
  const q = quaternion(ras);
  [q.qfac, ...volume.spacing, 0, 0, 0, 0].forEach((v, i) => view.setFloat32(76 + 4 * i, v, true));
  view.setFloat32(108, 352, true); // vox_offset
  view.setFloat32(112, 1, true); // scl_slope
  view.setUint8(123, 2); // xyzt_units: mm
  view.setInt16(252, 1, true); // qform_code: scanner
  view.setInt16(254, 1, true); // sform_code: scanner
  [q.b, q.c, q.d, ...origin].forEach((v, i) => view.setFloat32(256 + 4 * i, v, true));
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) view.setFloat32(280 + 16 * r + 4 * c, ras[3 * r + c]! * volume.spacing[c]!, true);
    view.setFloat32(280 + 16 * r + 12, origin[r]!, true);
  }
  out.set(new TextEncoder().encode("n+1\0"), 344);
  out.set(new Uint8Array(volume.data.buffer, volume.data.byteOffset, volume.data.byteLength), 352);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) swapFloat32(out, 352);
  return out;
}

/** Gzip-encoded NRRD with the samples little-endian. */
function encodeNrrd(volume: Volume<Float32Array>): Uint8Array {
  const column = (c: number) => `(${[0, 1, 2].map((r) => volume.direction[3 * r + c]! * volume.spacing[c]!).join(",")})`;
  const header = [
    "NRRD0004", "type: float", "dimension: 3", "space: left-posterior-superior", `sizes: ${volume.size.join(" ")}`,
    `space directions: ${column(0)} ${column(1)} ${column(2)}`, "kinds: domain domain domain", "endian: little", "encoding: gzip",
    `space origin: (${volume.origin.join(",")})`, "", "",
  ].join("\n");
  const samples = new Uint8Array(volume.data.buffer.slice(volume.data.byteOffset, volume.data.byteOffset + volume.data.byteLength));
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) swapFloat32(samples, 0);
  const body = gzipSync(samples, { level: 6 });
  const out = new Uint8Array(header.length + body.length);
  out.set(new TextEncoder().encode(header), 0);
  out.set(body, header.length);
  return out;
}

/** Byte-swaps float32 samples in place from `start` (big-endian hosts). */
function swapFloat32(bytes: Uint8Array, start: number): void {
  for (let i = start; i + 3 < bytes.length; i += 4) {
    [bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]] = [bytes[i + 3]!, bytes[i + 2]!, bytes[i + 1]!, bytes[i]!];
  }
}
