// Filter kernels in AssemblyScript, the twins of ../filters.ts: finite convolution along
// one axis of an x-fastest f64 volume, and fourth-order recursive filtering of lines
// resident in memory. Same arithmetic in the same order as the TypeScript, so both give
// the same bits.
import { at } from "./memory";

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

/**
 * row[b] = Σ_j taps[j]·ext[base − j·dilation][b] for every lane, each sum from 0 in order of j
 * (the twin's), eight lanes at a time in registers: four independent sums overlap.
 */
@inline
function tapSums(row: usize, ext: usize, base: i32, rowBytes: usize, taps: usize, f: i32, dilation: i32): void {
  for (let b = 0; b < LANES; b += 8) {
    const q = <usize>b << 3;
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    for (let j = 0; j < f; j++) {
      const w = f64x2.splat(at(taps, j));
      const src = ext + <usize>(base - j * dilation) * rowBytes + q;
      s0 = f64x2.add(s0, f64x2.mul(w, v128.load(src)));
      s1 = f64x2.add(s1, f64x2.mul(w, v128.load(src + 16)));
      s2 = f64x2.add(s2, f64x2.mul(w, v128.load(src + 32)));
      s3 = f64x2.add(s3, f64x2.mul(w, v128.load(src + 48)));
    }
    v128.store(row + q, s0);
    v128.store(row + q + 16, s1);
    v128.store(row + q + 32, s2);
    v128.store(row + q + 48, s3);
  }
}

