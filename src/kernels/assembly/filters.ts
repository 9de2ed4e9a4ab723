// Filter kernels in AssemblyScript, the twins of ../filters.ts: finite convolution and
// fourth-order recursive filtering along one axis of an x-fastest f64 volume. Same
// arithmetic in the same order as the TypeScript, so both give the same bits.

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

/** row[b] += other[b] for the first `lanes` lanes. */
@inline
function addRows(row: usize, other: usize, lanes: i32): void {
  let b = 0;
  if (ASC_FEATURE_SIMD) {
    for (; b + 1 < lanes; b += 2) {
      const q = <usize>b << 3;
      v128.store(row + q, f64x2.add(v128.load(row + q), v128.load(other + q)));
    }
  }
  for (; b < lanes; b++) {
    const q = <usize>b << 3;
    store<f64>(row + q, load<f64>(row + q) + load<f64>(other + q));
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

/**
 * Causal + anti-causal fourth-order recursion along axis (coefficients n0…n3, d1…d4,
 * m1…m4, bn1…bn4, bm1…bm4 at `c`); `x`, `yc`, `ya` are scratch of n × LANES f64.
 */
export function recursiveAxis(data: usize, sx: i32, sy: i32, sz: i32, axis: i32, c: usize, from: i32, to: i32, out: usize, x: usize, yc: usize, ya: usize): void {
  const n = axis == 0 ? sx : axis == 1 ? sy : sz;
  const ox = axis == 0 ? to - from + 1 : sx, oy = axis == 1 ? to - from + 1 : sy;
  const outStride = axis == 0 ? 1 : axis == 1 ? ox : ox * oy;
  const stride = axis == 0 ? 1 : axis == 1 ? sx : sx * sy;
  const count = (sx * sy * sz) / n;
  const L = LANES;
  const n0 = at(c, 0), n1 = at(c, 1), n2 = at(c, 2), n3 = at(c, 3);
  const d1 = at(c, 4), d2 = at(c, 5), d3 = at(c, 6), d4 = at(c, 7);
  const m1 = at(c, 8), m2 = at(c, 9), m3 = at(c, 10), m4 = at(c, 11);
  const bn1 = at(c, 12), bn2 = at(c, 13), bn3 = at(c, 14), bn4 = at(c, 15);
  const bm1 = at(c, 16), bm2 = at(c, 17), bm3 = at(c, 18), bm4 = at(c, 19);
  const e = n - 1;
  for (let p0 = 0; p0 < count; p0 += L) {
    const lanes = min<i32>(L, count - p0);
    const consecutive = blockStarts(p0, lanes, axis, sx, sy, ox, oy);
    for (let i = 0; i < n; i++) gatherRow(x + (<usize>(i * L) << 3), data, i, stride, lanes, consecutive);
    for (let b = 0; b < L; b++) {
      const first = at(x, b), last = at(x, e * L + b);
      store<f64>(yc + (<usize>b << 3), first * n0 + first * n1 + first * n2 + first * n3 - (first * bn1 + first * bn2 + first * bn3 + first * bn4));
      store<f64>(yc + (<usize>(L + b) << 3), at(x, L + b) * n0 + first * n1 + first * n2 + first * n3 - (at(yc, b) * d1 + first * bn2 + first * bn3 + first * bn4));
      store<f64>(yc + (<usize>(2 * L + b) << 3), at(x, 2 * L + b) * n0 + at(x, L + b) * n1 + first * n2 + first * n3 - (at(yc, L + b) * d1 + at(yc, b) * d2 + first * bn3 + first * bn4));
      store<f64>(yc + (<usize>(3 * L + b) << 3),
        at(x, 3 * L + b) * n0 + at(x, 2 * L + b) * n1 + at(x, L + b) * n2 + first * n3 - (at(yc, 2 * L + b) * d1 + at(yc, L + b) * d2 + at(yc, b) * d3 + first * bn4));
      store<f64>(ya + (<usize>(e * L + b) << 3), last * m1 + last * m2 + last * m3 + last * m4 - (last * bm1 + last * bm2 + last * bm3 + last * bm4));
      store<f64>(ya + (<usize>((e - 1) * L + b) << 3), at(x, e * L + b) * m1 + last * m2 + last * m3 + last * m4 - (at(ya, e * L + b) * d1 + last * bm2 + last * bm3 + last * bm4));
      store<f64>(ya + (<usize>((e - 2) * L + b) << 3),
        at(x, (e - 1) * L + b) * m1 + at(x, e * L + b) * m2 + last * m3 + last * m4 - (at(ya, (e - 1) * L + b) * d1 + at(ya, e * L + b) * d2 + last * bm3 + last * bm4));
      store<f64>(ya + (<usize>((e - 3) * L + b) << 3),
        at(x, (e - 2) * L + b) * m1 + at(x, (e - 1) * L + b) * m2 + at(x, e * L + b) * m3 + last * m4 -
          (at(ya, (e - 2) * L + b) * d1 + at(ya, (e - 1) * L + b) * d2 + at(ya, e * L + b) * d3 + last * bm4));
    }
    for (let i = 4; i < n; i++) recursionRow(x + (<usize>(i * L) << 3), yc + (<usize>(i * L) << 3), -(L << 3), n0, n1, n2, n3, d1, d2, d3, d4);
    for (let i = e - 4; i >= 0; i--) recursionRow(x + (<usize>((i + 1) * L) << 3), ya + (<usize>(i * L) << 3), L << 3, m1, m2, m3, m4, d1, d2, d3, d4);
    for (let i = from; i <= to; i++) {
      // The sum yc + ya lands in yc's row, then moves to the output like any row.
      const row = yc + (<usize>(i * L) << 3);
      addRows(row, ya + (<usize>(i * L) << 3), lanes);
      scatterRow(out, row, i - from, outStride, lanes, consecutive);
    }
  }
}

/**
 * One row of a recursion, every lane: y[b] = Σ_{k=0}^{3} f_k·x_k[b] − Σ_{k=1}^{4} d_k·y_k[b], where
 * x_k is the input row k steps away from `xs` and y_k the output row k steps from `ys`
 * (`step` bytes a row: −row for the causal pass, +row for the anti-causal one).
 */
@inline
function recursionRow(xs: usize, ys: usize, step: isize, f0: f64, f1: f64, f2: f64, f3: f64, d1: f64, d2: f64, d3: f64, d4: f64): void {
  if (ASC_FEATURE_SIMD) {
    const v0 = f64x2.splat(f0), v1 = f64x2.splat(f1), v2 = f64x2.splat(f2), v3 = f64x2.splat(f3);
    const w1 = f64x2.splat(d1), w2 = f64x2.splat(d2), w3 = f64x2.splat(d3), w4 = f64x2.splat(d4);
    for (let b = 0; b < LANES; b += 2) {
      const q = <usize>b << 3;
      const feed = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(v128.load(xs + q), v0), f64x2.mul(v128.load(xs + step + q), v1)), f64x2.mul(v128.load(xs + 2 * step + q), v2)), f64x2.mul(v128.load(xs + 3 * step + q), v3));
      const back = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(v128.load(ys + step + q), w1), f64x2.mul(v128.load(ys + 2 * step + q), w2)), f64x2.mul(v128.load(ys + 3 * step + q), w3)), f64x2.mul(v128.load(ys + 4 * step + q), w4));
      v128.store(ys + q, f64x2.sub(feed, back));
    }
  } else {
    for (let b = 0; b < LANES; b++) {
      const q = <usize>b << 3;
      store<f64>(ys + q,
        load<f64>(xs + q) * f0 + load<f64>(xs + step + q) * f1 + load<f64>(xs + 2 * step + q) * f2 + load<f64>(xs + 3 * step + q) * f3 -
          (load<f64>(ys + step + q) * d1 + load<f64>(ys + 2 * step + q) * d2 + load<f64>(ys + 3 * step + q) * d3 + load<f64>(ys + 4 * step + q) * d4));
    }
  }
}
