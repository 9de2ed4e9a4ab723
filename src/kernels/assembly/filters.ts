// Filter kernels in AssemblyScript, the twins of ../filters.ts: finite convolution along
// one axis of an x-fastest f64 volume, and fourth-order recursive filtering of lines
// resident in memory. Same arithmetic in the same order as the TypeScript, so both give
// the same bits.

/** Sample index of position i on a line of n continued by boundary (0 zero, 1 nearest, 2 periodic, 3 mirror); −1 for a zero. */
function extendIndex(i: i32, n: i32, boundary: i32): i32 {
  if (i >= 0 && i < n) return i;
  if (boundary == 0) return -1;
  if (boundary == 1) return i < 0 ? 0 : n - 1;
  if (boundary == 2) return ((i % n) + n) % n;
  const period = 2 * n;
  const m = ((i % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

/** Lines filtered together (the twin's LANES): every step is a row of this many lanes. */
const LANES: i32 = 64;

/** Start of line p of the lines along axis. */
@inline
function lineStart(p: i32, axis: i32, sx: i32, sy: i32): i32 {
  return axis == 0 ? p * sx : axis == 1 ? (p % sx) + sx * sy * (p / sx) : p;
}

/** Sample indices where the block's lines start in the input and in the output (static scratch). */
const IN_STARTS = memory.data(LANES << 2);
const OUT_STARTS = memory.data(LANES << 2);

/**
 * Fills IN_STARTS and OUT_STARTS with the starts of lines p0 … p0 + lanes − 1 (input grid
 * sx × sy, output ox × oy). True when both run consecutively (lines along y or z that do
 * not wrap a row): a row of the block is then one copy. Only data movement: the arithmetic
 * and its order are the twin's.
 */
function blockStarts(p0: i32, lanes: i32, axis: i32, sx: i32, sy: i32, ox: i32, oy: i32): bool {
  let consecutive = axis != 0;
  const in0 = lineStart(p0, axis, sx, sy), out0 = lineStart(p0, axis, ox, oy);
  for (let b = 0; b < lanes; b++) {
    const s = lineStart(p0 + b, axis, sx, sy), o = lineStart(p0 + b, axis, ox, oy);
    store<i32>(IN_STARTS + (<usize>b << 2), s);
    store<i32>(OUT_STARTS + (<usize>b << 2), o);
    if (s != in0 + b || o != out0 + b) consecutive = false;
  }
  return consecutive;
}

/** Row `i` of the block (sample i of each lane's line, `stride` apart) into `dst`. */
@inline
function gatherRow(dst: usize, data: usize, i: i32, stride: i32, lanes: i32, consecutive: bool): void {
  if (consecutive) {
    memory.copy(dst, data + (<usize>(load<i32>(IN_STARTS) + i * stride) << 3), <usize>lanes << 3);
  } else {
    for (let b = 0; b < lanes; b++) store<f64>(dst + (<usize>b << 3), load<f64>(data + (<usize>(load<i32>(IN_STARTS + (<usize>b << 2)) + i * stride) << 3)));
  }
}

/** `row`'s lanes to sample k of each output line. */
@inline
function scatterRow(out: usize, row: usize, k: i32, outStride: i32, lanes: i32, consecutive: bool): void {
  if (consecutive) {
    memory.copy(out + (<usize>(load<i32>(OUT_STARTS) + k * outStride) << 3), row, <usize>lanes << 3);
  } else {
    for (let b = 0; b < lanes; b++) store<f64>(out + (<usize>(load<i32>(OUT_STARTS + (<usize>b << 2)) + k * outStride) << 3), load<f64>(row + (<usize>b << 3)));
  }
}

@inline
function at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

/** row[b] += w · src[b] for every lane (SIMD where built with it: the same products and sums). */
@inline
function addScaledRow(row: usize, src: usize, w: f64): void {
  if (ASC_FEATURE_SIMD) {
    const vw = f64x2.splat(w);
    for (let b = 0; b < LANES; b += 2) {
      const q = <usize>b << 3;
      v128.store(row + q, f64x2.add(v128.load(row + q), f64x2.mul(vw, v128.load(src + q))));
    }
  } else {
    for (let b = 0; b < LANES; b++) {
      const q = <usize>b << 3;
      store<f64>(row + q, load<f64>(row + q) + w * load<f64>(src + q));
    }
  }
}

/**
 * out[k] = Σ_j taps[j]·x[k + origin − j·dilation] along axis, x continued by boundary;
 * `ext` is scratch of (n + left + right) × LANES f64, `row` of LANES.
 */
export function convolveAxis(data: usize, sx: i32, sy: i32, sz: i32, axis: i32, taps: usize, f: i32, origin: i32, dilation: i32, boundary: i32, from: i32, to: i32, out: usize, ext: usize, row: usize): void {
  const n = axis == 0 ? sx : axis == 1 ? sy : sz;
  // The output keeps samples from…to of each line.
  const ox = axis == 0 ? to - from + 1 : sx, oy = axis == 1 ? to - from + 1 : sy;
  const outStride = axis == 0 ? 1 : axis == 1 ? ox : ox * oy;
  const stride = axis == 0 ? 1 : axis == 1 ? sx : sx * sy;
  const count = (sx * sy * sz) / n;
  const left = max<i32>(0, (f - 1) * dilation - origin), right = max<i32>(0, origin);
  const width = n + left + right;
  const rowBytes = <usize>LANES << 3;
  for (let p0 = 0; p0 < count; p0 += LANES) {
    const lanes = min<i32>(LANES, count - p0);
    const consecutive = blockStarts(p0, lanes, axis, sx, sy, ox, oy);
    for (let t = 0; t < width; t++) {
      const i = extendIndex(t - left, n, boundary);
      const dst = ext + <usize>t * rowBytes;
      if (i < 0) memory.fill(dst, 0, <usize>lanes << 3);
      else gatherRow(dst, data, i, stride, lanes, consecutive);
    }
    for (let k = from; k <= to; k++) {
      memory.fill(row, 0, rowBytes);
      const base = k + origin + left;
      for (let j = 0; j < f; j++) addScaledRow(row, ext + <usize>(base - j * dilation) * rowBytes, at(taps, j));
      scatterRow(out, row, k - from, outStride, lanes, consecutive);
    }
  }
}

// Recursive filtering of lines resident in memory (the LoG's passes): lines are taken two at
// a time in the SIMD build (one f64x2 lane each) and one at a time without, with the recent
// inputs and outputs in registers. The products and sums are the twin's (recursiveAxis in
// ../filters.ts), in its order.

/** A pair of samples `apart` bytes apart (the SIMD build), or one sample. */
@inline
function loadLane<P>(p: usize, apart: usize): P {
  if (isVector<P>()) {
    if (apart == 8) return v128.load(p);
    return f64x2.replace_lane(f64x2.splat(load<f64>(p)), 1, load<f64>(p + apart));
  } else {
    return load<f64>(p);
  }
}

/** Stores a lane group: lane 1 only when `both` (a last, unpaired line has one). */
@inline
function storeLane<P>(p: usize, apart: usize, both: bool, v: P): void {
  if (isVector<P>()) {
    if (apart == 8 && both) {
      v128.store(p, v);
    } else {
      store<f64>(p, f64x2.extract_lane(v, 0));
      if (both) store<f64>(p + apart, f64x2.extract_lane(v, 1));
    }
  } else {
    store<f64>(p, v);
  }
}

@inline
function splatLane<P>(c: f64): P {
  if (isVector<P>()) return f64x2.splat(c);
  else return c;
}

@inline
function addLane<P>(a: P, b: P): P {
  if (isVector<P>()) return f64x2.add(a, b);
  else return a + b;
}

@inline
function subLane<P>(a: P, b: P): P {
  if (isVector<P>()) return f64x2.sub(a, b);
  else return a - b;
}

@inline
function mulLane<P>(a: P, b: P): P {
  if (isVector<P>()) return f64x2.mul(a, b);
  else return a * b;
}

/** ((a·p + b·q) + c·r) + d·s, the twin's order. */
@inline
function dot4<P>(a: P, p: P, b: P, q: P, c: P, r: P, d: P, s: P): P {
  return addLane<P>(addLane<P>(addLane<P>(mulLane<P>(a, p), mulLane<P>(b, q)), mulLane<P>(c, r)), mulLane<P>(d, s));
}

/** Output i, when kept: the causal output (at `ys`) plus the anti-causal one. */
@inline
function keptSum<P>(dst: usize, outApart: usize, both: bool, dt: usize, from: i32, to: i32, ys: usize, w: usize, i: i32, anti: P): void {
  if (i >= from && i <= to) storeLane<P>(dst + <usize>(i - from) * dt, outApart, both, addLane<P>(load<P>(ys + <usize>i * w), anti));
}

/**
 * One group of lines: n samples `st` bytes apart from `src` (lane 1 `apart` bytes after
 * lane 0); outputs from…to go `dt` bytes apart from `dst` (lane 1 `outApart` after).
 * `scratch` holds 2n lane groups (the inputs, then the causal outputs).
 */
@inline
function recursiveGroup<P>(src: usize, apart: usize, st: usize, n: i32, dst: usize, outApart: usize, both: bool, dt: usize, from: i32, to: i32, c: usize, scratch: usize): void {
  const w = <usize>(isVector<P>() ? 16 : 8);
  const xs = scratch, ys = scratch + <usize>n * w;
  const n0 = splatLane<P>(at(c, 0)), n1 = splatLane<P>(at(c, 1)), n2 = splatLane<P>(at(c, 2)), n3 = splatLane<P>(at(c, 3));
  const d1 = splatLane<P>(at(c, 4)), d2 = splatLane<P>(at(c, 5)), d3 = splatLane<P>(at(c, 6)), d4 = splatLane<P>(at(c, 7));
  const m1 = splatLane<P>(at(c, 8)), m2 = splatLane<P>(at(c, 9)), m3 = splatLane<P>(at(c, 10)), m4 = splatLane<P>(at(c, 11));
  const bn1 = splatLane<P>(at(c, 12)), bn2 = splatLane<P>(at(c, 13)), bn3 = splatLane<P>(at(c, 14)), bn4 = splatLane<P>(at(c, 15));
  const bm1 = splatLane<P>(at(c, 16)), bm2 = splatLane<P>(at(c, 17)), bm3 = splatLane<P>(at(c, 18)), bm4 = splatLane<P>(at(c, 19));
  // Causal pass; the first four outputs see the edge value before the line.
  const first = loadLane<P>(src, apart), x1 = loadLane<P>(src + st, apart), x2 = loadLane<P>(src + 2 * st, apart), x3 = loadLane<P>(src + 3 * st, apart);
  const y0 = subLane<P>(dot4<P>(first, n0, first, n1, first, n2, first, n3), dot4<P>(first, bn1, first, bn2, first, bn3, first, bn4));
  const y1 = subLane<P>(dot4<P>(x1, n0, first, n1, first, n2, first, n3), dot4<P>(y0, d1, first, bn2, first, bn3, first, bn4));
  const y2 = subLane<P>(dot4<P>(x2, n0, x1, n1, first, n2, first, n3), dot4<P>(y1, d1, y0, d2, first, bn3, first, bn4));
  const y3 = subLane<P>(dot4<P>(x3, n0, x2, n1, x1, n2, first, n3), dot4<P>(y2, d1, y1, d2, y0, d3, first, bn4));
  store<P>(xs, first); store<P>(xs + w, x1); store<P>(xs + 2 * w, x2); store<P>(xs + 3 * w, x3);
  store<P>(ys, y0); store<P>(ys + w, y1); store<P>(ys + 2 * w, y2); store<P>(ys + 3 * w, y3);
  let a1 = x3, a2 = x2, a3 = x1, b1 = y3, b2 = y2, b3 = y1, b4 = y0;
  for (let i = 4; i < n; i++) {
    const x0 = loadLane<P>(src + <usize>i * st, apart);
    const y = subLane<P>(dot4<P>(x0, n0, a1, n1, a2, n2, a3, n3), dot4<P>(b1, d1, b2, d2, b3, d3, b4, d4));
    store<P>(xs + <usize>i * w, x0);
    store<P>(ys + <usize>i * w, y);
    a3 = a2; a2 = a1; a1 = x0;
    b4 = b3; b3 = b2; b2 = b1; b1 = y;
  }
  // Anti-causal pass, mirrored; each kept output is the sum of both passes.
  const e = n - 1;
  const last = load<P>(xs + <usize>e * w), l1 = load<P>(xs + <usize>(e - 1) * w), l2 = load<P>(xs + <usize>(e - 2) * w);
  const z0 = subLane<P>(dot4<P>(last, m1, last, m2, last, m3, last, m4), dot4<P>(last, bm1, last, bm2, last, bm3, last, bm4));
  const z1 = subLane<P>(dot4<P>(last, m1, last, m2, last, m3, last, m4), dot4<P>(z0, d1, last, bm2, last, bm3, last, bm4));
  const z2 = subLane<P>(dot4<P>(l1, m1, last, m2, last, m3, last, m4), dot4<P>(z1, d1, z0, d2, last, bm3, last, bm4));
  const z3 = subLane<P>(dot4<P>(l2, m1, l1, m2, last, m3, last, m4), dot4<P>(z2, d1, z1, d2, z0, d3, last, bm4));
  keptSum<P>(dst, outApart, both, dt, from, to, ys, w, e, z0);
  keptSum<P>(dst, outApart, both, dt, from, to, ys, w, e - 1, z1);
  keptSum<P>(dst, outApart, both, dt, from, to, ys, w, e - 2, z2);
  keptSum<P>(dst, outApart, both, dt, from, to, ys, w, e - 3, z3);
  let p1 = load<P>(xs + <usize>(e - 3) * w), p2 = l2, p3 = l1, p4 = last, q1 = z3, q2 = z2, q3 = z1, q4 = z0;
  for (let i = e - 4; i >= 0; i--) {
    const y = subLane<P>(dot4<P>(p1, m1, p2, m2, p3, m3, p4, m4), dot4<P>(q1, d1, q2, d2, q3, d3, q4, d4));
    keptSum<P>(dst, outApart, both, dt, from, to, ys, w, i, y);
    p4 = p3; p3 = p2; p2 = p1; p1 = load<P>(xs + <usize>i * w);
    q4 = q3; q3 = q2; q2 = q1; q1 = y;
  }
}

/**
 * Recursive filtering (coefficients as recursiveAxis takes them) of nu × nv lines of n f64
 * samples: line (u, v) starts at element u·su + v·sv of `src`, its samples `st` apart; its
 * outputs from…to go to `dst` from element u·du + v·dv, `dt` apart. `scratch` holds 4n f64.
 */
export function recursiveLines(src: usize, st: i32, su: i32, nu: i32, sv: i32, nv: i32, n: i32, dst: usize, dt: i32, du: i32, dv: i32, from: i32, to: i32, c: usize, scratch: usize): void {
  const step = ASC_FEATURE_SIMD ? 2 : 1;
  for (let v = 0; v < nv; v++) {
    for (let u = 0; u < nu; u += step) {
      const both = u + 1 < nu;
      const input = src + (<usize>(u * su + v * sv) << 3), output = dst + (<usize>(u * du + v * dv) << 3);
      if (ASC_FEATURE_SIMD) {
        recursiveGroup<v128>(input, both ? <usize>su << 3 : 0, <usize>st << 3, n, output, <usize>du << 3, both, <usize>dt << 3, from, to, c, scratch);
      } else {
        recursiveGroup<f64>(input, 0, <usize>st << 3, n, output, 0, false, <usize>dt << 3, from, to, c, scratch);
      }
    }
  }
}

/** out[i] = a[i]·wa + b[i]·wb over n f64 (out may be a). */
export function weightedSum(out: usize, a: usize, wa: f64, b: usize, wb: f64, n: i32): void {
  for (let i = 0; i < n; i++) {
    const q = <usize>i << 3;
    store<f64>(out + q, load<f64>(a + q) * wa + load<f64>(b + q) * wb);
  }
}