/** row[b] += w · src[b] for every lane (the scalar build's step of {@link tapSums}). */
@inline
function addScaledRow(row: usize, src: usize, w: f64): void {
  for (let b = 0; b < LANES; b++) {
    const q = <usize>b << 3;
    store<f64>(row + q, load<f64>(row + q) + w * load<f64>(src + q));
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
      const base = k + origin + left;
      if (ASC_FEATURE_SIMD) {
        tapSums(row, ext, base, rowBytes, taps, f, dilation);
      } else {
        memory.fill(row, 0, rowBytes);
        for (let j = 0; j < f; j++) addScaledRow(row, ext + <usize>(base - j * dilation) * rowBytes, at(taps, j));
      }
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

/** (feed − ((y2·d2 + y3·d3) + y4·d4)) − y1·d1: the twin's order, the latest output y1 last. */
@inline
function feedback<P>(feed: P, y1: P, d1: P, y2: P, d2: P, y3: P, d3: P, y4: P, d4: P): P {
  return subLane<P>(subLane<P>(feed, addLane<P>(addLane<P>(mulLane<P>(y2, d2), mulLane<P>(y3, d3)), mulLane<P>(y4, d4))), mulLane<P>(y1, d1));
}

/**
 * Output i of a group, when kept: the causal output (at `ys`) plus the anti-causal one. The
 * group's fields come as values: read from memory inside a loop that stores to memory, they
 * would be read again every sample.
 */
@inline
function keptSum<P>(writes: bool, dst: usize, outApart: usize, both: bool, dt: usize, from: i32, to: i32, ys: usize, w: usize, i: i32, anti: P): void {
  if (writes && i >= from && i <= to) storeLane<P>(dst + <usize>(i - from) * dt, outApart, both, addLane<P>(load<P>(ys + <usize>i * w), anti));
}

/** One lane group of lines: where its samples are read and its outputs written (see {@link recursiveLines}). */
@unmanaged
class Group {
  src: usize;
  apart: usize;
  dst: usize;
  outApart: usize;
  both: bool;
  /** False for a stand-in group that repeats another's lines (its outputs are dropped). */
  writes: bool;
  /** Scratch of 2n + 4 lane groups: inputs, causal outputs, the anti-causal pass's first four. */
  scratch: usize;
}

/**
 * The first four causal outputs of a group, which see the edge value before the line:
 * inputs 0…3 and outputs 0…3 into the group's scratch.
 */
@inline
function causalHead<P>(g: Group, st: usize, n: i32, c: usize): void {
  const w = <usize>(isVector<P>() ? 16 : 8);
  const xs = g.scratch, ys = g.scratch + <usize>n * w;
  const n0 = splatLane<P>(at(c, 0)), n1 = splatLane<P>(at(c, 1)), n2 = splatLane<P>(at(c, 2)), n3 = splatLane<P>(at(c, 3));
  const d1 = splatLane<P>(at(c, 4)), d2 = splatLane<P>(at(c, 5)), d3 = splatLane<P>(at(c, 6));
  const bn1 = splatLane<P>(at(c, 12)), bn2 = splatLane<P>(at(c, 13)), bn3 = splatLane<P>(at(c, 14)), bn4 = splatLane<P>(at(c, 15));
  const first = loadLane<P>(g.src, g.apart), x1 = loadLane<P>(g.src + st, g.apart), x2 = loadLane<P>(g.src + 2 * st, g.apart), x3 = loadLane<P>(g.src + 3 * st, g.apart);
  const y0 = subLane<P>(dot4<P>(first, n0, first, n1, first, n2, first, n3), dot4<P>(first, bn1, first, bn2, first, bn3, first, bn4));
  const y1 = subLane<P>(dot4<P>(x1, n0, first, n1, first, n2, first, n3), dot4<P>(y0, d1, first, bn2, first, bn3, first, bn4));
  const y2 = subLane<P>(dot4<P>(x2, n0, x1, n1, first, n2, first, n3), dot4<P>(y1, d1, y0, d2, first, bn3, first, bn4));
  const y3 = subLane<P>(dot4<P>(x3, n0, x2, n1, x1, n2, first, n3), dot4<P>(y2, d1, y1, d2, y0, d3, first, bn4));
  store<P>(xs, first); store<P>(xs + w, x1); store<P>(xs + 2 * w, x2); store<P>(xs + 3 * w, x3);
  store<P>(ys, y0); store<P>(ys + w, y1); store<P>(ys + 2 * w, y2); store<P>(ys + 3 * w, y3);
}

/**
 * The last four anti-causal outputs of a group, which see the edge value after the line:
 * kept outputs e…e−3 written, and those four anti-causal values into the scratch's tail.
 */
@inline
function antiCausalHead<P>(g: Group, n: i32, dt: usize, from: i32, to: i32, c: usize): void {
  const w = <usize>(isVector<P>() ? 16 : 8);
  const xs = g.scratch, ys = g.scratch + <usize>n * w, zs = g.scratch + <usize>(2 * n) * w;
  const d1 = splatLane<P>(at(c, 4)), d2 = splatLane<P>(at(c, 5)), d3 = splatLane<P>(at(c, 6));
  const m1 = splatLane<P>(at(c, 8)), m2 = splatLane<P>(at(c, 9)), m3 = splatLane<P>(at(c, 10)), m4 = splatLane<P>(at(c, 11));
  const bm1 = splatLane<P>(at(c, 16)), bm2 = splatLane<P>(at(c, 17)), bm3 = splatLane<P>(at(c, 18)), bm4 = splatLane<P>(at(c, 19));
  const e = n - 1;
  const last = load<P>(xs + <usize>e * w), l1 = load<P>(xs + <usize>(e - 1) * w), l2 = load<P>(xs + <usize>(e - 2) * w);
  const z0 = subLane<P>(dot4<P>(last, m1, last, m2, last, m3, last, m4), dot4<P>(last, bm1, last, bm2, last, bm3, last, bm4));
  const z1 = subLane<P>(dot4<P>(last, m1, last, m2, last, m3, last, m4), dot4<P>(z0, d1, last, bm2, last, bm3, last, bm4));
  const z2 = subLane<P>(dot4<P>(l1, m1, last, m2, last, m3, last, m4), dot4<P>(z1, d1, z0, d2, last, bm3, last, bm4));
  const z3 = subLane<P>(dot4<P>(l2, m1, l1, m2, last, m3, last, m4), dot4<P>(z2, d1, z1, d2, z0, d3, last, bm4));
  keptSum<P>(g.writes, g.dst, g.outApart, g.both, dt, from, to, ys, w, e, z0);
  keptSum<P>(g.writes, g.dst, g.outApart, g.both, dt, from, to, ys, w, e - 1, z1);
  keptSum<P>(g.writes, g.dst, g.outApart, g.both, dt, from, to, ys, w, e - 2, z2);
  keptSum<P>(g.writes, g.dst, g.outApart, g.both, dt, from, to, ys, w, e - 3, z3);
  store<P>(zs, z0); store<P>(zs + w, z1); store<P>(zs + 2 * w, z2); store<P>(zs + 3 * w, z3);
}

/**
 * Two lane groups of lines at once, n samples each, `st` bytes apart: their recursions are
 * independent, so the processor overlaps them (one alone waits on its own feedback, about
 * 20 cycles a sample). Each direction takes two loops: the inputs' part of every output
 * first (no recursion in it), then the recursion over those parts, which keeps only the
 * four latest outputs of each group and four coefficients in registers. One loop for both
 * held some 22 vectors at once, more than x86 has registers, and moved them to and from
 * the stack every sample. The products and sums are the same, in the same order.
 */
@inline
function recursiveGroups<P>(a: Group, b: Group, st: usize, n: i32, dt: usize, from: i32, to: i32, c: usize): void {
  const w = <usize>(isVector<P>() ? 16 : 8);
  causalHead<P>(a, st, n, c);
  causalHead<P>(b, st, n, c);
  const axs = a.scratch, ays = a.scratch + <usize>n * w, bxs = b.scratch, bys = b.scratch + <usize>n * w;
  // The inputs, and each causal output's part from them, where the output will go.
  causalFeeds<P>(a.src, a.apart, b.src, b.apart, st, axs, ays, bxs, bys, n, c);
  const d1 = splatLane<P>(at(c, 4)), d2 = splatLane<P>(at(c, 5)), d3 = splatLane<P>(at(c, 6)), d4 = splatLane<P>(at(c, 7));
  let ay1 = load<P>(ays + 3 * w), ay2 = load<P>(ays + 2 * w), ay3 = load<P>(ays + w), ay4 = load<P>(ays);
  let by1 = load<P>(bys + 3 * w), by2 = load<P>(bys + 2 * w), by3 = load<P>(bys + w), by4 = load<P>(bys);
  for (let i = 4; i < n; i++) {
    const q = <usize>i * w;
    const ay = feedback<P>(load<P>(ays + q), ay1, d1, ay2, d2, ay3, d3, ay4, d4);
    const by = feedback<P>(load<P>(bys + q), by1, d1, by2, d2, by3, d3, by4, d4);
    store<P>(ays + q, ay);
    store<P>(bys + q, by);
    ay4 = ay3; ay3 = ay2; ay2 = ay1; ay1 = ay;
    by4 = by3; by3 = by2; by2 = by1; by1 = by;
  }
  // Anti-causal pass, mirrored; each kept output is the sum of both passes. Its first four
  // read the inputs' last samples, before their parts replace the inputs.
  antiCausalHead<P>(a, n, dt, from, to, c);
  antiCausalHead<P>(b, n, dt, from, to, c);
  antiCausalFeeds<P>(axs, bxs, n, c);
  const e = n - 1, azs = a.scratch + <usize>(2 * n) * w, bzs = b.scratch + <usize>(2 * n) * w;
  let q1 = load<P>(azs + 3 * w), q2 = load<P>(azs + 2 * w), q3 = load<P>(azs + w), q4 = load<P>(azs);
  let t1 = load<P>(bzs + 3 * w), t2 = load<P>(bzs + 2 * w), t3 = load<P>(bzs + w), t4 = load<P>(bzs);
  const aWrites = a.writes, aDst = a.dst, aOut = a.outApart, aBoth = a.both;
  const bWrites = b.writes, bDst = b.dst, bOut = b.outApart, bBoth = b.both;
  for (let i = e - 4; i >= 0; i--) {
    const ay = feedback<P>(load<P>(axs + <usize>i * w), q1, d1, q2, d2, q3, d3, q4, d4);
    const by = feedback<P>(load<P>(bxs + <usize>i * w), t1, d1, t2, d2, t3, d3, t4, d4);
    keptSum<P>(aWrites, aDst, aOut, aBoth, dt, from, to, ays, w, i, ay);
    keptSum<P>(bWrites, bDst, bOut, bBoth, dt, from, to, bys, w, i, by);
    q4 = q3; q3 = q2; q2 = q1; q1 = ay;
    t4 = t3; t3 = t2; t2 = t1; t1 = by;
  }
}

/**
 * Samples 4 … n − 1 of both groups' lines into their scratch (`xs`), and at `ys` each
 * causal output's part from the inputs: ((x_i·n0 + x_{i−1}·n1) + x_{i−2}·n2) + x_{i−3}·n3.
 */
@inline
function causalFeeds<P>(aSrc: usize, aApart: usize, bSrc: usize, bApart: usize, st: usize, axs: usize, ays: usize, bxs: usize, bys: usize, n: i32, c: usize): void {
  const w = <usize>(isVector<P>() ? 16 : 8);
  const n0 = splatLane<P>(at(c, 0)), n1 = splatLane<P>(at(c, 1)), n2 = splatLane<P>(at(c, 2)), n3 = splatLane<P>(at(c, 3));
  let a1 = load<P>(axs + 3 * w), a2 = load<P>(axs + 2 * w), a3 = load<P>(axs + w);
  let b1 = load<P>(bxs + 3 * w), b2 = load<P>(bxs + 2 * w), b3 = load<P>(bxs + w);
  for (let i = 4; i < n; i++) {
    const q = <usize>i * w;
    const ax = loadLane<P>(aSrc + <usize>i * st, aApart), bx = loadLane<P>(bSrc + <usize>i * st, bApart);
    store<P>(axs + q, ax);
    store<P>(ays + q, dot4<P>(ax, n0, a1, n1, a2, n2, a3, n3));
    store<P>(bxs + q, bx);
    store<P>(bys + q, dot4<P>(bx, n0, b1, n1, b2, n2, b3, n3));
    a3 = a2; a2 = a1; a1 = ax;
    b3 = b2; b2 = b1; b1 = bx;
  }
}

/**
 * Each anti-causal output's part from the inputs, ((x_{i+1}·m1 + x_{i+2}·m2) + x_{i+3}·m3)
 * + x_{i+4}·m4, for i = 0 … n − 5, over the inputs at `xs` in place (ascending: sample i is
 * read no more once its part is written).
 */
@inline
function antiCausalFeeds<P>(axs: usize, bxs: usize, n: i32, c: usize): void {
  const w = <usize>(isVector<P>() ? 16 : 8);
  const m1 = splatLane<P>(at(c, 8)), m2 = splatLane<P>(at(c, 9)), m3 = splatLane<P>(at(c, 10)), m4 = splatLane<P>(at(c, 11));
  for (let i = 0; i + 4 < n; i++) {
    const q = <usize>i * w;
    store<P>(axs + q, dot4<P>(load<P>(axs + q + w), m1, load<P>(axs + q + 2 * w), m2, load<P>(axs + q + 3 * w), m3, load<P>(axs + q + 4 * w), m4));
    store<P>(bxs + q, dot4<P>(load<P>(bxs + q + w), m1, load<P>(bxs + q + 2 * w), m2, load<P>(bxs + q + 3 * w), m3, load<P>(bxs + q + 4 * w), m4));
  }
}

/** Group scratch (reused for every call: the kernels run one at a time). */
const GROUP_A = memory.data(offsetof<Group>());
const GROUP_B = memory.data(offsetof<Group>());

/**
 * Recursive filtering (coefficients as recursiveAxis takes them) of nu × nv lines of n f64
 * samples: line (u, v) starts at element u·su + v·sv of `src`, its samples `st` apart; its
 * outputs from…to go to `dst` from element u·du + v·dv, `dt` apart. Lines go in lane groups
 * (two lines, one per f64x2 lane, in the SIMD build; one without), two groups at a time.
 * `scratch` holds 8n + 16 f64.
 */
export function recursiveLines(src: usize, st: i32, su: i32, nu: i32, sv: i32, nv: i32, n: i32, dst: usize, dt: i32, du: i32, dv: i32, from: i32, to: i32, c: usize, scratch: usize): void {
  const lanes = ASC_FEATURE_SIMD ? 2 : 1;
  const a = changetype<Group>(GROUP_A), b = changetype<Group>(GROUP_B);
  a.scratch = scratch;
  b.scratch = scratch + (<usize>(2 * n + 4) * lanes << 3);
  for (let v = 0; v < nv; v++) {
    for (let u = 0; u < nu; u += 2 * lanes) {
      // Group b is the next lanes' lines, or a's again when there are none (its outputs then not stored).
      const ub = u + lanes < nu ? u + lanes : u;
      for (let k = 0; k < 2; k++) {
        const g = k == 0 ? a : b, first = k == 0 ? u : ub;
        const paired = ASC_FEATURE_SIMD && first + 1 < nu;
        g.src = src + (<usize>(first * su + v * sv) << 3);
        g.dst = dst + (<usize>(first * du + v * dv) << 3);
        g.apart = paired ? <usize>su << 3 : 0;
        g.outApart = paired ? <usize>du << 3 : 0;
        g.both = paired;
        g.writes = k == 0 || ub != u;
      }
      if (ASC_FEATURE_SIMD) recursiveGroups<v128>(a, b, <usize>st << 3, n, <usize>dt << 3, from, to, c);
      else recursiveGroups<f64>(a, b, <usize>st << 3, n, <usize>dt << 3, from, to, c);
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
