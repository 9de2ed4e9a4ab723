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

/** Start of line p of the lines along axis. */
@inline
function lineStart(p: i32, axis: i32, sx: i32, sy: i32): i32 {
  return axis == 0 ? p * sx : axis == 1 ? (p % sx) + sx * sy * (p / sx) : p;
}

/**
 * out[k] = Σ_j taps[j]·x[k + origin − j·dilation] along axis, x continued by boundary;
 * `ext` is scratch of n + left + right f64.
 */
export function convolveAxis(data: usize, sx: i32, sy: i32, sz: i32, axis: i32, taps: usize, f: i32, origin: i32, dilation: i32, boundary: i32, out: usize, ext: usize): void {
  const n = axis == 0 ? sx : axis == 1 ? sy : sz;
  const stride = axis == 0 ? 1 : axis == 1 ? sx : sx * sy;
  const count = (sx * sy * sz) / n;
  const left = max<i32>(0, (f - 1) * dilation - origin), right = max<i32>(0, origin);
  const width = n + left + right;
  for (let p = 0; p < count; p++) {
    const base = lineStart(p, axis, sx, sy);
    for (let t = 0; t < width; t++) {
      const i = extendIndex(t - left, n, boundary);
      store<f64>(ext + (<usize>t << 3), i < 0 ? 0 : load<f64>(data + (<usize>(base + i * stride) << 3)));
    }
    for (let k = 0; k < n; k++) {
      let sum: f64 = 0;
      const at = k + origin + left;
      for (let j = 0; j < f; j++) sum += load<f64>(taps + (<usize>j << 3)) * load<f64>(ext + (<usize>(at - j * dilation) << 3));
      store<f64>(out + (<usize>(base + k * stride) << 3), sum);
    }
  }
}

@inline
function at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

/**
 * Causal + anti-causal fourth-order recursion along axis (coefficients n0…n3, d1…d4,
 * m1…m4, bn1…bn4, bm1…bm4 at `c`); `x`, `yc`, `ya` are scratch lines.
 */
export function recursiveAxis(data: usize, sx: i32, sy: i32, sz: i32, axis: i32, c: usize, out: usize, x: usize, yc: usize, ya: usize): void {
  const n = axis == 0 ? sx : axis == 1 ? sy : sz;
  const stride = axis == 0 ? 1 : axis == 1 ? sx : sx * sy;
  const count = (sx * sy * sz) / n;
  const n0 = at(c, 0), n1 = at(c, 1), n2 = at(c, 2), n3 = at(c, 3);
  const d1 = at(c, 4), d2 = at(c, 5), d3 = at(c, 6), d4 = at(c, 7);
  const m1 = at(c, 8), m2 = at(c, 9), m3 = at(c, 10), m4 = at(c, 11);
  const bn1 = at(c, 12), bn2 = at(c, 13), bn3 = at(c, 14), bn4 = at(c, 15);
  const bm1 = at(c, 16), bm2 = at(c, 17), bm3 = at(c, 18), bm4 = at(c, 19);
  for (let p = 0; p < count; p++) {
    const base = lineStart(p, axis, sx, sy);
    for (let i = 0; i < n; i++) store<f64>(x + (<usize>i << 3), load<f64>(data + (<usize>(base + i * stride) << 3)));
    const first = at(x, 0), last = at(x, n - 1);
    store<f64>(yc, first * n0 + first * n1 + first * n2 + first * n3 - (first * bn1 + first * bn2 + first * bn3 + first * bn4));
    store<f64>(yc + 8, at(x, 1) * n0 + first * n1 + first * n2 + first * n3 - (at(yc, 0) * d1 + first * bn2 + first * bn3 + first * bn4));
    store<f64>(yc + 16, at(x, 2) * n0 + at(x, 1) * n1 + first * n2 + first * n3 - (at(yc, 1) * d1 + at(yc, 0) * d2 + first * bn3 + first * bn4));
    store<f64>(yc + 24, at(x, 3) * n0 + at(x, 2) * n1 + at(x, 1) * n2 + first * n3 - (at(yc, 2) * d1 + at(yc, 1) * d2 + at(yc, 0) * d3 + first * bn4));
    for (let i = 4; i < n; i++) {
      store<f64>(yc + (<usize>i << 3),
        at(x, i) * n0 + at(x, i - 1) * n1 + at(x, i - 2) * n2 + at(x, i - 3) * n3 - (at(yc, i - 1) * d1 + at(yc, i - 2) * d2 + at(yc, i - 3) * d3 + at(yc, i - 4) * d4));
    }
    const e = n - 1;
    store<f64>(ya + (<usize>e << 3), last * m1 + last * m2 + last * m3 + last * m4 - (last * bm1 + last * bm2 + last * bm3 + last * bm4));
    store<f64>(ya + (<usize>(e - 1) << 3), at(x, e) * m1 + last * m2 + last * m3 + last * m4 - (at(ya, e) * d1 + last * bm2 + last * bm3 + last * bm4));
    store<f64>(ya + (<usize>(e - 2) << 3), at(x, e - 1) * m1 + at(x, e) * m2 + last * m3 + last * m4 - (at(ya, e - 1) * d1 + at(ya, e) * d2 + last * bm3 + last * bm4));
    store<f64>(ya + (<usize>(e - 3) << 3), at(x, e - 2) * m1 + at(x, e - 1) * m2 + at(x, e) * m3 + last * m4 - (at(ya, e - 2) * d1 + at(ya, e - 1) * d2 + at(ya, e) * d3 + last * bm4));
    for (let i = e - 4; i >= 0; i--) {
      store<f64>(ya + (<usize>i << 3),
        at(x, i + 1) * m1 + at(x, i + 2) * m2 + at(x, i + 3) * m3 + at(x, i + 4) * m4 - (at(ya, i + 1) * d1 + at(ya, i + 2) * d2 + at(ya, i + 3) * d3 + at(ya, i + 4) * d4));
    }
    for (let i = 0; i < n; i++) store<f64>(out + (<usize>(base + i * stride) << 3), at(yc, i) + at(ya, i));
  }
}
