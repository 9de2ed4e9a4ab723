/**
 * Reads numpy .npy files of little-endian float64 ('<f8'), as PyRadiomics stores its
 * matrix baselines; Fortran-ordered arrays are returned in C order.
 */
export interface NpyArray {
  shape: number[];
  data: Float64Array;
}

export function readNpy(bytes: Uint8Array): NpyArray {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== "NUMPY") throw new Error("not an .npy file");
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  if (!header.includes("'descr': '<f8'")) throw new Error(`unsupported .npy header ${header}`);
  const fortran = header.includes("'fortran_order': True");
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
  const offset = start + headerLength;
  const raw = new Float64Array(bytes.slice(offset, offset + 8 * shape.reduce((a, b) => a * b, 1)).buffer);
  return { shape, data: fortran ? toCOrder(raw, shape) : raw };
}

/** Reorders a Fortran-ordered (first index fastest) array to C order (last index fastest). */
function toCOrder(raw: Float64Array, shape: number[]): Float64Array {
  const out = new Float64Array(raw.length);
  const index = shape.map(() => 0);
  for (let c = 0; c < raw.length; c++) {
    let f = 0;
    for (let d = shape.length - 1; d >= 0; d--) f = f * shape[d]! + index[d]!;
    out[c] = raw[f]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}
