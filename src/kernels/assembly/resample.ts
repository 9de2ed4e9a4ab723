// Resampling along one axis in AssemblyScript, the twin of resample() in
// ../../preprocess/resample.ts: each line along the axis is copied out, B-spline
// prefiltered when asked, interpolated at the new positions and written to the output.
// The loader passes the B-spline pole z and z^(2n−2) computed by JavaScript's Math, so
// both backends use the same constants; the rest is the same arithmetic in the same order.

/** Mirror an index into [0, n − 1] (period 2n − 2). */
export function mirror(i: i32, n: i32): i32 {
  if (n == 1) return 0;
  const period = 2 * n - 2;
  let m = ((i % period) + period) % period;
  if (m >= n) m = period - m;
  return m;
}

/**
 * The causal initialisation's weights of an n-point line at `w`: z^k + z^(2n−2−k) at
 * 0 < k < n − 1 and z^(n−1) at n − 1, each power by the products and quotients the
 * prefilter once took for every line (the same values, once per pass).
 */
function initWeights(n: i32, z: f64, z2n: f64, w: usize): void {
  let zk = z, zBack = z2n / z;
  for (let k = 1; k < n - 1; k++) {
    store<f64>(w + (<usize>k << 3), zk + zBack);
    zk *= z;
    zBack /= z;
  }
  store<f64>(w + (<usize>(n - 1) << 3), zk);
}

/** Recursive cubic B-spline prefilter of the n-point line at `line`, in place (`w`: its {@link initWeights}). */
function prefilter(line: usize, n: i32, z: f64, z2n: f64, w: usize): void {
  if (n < 2) return;
  for (let k = 0; k < n; k++) store<f64>(line + (<usize>k << 3), load<f64>(line + (<usize>k << 3)) * 6);
  let sum = load<f64>(line);
  for (let k = 1; k < n - 1; k++) sum += load<f64>(w + (<usize>k << 3)) * load<f64>(line + (<usize>k << 3));
  sum += load<f64>(w + (<usize>(n - 1) << 3)) * load<f64>(line + (<usize>(n - 1) << 3));
  store<f64>(line, sum / (1 - z2n));
  for (let k = 1; k < n; k++) {
    const at = line + (<usize>k << 3);
    store<f64>(at, load<f64>(at) + z * load<f64>(at - 8));
  }
  const last = line + (<usize>(n - 1) << 3);
  store<f64>(last, (z / (z * z - 1)) * (load<f64>(last) + z * load<f64>(last - 8)));
  for (let k = n - 2; k >= 0; k--) {
    const at = line + (<usize>k << 3);
    store<f64>(at, z * (load<f64>(at + 8) - load<f64>(at)));
  }
}

/**
 * Each B-spline position's four taps, the same for every line of a pass: the indices (i32,
 * mirrored into the line; −1 first where the position gives 0) at `idx` and the weights at
 * `taps`, four per position.
 */
function splineTaps(n: i32, positions: usize, count: i32, zero: bool, taps: usize, idx: usize): void {
  for (let k = 0; k < count; k++) {
    const p = load<f64>(positions + (<usize>k << 3));
    const at = <usize>k << 2;
    if (zero && (p < -0.5 || p >= <f64>n - 0.5)) {
      store<i32>(idx + (at << 2), -1);
      continue;
    }
    const x = zero ? p : min<f64>(<f64>(n - 1), max<f64>(0, p));
    const i = <i32>Math.floor(x);
    const t = x - <f64>i;
    const u = 1 - t, t2 = t * t, t3 = t2 * t;
    store<f64>(taps + (at << 3), (u * u * u) / 6);
    store<f64>(taps + ((at + 1) << 3), (4 - 6 * t2 + 3 * t3) / 6);
    store<f64>(taps + ((at + 2) << 3), (1 + 3 * t + 3 * t2 - 3 * t3) / 6);
    store<f64>(taps + ((at + 3) << 3), t3 / 6);
    for (let j = 0; j < 4; j++) store<i32>(idx + ((at + j) << 2), mirror(i - 1 + j, n));
  }
}

/** The value of the n-point line at position p (method 0 nearest, 1 linear). */
function sample(line: usize, n: i32, p: f64, method: i32, zero: bool): f64 {
  if (zero && (p < -0.5 || p >= <f64>n - 0.5)) return 0;
  const x = min<f64>(<f64>(n - 1), max<f64>(0, p));
  if (method == 0) return load<f64>(line + (<usize>min<i32>(n - 1, <i32>Math.floor(x + 0.5)) << 3));
  if (n == 1) return load<f64>(line);
  const i = min<i32>(n - 2, <i32>Math.floor(x));
  const t = x - <f64>i;
  return load<f64>(line + (<usize>i << 3)) * (1 - t) + load<f64>(line + (<usize>(i + 1) << 3)) * t;
}

