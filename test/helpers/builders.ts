/**
 * Builders of small NIfTI and NRRD files, written field by field from the format
 * specifications, so that reader tests do not depend on the reader.
 */
import { gzipSync } from "node:zlib";

export type TestType = "uint8" | "int8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "float32" | "float64";

export const WIDTH: Record<TestType, number> = { uint8: 1, int8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8, float32: 4, float64: 8 };
export const NIFTI_CODE: Record<TestType, number> = { uint8: 2, int16: 4, int32: 8, float32: 16, float64: 64, int8: 256, uint16: 512, uint32: 768, int64: 1024, uint64: 1280 };

/** Encodes numbers as samples of a type in a byte order. */
export function encode(values: number[], type: TestType, littleEndian: boolean): Uint8Array {
  const w = WIDTH[type];
  const out = new Uint8Array(values.length * w);
  const view = new DataView(out.buffer);
  values.forEach((v, n) => {
    const at = n * w;
    switch (type) {
      case "uint8": view.setUint8(at, v); break;
      case "int8": view.setInt8(at, v); break;
      case "int16": view.setInt16(at, v, littleEndian); break;
      case "uint16": view.setUint16(at, v, littleEndian); break;
      case "int32": view.setInt32(at, v, littleEndian); break;
      case "uint32": view.setUint32(at, v, littleEndian); break;
      case "int64": view.setBigInt64(at, BigInt(v), littleEndian); break;
      case "uint64": view.setBigUint64(at, BigInt(v), littleEndian); break;
      case "float32": view.setFloat32(at, v, littleEndian); break;
      case "float64": view.setFloat64(at, v, littleEndian); break;
    }
  });
  return out;
}

export interface NiftiSpec {
  version?: 1 | 2;
  littleEndian?: boolean;
  /** dim[1..]: sizes of each axis. */
  dims: number[];
  type: TestType;
  values: number[];
  pixdim?: number[]; // pixdim[1..3]
  qfac?: number;
  qform?: { code: number; b: number; c: number; d: number; offset: [number, number, number] };
  sform?: { code: number; rows: number[][] };
  scl?: [number, number];
  magic?: string;
  /** Write the header only (ni1/ni2 pair), the data goes elsewhere. */
  pair?: boolean;
}

/** A NIfTI-1 (348-byte header) or NIfTI-2 (540-byte header) file. */
export function niftiBytes(spec: NiftiSpec): Uint8Array {
  const v2 = spec.version === 2;
  const le = spec.littleEndian ?? true;
  const headerSize = v2 ? 540 : 348;
  const voxOffset = spec.pair ? 0 : v2 ? 544 : 352;
  const data = encode(spec.values, spec.type, le);
  const out = new Uint8Array(spec.pair ? headerSize : voxOffset + data.length);
  const view = new DataView(out.buffer);
  const dim = [spec.dims.length, ...spec.dims];
  const pixdim = [spec.qfac ?? 1, ...(spec.pixdim ?? [1, 1, 1])];
  const magic = spec.magic ?? (v2 ? (spec.pair ? "ni2\0" : "n+2\0") : spec.pair ? "ni1\0" : "n+1\0");
  view.setInt32(0, headerSize, le);
  if (!v2) {
    dim.forEach((d, i) => view.setInt16(40 + 2 * i, d, le));
    view.setInt16(70, NIFTI_CODE[spec.type], le);
    view.setInt16(72, WIDTH[spec.type] * 8, le);
    pixdim.forEach((p, i) => view.setFloat32(76 + 4 * i, p, le));
    view.setFloat32(108, voxOffset, le);
    view.setFloat32(112, spec.scl?.[0] ?? 0, le);
    view.setFloat32(116, spec.scl?.[1] ?? 0, le);
    view.setInt16(252, spec.qform?.code ?? 0, le);
    view.setInt16(254, spec.sform?.code ?? 0, le);
    if (spec.qform) {
      [spec.qform.b, spec.qform.c, spec.qform.d, ...spec.qform.offset].forEach((q, i) => view.setFloat32(256 + 4 * i, q, le));
    }
    spec.sform?.rows.forEach((row, r) => row.forEach((x, c) => view.setFloat32(280 + 16 * r + 4 * c, x, le)));
    for (let i = 0; i < 4; i++) out[344 + i] = magic.charCodeAt(i);
  } else {
    for (let i = 0; i < 8; i++) out[4 + i] = "n+2\0\r\n\x1a\n".charCodeAt(i);
    for (let i = 0; i < 4; i++) out[4 + i] = magic.charCodeAt(i);
    view.setInt16(12, NIFTI_CODE[spec.type], le);
    view.setInt16(14, WIDTH[spec.type] * 8, le);
    dim.forEach((d, i) => view.setBigInt64(16 + 8 * i, BigInt(d), le));
    pixdim.forEach((p, i) => view.setFloat64(104 + 8 * i, p, le));
    view.setBigInt64(168, BigInt(voxOffset), le);
    view.setFloat64(176, spec.scl?.[0] ?? 0, le);
    view.setFloat64(184, spec.scl?.[1] ?? 0, le);
    view.setInt32(344, spec.qform?.code ?? 0, le);
    view.setInt32(348, spec.sform?.code ?? 0, le);
    if (spec.qform) {
      [spec.qform.b, spec.qform.c, spec.qform.d, ...spec.qform.offset].forEach((q, i) => view.setFloat64(352 + 8 * i, q, le));
    }
    spec.sform?.rows.forEach((row, r) => row.forEach((x, c) => view.setFloat64(400 + 32 * r + 8 * c, x, le)));
  }
  if (!spec.pair) out.set(data, voxOffset);
  return out;
}

/** The data block of a NIfTI pair (the .img file). */
export function niftiImageBytes(spec: NiftiSpec): Uint8Array {
  return encode(spec.values, spec.type, spec.littleEndian ?? true);
}

/** An NRRD file: header lines, a blank line, then `data` (attached) unless detached. */
export function nrrdBytes(fields: Record<string, string>, data?: Uint8Array): Uint8Array {
  const header = ["NRRD0004", "# built by the test suite", ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`), "", ""].join("\n");
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(head.length + (data?.length ?? 0));
  out.set(head);
  if (data) out.set(data, head.length);
  return out;
}

export const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes));
