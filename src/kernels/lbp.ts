/**
 * Local binary patterns in 2-D (TypeScript twin): every voxel compared with P points on a
 * circle of radius R in its slice, as scikit-image's `local_binary_pattern` does for
 * PyRadiomics' LBP2D image type.
 *
 * Point p sits at (row, col) offsets (−R·sin 2πp/P, R·cos 2πp/P), each rounded to five
 * decimals; its value is interpolated bilinearly, zero beyond the slice. Bit p is 1 when
 * that value minus the centre's is ≥ 0. Codes: `default` Σ bit_p·2^p; `ror` the smallest
 * code over the P rotations of the bits; `uniform` the number of ones when the bits change
 * at most twice along p = 0…P−1 (the pair P−1, 0 is not compared), else P + 1; `var` the
 * variance of the P values (NaN when zero).
 * @module
 */
import { mirror } from "../preprocess/interpolation.js";

/** The LBP codings, in the order of their kernel codes. */
export const LBP_METHODS = ["default", "ror", "uniform", "var"] as const;
export type LbpMethod = (typeof LBP_METHODS)[number];

/** numpy's round to `decimals` (half to even). */
function roundHalfEven(v: number, decimals: number): number {
  const scale = 10 ** decimals;
  const x = v * scale;
  const r = Math.round(x);
  return (Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r) / scale;
}

/** Row and column offsets of the P sampling points (as scikit-image places them). */
export function lbpOffsets(radius: number, samples: number): Float64Array {
  const out = new Float64Array(2 * samples);
  for (let p = 0; p < samples; p++) {
    const angle = (2 * Math.PI * p) / samples;
    out[2 * p] = roundHalfEven(-radius * Math.sin(angle), 5);
    out[2 * p + 1] = roundHalfEven(radius * Math.cos(angle), 5);
  }
  return out;
}

/**
 * LBP codes of every voxel, slice by slice: slices are planes of constant index along
 * `sliceAxis`, with rows along `rowAxis` and columns along `colAxis`. `offsets` from
 * {@link lbpOffsets}.
 */
export function localBinaryPattern2D(
  data: Float64Array, size: readonly [number, number, number], rowAxis: number, colAxis: number,
  offsets: Float64Array, method: LbpMethod,
): Float64Array {
  const strides = [1, size[0], size[0] * size[1]];
  const sliceAxis = 3 - rowAxis - colAxis;
  const rows = size[rowAxis]!, cols = size[colAxis]!, slices = size[sliceAxis]!;
  const rs = strides[rowAxis]!, cs = strides[colAxis]!, ss = strides[sliceAxis]!;
  const P = offsets.length / 2;
  const out = new Float64Array(data.length);
  const texture = new Float64Array(P);
  const bits = new Uint8Array(P);
  const pixel = (base: number, r: number, c: number) => (r < 0 || r >= rows || c < 0 || c >= cols ? 0 : data[base + r * rs + c * cs]!);
  for (let s = 0; s < slices; s++) {
    const base = s * ss;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const centre = data[base + r * rs + c * cs]!;
        for (let p = 0; p < P; p++) {
          const y = r + offsets[2 * p]!, x = c + offsets[2 * p + 1]!;
          const r0 = Math.floor(y), c0 = Math.floor(x), r1 = Math.ceil(y), c1 = Math.ceil(x);
          const dr = y - r0, dc = x - c0;
          const top = (1 - dc) * pixel(base, r0, c0) + dc * pixel(base, r0, c1);
          const bottom = (1 - dc) * pixel(base, r1, c0) + dc * pixel(base, r1, c1);
          texture[p] = (1 - dr) * top + dr * bottom;
          bits[p] = texture[p]! - centre >= 0 ? 1 : 0;
        }
        out[base + r * rs + c * cs] = lbpCode(bits, texture, method);
      }
    }
  }
  return out;
}

/** The code of one voxel's bits (and sampled values, for `var`). */
function lbpCode(bits: Uint8Array, texture: Float64Array, method: LbpMethod): number {
  const P = bits.length;
  if (method === "uniform") {
    let changes = 0, ones = 0;
    for (let p = 0; p < P - 1; p++) changes += Math.abs(bits[p]! - bits[p + 1]!);
    for (let p = 0; p < P; p++) ones += bits[p]!;
    return changes <= 2 ? ones : P + 1;
  }
  if (method === "var") {
    let sum = 0, squares = 0;
    for (let p = 0; p < P; p++) {
      sum += texture[p]!;
      squares += texture[p]! * texture[p]!;
    }
    const variance = (squares - (sum * sum) / P) / P;
    return variance !== 0 ? variance : NaN;
  }
  let code = 0;
  for (let p = 0; p < P; p++) code += bits[p]! * 2 ** p;
  if (method === "default") return code;
  let best = code;
  for (let p = 1; p < P; p++) {
    code = (code >> 1) | ((code & 1) << (P - 1));
    best = Math.min(best, code);
  }
  return best;
}

/**
 * Cubic B-spline samples around points (LBP3D's spheres): for each centre (x, y, z voxel
 * indices, three per point) and each offset (dx, dy, dz, three per vertex), the spline with
 * `coefficients` (a volume of `size`) at centre + offset, 0 outside the image; rounded half
 * away from zero when `round` (an integer image's samples, as scipy writes them). Returns
 * points × vertices values, point-major.
 */
export function sphereSamples(coefficients: Float64Array, size: readonly [number, number, number], centres: Int32Array, offsets: Float64Array, round: boolean): Float64Array {
  const [nx, ny, nz] = size;
  const points = centres.length / 3, vertices = offsets.length / 3;
  const out = new Float64Array(points * vertices);
  const wx = new Float64Array(4), wy = new Float64Array(4), wz = new Float64Array(4);
  const fill = (w: Float64Array, t: number) => {
    const u = 1 - t, t2 = t * t, t3 = t2 * t;
    w[0] = (u * u * u) / 6;
    w[1] = (4 - 6 * t2 + 3 * t3) / 6;
    w[2] = (1 + 3 * t + 3 * t2 - 3 * t3) / 6;
    w[3] = t3 / 6;
  };
  for (let p = 0; p < points; p++) {
    for (let v = 0; v < vertices; v++) {
      const x = centres[3 * p]! + offsets[3 * v]!, y = centres[3 * p + 1]! + offsets[3 * v + 1]!, z = centres[3 * p + 2]! + offsets[3 * v + 2]!;
      let value = 0;
      if (x >= 0 && x <= nx - 1 && y >= 0 && y <= ny - 1 && z >= 0 && z <= nz - 1) {
        const bx = Math.floor(x), by = Math.floor(y), bz = Math.floor(z);
        fill(wx, x - bx);
        fill(wy, y - by);
        fill(wz, z - bz);
        for (let k = 0; k < 4; k++) {
          const iz = mirror(bz - 1 + k, nz);
          for (let j = 0; j < 4; j++) {
            const row = nx * (mirror(by - 1 + j, ny) + ny * iz);
            const wyz = wz[k]! * wy[j]!;
            for (let i = 0; i < 4; i++) value += wyz * wx[i]! * coefficients[mirror(bx - 1 + i, nx) + row]!;
          }
        }
        if (round) value = Math.trunc(value > 0 ? value + 0.5 : value - 0.5);
      }
      out[p * vertices + v] = value;
    }
  }
  return out;
}
