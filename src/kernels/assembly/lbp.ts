// Local binary patterns in 2-D in AssemblyScript, the twin of ../lbp.ts: the same
// sampling, comparisons and codes, in the same arithmetic order.
import { mirror } from "./resample";

@inline
function pixel(data: usize, base: i32, r: i32, c: i32, rows: i32, cols: i32, rs: i32, cs: i32): f64 {
  return r < 0 || r >= rows || c < 0 || c >= cols ? 0 : load<f64>(data + (<usize>(base + r * rs + c * cs) << 3));
}

/**
 * Codes of every voxel, slice by slice (rows along rowAxis, columns along colAxis);
 * `offsets` holds P (row, col) pairs; method 0 default, 1 ror, 2 uniform, 3 var;
 * `texture` is scratch of P f64 and `bits` of P i32.
 */
export function localBinaryPattern2D(data: usize, sx: i32, sy: i32, sz: i32, rowAxis: i32, colAxis: i32, offsets: usize, P: i32, method: i32, out: usize, texture: usize, bits: usize): void {
  const sliceAxis = 3 - rowAxis - colAxis;
  const rows = rowAxis == 0 ? sx : rowAxis == 1 ? sy : sz;
  const cols = colAxis == 0 ? sx : colAxis == 1 ? sy : sz;
  const slices = sliceAxis == 0 ? sx : sliceAxis == 1 ? sy : sz;
  const rs = rowAxis == 0 ? 1 : rowAxis == 1 ? sx : sx * sy;
  const cs = colAxis == 0 ? 1 : colAxis == 1 ? sx : sx * sy;
  const ss = sliceAxis == 0 ? 1 : sliceAxis == 1 ? sx : sx * sy;
  for (let s = 0; s < slices; s++) {
    const base = s * ss;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const centre = load<f64>(data + (<usize>(base + r * rs + c * cs) << 3));
        for (let p = 0; p < P; p++) {
          const y = <f64>r + load<f64>(offsets + (<usize>(2 * p) << 3)), x = <f64>c + load<f64>(offsets + (<usize>(2 * p + 1) << 3));
          const r0 = <i32>Math.floor(y), c0 = <i32>Math.floor(x), r1 = <i32>Math.ceil(y), c1 = <i32>Math.ceil(x);
          const dr = y - <f64>r0, dc = x - <f64>c0;
          const top = (1 - dc) * pixel(data, base, r0, c0, rows, cols, rs, cs) + dc * pixel(data, base, r0, c1, rows, cols, rs, cs);
          const bottom = (1 - dc) * pixel(data, base, r1, c0, rows, cols, rs, cs) + dc * pixel(data, base, r1, c1, rows, cols, rs, cs);
          const value = (1 - dr) * top + dr * bottom;
          store<f64>(texture + (<usize>p << 3), value);
          store<i32>(bits + (<usize>p << 2), value - centre >= 0 ? 1 : 0);
        }
        store<f64>(out + (<usize>(base + r * rs + c * cs) << 3), code(bits, texture, P, method));
      }
    }
  }
}

function code(bits: usize, texture: usize, P: i32, method: i32): f64 {
  if (method == 2) {
    let changes = 0, ones = 0;
    for (let p = 0; p < P - 1; p++) changes += abs<i32>(load<i32>(bits + (<usize>p << 2)) - load<i32>(bits + (<usize>(p + 1) << 2)));
    for (let p = 0; p < P; p++) ones += load<i32>(bits + (<usize>p << 2));
    return changes <= 2 ? <f64>ones : <f64>(P + 1);
  }
  if (method == 3) {
    let sum: f64 = 0, squares: f64 = 0;
    for (let p = 0; p < P; p++) {
      const t = load<f64>(texture + (<usize>p << 3));
      sum += t;
      squares += t * t;
    }
    const variance = (squares - (sum * sum) / <f64>P) / <f64>P;
    return variance != 0 ? variance : NaN;
  }
  let value = 0;
  for (let p = 0; p < P; p++) value += load<i32>(bits + (<usize>p << 2)) << p;
  if (method == 0) return <f64>value;
  let best = value;
  for (let p = 1; p < P; p++) {
    value = (value >> 1) | ((value & 1) << (P - 1));
    best = min<i32>(best, value);
  }
  return <f64>best;
}

@inline
function splineWeights(w: usize, t: f64): void {
  const u = 1 - t, t2 = t * t, t3 = t2 * t;
  store<f64>(w, (u * u * u) / 6);
  store<f64>(w + 8, (4 - 6 * t2 + 3 * t3) / 6);
  store<f64>(w + 16, (1 + 3 * t + 3 * t2 - 3 * t3) / 6);
  store<f64>(w + 24, t3 / 6);
}

/**
 * Cubic B-spline samples around points (the twin of sphereSamples in ../lbp.ts): centres
 * (i32 x, y, z per point), offsets (f64 dx, dy, dz per vertex), `out` points × vertices;
 * `w` is scratch of 12 f64.
 */
export function sphereSamples(coefficients: usize, nx: i32, ny: i32, nz: i32, centres: usize, points: i32, offsets: usize, vertices: i32, round: bool, out: usize, w: usize): void {
  const wx = w, wy = w + 32, wz = w + 64;
  for (let p = 0; p < points; p++) {
    for (let v = 0; v < vertices; v++) {
      const x = <f64>load<i32>(centres + (<usize>(3 * p) << 2)) + load<f64>(offsets + (<usize>(3 * v) << 3));
      const y = <f64>load<i32>(centres + (<usize>(3 * p + 1) << 2)) + load<f64>(offsets + (<usize>(3 * v + 1) << 3));
      const z = <f64>load<i32>(centres + (<usize>(3 * p + 2) << 2)) + load<f64>(offsets + (<usize>(3 * v + 2) << 3));
      let value: f64 = 0;
      if (x >= 0 && x <= <f64>(nx - 1) && y >= 0 && y <= <f64>(ny - 1) && z >= 0 && z <= <f64>(nz - 1)) {
        const bx = Math.floor(x), by = Math.floor(y), bz = Math.floor(z);
        splineWeights(wx, x - bx);
        splineWeights(wy, y - by);
        splineWeights(wz, z - bz);
        const ix = <i32>bx, iy = <i32>by, iz0 = <i32>bz;
        for (let k = 0; k < 4; k++) {
          const iz = mirror(iz0 - 1 + k, nz);
          for (let j = 0; j < 4; j++) {
            const row = nx * (mirror(iy - 1 + j, ny) + ny * iz);
            const wyz = load<f64>(wz + (<usize>k << 3)) * load<f64>(wy + (<usize>j << 3));
            for (let i = 0; i < 4; i++) {
              value += wyz * load<f64>(wx + (<usize>i << 3)) * load<f64>(coefficients + (<usize>(mirror(ix - 1 + i, nx) + row) << 3));
            }
          }
        }
        if (round) value = Math.trunc(value > 0 ? value + 0.5 : value - 0.5);
      }
      store<f64>(out + (<usize>(p * vertices + v) << 3), value);
    }
  }
}