/** The B-spline coefficients' value at position k of {@link splineTaps}. */
function splineSample(line: usize, k: i32, taps: usize, idx: usize): f64 {
  const at = <usize>k << 2;
  if (load<i32>(idx + (at << 2)) < 0) return 0;
  let v: f64 = 0;
  for (let j: usize = 0; j < 4; j++) v += load<f64>(taps + ((at + j) << 3)) * load<f64>(line + (<usize>load<i32>(idx + ((at + j) << 2)) << 3));
  return v;
}

/** The n samples of type T from `data` + `base` · size, `stride` apart, as f64 into `line` (exact for every type). */
function lineOf<T>(data: usize, base: i32, stride: i32, n: i32, line: usize): void {
  for (let k = 0; k < n; k++) store<f64>(line + (<usize>k << 3), <f64>load<T>(data + <usize>(base + k * stride) * sizeof<T>()));
}

/** {@link lineOf} of samples of `type` (codes as imageStats: i8, u8, i16, u16, i32, u32, f32, f64). */
function readLine(data: usize, type: i32, base: i32, stride: i32, n: i32, line: usize): void {
  switch (type) {
    case 0: lineOf<i8>(data, base, stride, n, line); break;
    case 1: lineOf<u8>(data, base, stride, n, line); break;
    case 2: lineOf<i16>(data, base, stride, n, line); break;
    case 3: lineOf<u16>(data, base, stride, n, line); break;
    case 4: lineOf<i32>(data, base, stride, n, line); break;
    case 5: lineOf<u32>(data, base, stride, n, line); break;
    case 6: lineOf<f32>(data, base, stride, n, line); break;
    default: lineOf<f64>(data, base, stride, n, line);
  }
}

/** Four lines' samples lo … lo + n − 1 of type T, the lines `apart` samples apart, as f64 into `lines` interleaved (sample k of line j at 4k + j). */
function linesOf<T>(data: usize, base: i32, apart: i32, stride: i32, lo: i32, n: i32, lines: usize): void {
  for (let k = lo; k < lo + n; k++) {
    const at = base + k * stride, to = lines + (<usize>k << 5);
    for (let j = 0; j < 4; j++) store<f64>(to + (<usize>j << 3), <f64>load<T>(data + <usize>(at + j * apart) * sizeof<T>()));
  }
}

/** {@link linesOf} for samples of `type` (codes as {@link readLine}). */
function readLines(data: usize, type: i32, base: i32, apart: i32, stride: i32, lo: i32, n: i32, lines: usize): void {
  switch (type) {
    case 0: linesOf<i8>(data, base, apart, stride, lo, n, lines); break;
    case 1: linesOf<u8>(data, base, apart, stride, lo, n, lines); break;
    case 2: linesOf<i16>(data, base, apart, stride, lo, n, lines); break;
    case 3: linesOf<u16>(data, base, apart, stride, lo, n, lines); break;
    case 4: linesOf<i32>(data, base, apart, stride, lo, n, lines); break;
    case 5: linesOf<u32>(data, base, apart, stride, lo, n, lines); break;
    case 6: linesOf<f32>(data, base, apart, stride, lo, n, lines); break;
    default: linesOf<f64>(data, base, apart, stride, lo, n, lines);
  }
}

/**
 * {@link prefilter} of four n-point lines interleaved at `lines` (sample k of line j at
 * 4k + j): each line's arithmetic in the same order, so the same values; the four
 * recursions, each waiting on its last output, run side by side.
 */
function prefilter4(lines: usize, n: i32, z: f64, z2n: f64, w: usize): void {
  if (n < 2) return;
  for (let k = 0; k < 4 * n; k++) store<f64>(lines + (<usize>k << 3), load<f64>(lines + (<usize>k << 3)) * 6);
  let s0 = load<f64>(lines), s1 = load<f64>(lines + 8), s2 = load<f64>(lines + 16), s3 = load<f64>(lines + 24);
  for (let k = 1; k < n; k++) {
    const wk = load<f64>(w + (<usize>k << 3)), at = lines + (<usize>k << 5);
    s0 += wk * load<f64>(at);
    s1 += wk * load<f64>(at + 8);
    s2 += wk * load<f64>(at + 16);
    s3 += wk * load<f64>(at + 24);
  }
  const gain = 1 - z2n;
  store<f64>(lines, s0 / gain);
  store<f64>(lines + 8, s1 / gain);
  store<f64>(lines + 16, s2 / gain);
  store<f64>(lines + 24, s3 / gain);
  for (let k = 1; k < n; k++) {
    const at = lines + (<usize>k << 5);
    for (let j: usize = 0; j < 32; j += 8) store<f64>(at + j, load<f64>(at + j) + z * load<f64>(at - 32 + j));
  }
  const last = lines + (<usize>(n - 1) << 5), edge = z / (z * z - 1);
  for (let j: usize = 0; j < 32; j += 8) store<f64>(last + j, edge * (load<f64>(last + j) + z * load<f64>(last - 32 + j)));
  for (let k = n - 2; k >= 0; k--) {
    const at = lines + (<usize>k << 5);
    for (let j: usize = 0; j < 32; j += 8) store<f64>(at + j, z * (load<f64>(at + 32 + j) - load<f64>(at + j)));
  }
}

/**
 * Each position of {@link splineTaps} on four lines interleaved at `lines`, as
 * {@link splineSample} on each: written to `out` from `base`, the lines `apart` and the
 * positions `step` apart.
 */
function splineSamples4(lines: usize, count: i32, taps: usize, idx: usize, out: usize, base: i32, apart: i32, step: i32): void {
  for (let k = 0; k < count; k++) {
    const at = <usize>k << 2;
    let v0: f64 = 0, v1: f64 = 0, v2: f64 = 0, v3: f64 = 0;
    if (load<i32>(idx + (at << 2)) >= 0) {
      for (let j: usize = 0; j < 4; j++) {
        const t = load<f64>(taps + ((at + j) << 3)), from = lines + (<usize>load<i32>(idx + ((at + j) << 2)) << 5);
        v0 += t * load<f64>(from);
        v1 += t * load<f64>(from + 8);
        v2 += t * load<f64>(from + 16);
        v3 += t * load<f64>(from + 24);
      }
    }
    const o = out + (<usize>(base + k * step) << 3), gap = <usize>apart << 3;
    store<f64>(o, v0);
    store<f64>(o + gap, v1);
    store<f64>(o + 2 * gap, v2);
    store<f64>(o + 3 * gap, v3);
  }
}

/**
 * The first and last sample of an n-point line that interpolation at `count` positions
 * reads: for B-spline coefficients already made, the taps' indices (see {@link splineTaps});
 * for nearest and linear, the two samples around each position (positions beyond the line
 * read its end), as readRange in ../../preprocess/resample.ts. Written to `range` (2 i32).
 */
function samplesRead(n: i32, positions: usize, count: i32, method: i32, idx: usize, range: usize): void {
  let lo = n - 1, hi = 0;
  if (method == 2) {
    for (let k = 0; k < count; k++) {
      const at = idx + (<usize>k << 4);
      if (load<i32>(at) < 0) continue;
      for (let j: usize = 0; j < 4; j++) {
        const i = load<i32>(at + (j << 2));
        lo = min(lo, i);
        hi = max(hi, i);
      }
    }
  } else {
    let first = <f64>(n - 1), last: f64 = 0;
    for (let k = 0; k < count; k++) {
      const x = min<f64>(<f64>(n - 1), max<f64>(0, load<f64>(positions + (<usize>k << 3))));
      first = min(first, x);
      last = max(last, x);
    }
    lo = max(0, <i32>Math.floor(first) - 1);
    hi = min(n - 1, <i32>Math.floor(last) + 2);
  }
  store<i32>(range, lo);
  store<i32>(range + 4, hi);
}

/**
 * Resamples the volume at `data` (sx × sy × sz, x fastest; samples of `type`, codes as
 * {@link readLine}) along `axis` to `count` positions (f64, in old index units) into `out`
 * (f64, the same size but `count` along the axis). `prefiltered`: the lines are B-spline
 * coefficients already ({@link prefilterAxis}), so each line is read only where the
 * positions' taps fall (a slab of a pass's positions reads a part of each line). Scratch:
 * `line` of four times the axis length and `w` of the axis length (f64), and for B-splines
 * `taps` (4 f64 a position) and `idx` (4 i32 a position); `range` 2 i32.
 */
export function resampleAxis(
  data: usize, type: i32, sx: i32, sy: i32, sz: i32, axis: i32, positions: usize, count: i32, method: i32, zero: bool, prefiltered: bool,
  z: f64, z2n: f64, out: usize, line: usize, w: usize, taps: usize, idx: usize, range: usize,
): void {
  const n = axis == 0 ? sx : axis == 1 ? sy : sz;
  const stride = axis == 0 ? 1 : axis == 1 ? sx : sx * sy;
  const nx = axis == 0 ? count : sx, ny = axis == 1 ? count : sy;
  const newStride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
  const n1 = axis == 0 ? sy : sx, n2 = axis == 2 ? sy : sz;
  const filters = method == 2 && !prefiltered;
  if (method == 2) {
    if (filters && n >= 2) initWeights(n, z, z2n, w);
    splineTaps(n, positions, count, zero, taps, idx);
  }
  // The prefilter reads whole lines; interpolation only the samples its positions read.
  if (filters) {
    store<i32>(range, 0);
    store<i32>(range + 4, n - 1);
  } else {
    samplesRead(n, positions, count, method, idx, range);
  }
  const lo = load<i32>(range), read = load<i32>(range + 4) - lo + 1;
  // Neighbouring lines: along x for the x pass's, else along y.
  const apart = axis == 0 ? sx : 1, newApart = axis == 0 ? nx : 1;
  for (let q = 0; q < n2; q++) {
    let p = 0;
    // B-splines four lines at a time (their recursions side by side), the rest one by one.
    if (method == 2) {
      for (; p + 4 <= n1; p += 4) {
        const x = axis == 0 ? 0 : p, y = axis == 1 ? 0 : axis == 0 ? p : q, zz = axis == 2 ? 0 : q;
        if (read > 0) readLines(data, type, x + sx * (y + sy * zz), apart, stride, lo, read, line);
        if (filters) prefilter4(line, n, z, z2n, w);
        splineSamples4(line, count, taps, idx, out, x + nx * (y + ny * zz), newApart, newStride);
      }
    }
    for (; p < n1; p++) {
      const x = axis == 0 ? 0 : p, y = axis == 1 ? 0 : axis == 0 ? p : q, zz = axis == 2 ? 0 : q;
      const base = x + sx * (y + sy * zz);
      const newBase = x + nx * (y + ny * zz);
      if (read > 0) readLine(data, type, base + lo * stride, stride, read, line + (<usize>lo << 3));
      if (method == 2) {
        if (filters) prefilter(line, n, z, z2n, w);
        for (let k = 0; k < count; k++) store<f64>(out + (<usize>(newBase + k * newStride) << 3), splineSample(line, k, taps, idx));
      } else {
        for (let k = 0; k < count; k++) {
          store<f64>(out + (<usize>(newBase + k * newStride) << 3), sample(line, n, load<f64>(positions + (<usize>k << 3)), method, zero));
        }
      }
    }
  }
}

/**
 * Replaces every line along `axis` of the f64 volume at `data` (sx × sy × sz) by its cubic
 * B-spline coefficients ({@link prefilter}), in place: what {@link resampleAxis} makes of
 * each line before interpolating, made once when a pass's positions are taken a slab at a
 * time. Scratch: `line` of four times the axis length and `w` of the axis length (f64).
 */
export function prefilterAxis(data: usize, sx: i32, sy: i32, sz: i32, axis: i32, z: f64, z2n: f64, line: usize, w: usize): void {
  const n = axis == 0 ? sx : axis == 1 ? sy : sz;
  if (n < 2) return;
  const stride = axis == 0 ? 1 : axis == 1 ? sx : sx * sy;
  const n1 = axis == 0 ? sy : sx, n2 = axis == 2 ? sy : sz;
  initWeights(n, z, z2n, w);
  const apart = axis == 0 ? sx : 1;
  for (let q = 0; q < n2; q++) {
    let p = 0;
    for (; p + 4 <= n1; p += 4) {
      const x = axis == 0 ? 0 : p, y = axis == 1 ? 0 : axis == 0 ? p : q, zz = axis == 2 ? 0 : q;
      const base = x + sx * (y + sy * zz);
      linesOf<f64>(data, base, apart, stride, 0, n, line);
      prefilter4(line, n, z, z2n, w);
      for (let k = 0; k < n; k++) {
        for (let j = 0; j < 4; j++) store<f64>(data + (<usize>(base + j * apart + k * stride) << 3), load<f64>(line + (<usize>(4 * k + j) << 3)));
      }
    }
    for (; p < n1; p++) {
      const x = axis == 0 ? 0 : p, y = axis == 1 ? 0 : axis == 0 ? p : q, zz = axis == 2 ? 0 : q;
      const base = x + sx * (y + sy * zz);
      lineOf<f64>(data, base, stride, n, line);
      prefilter(line, n, z, z2n, w);
      for (let k = 0; k < n; k++) store<f64>(data + (<usize>(base + k * stride) << 3), load<f64>(line + (<usize>k << 3)));
    }
  }
}
