// Fast Fourier transforms in AssemblyScript, the twin of ../../math/fft.ts: iterative
// radix-2 in place, on separate f64 real and imaginary arrays, and Bluestein's algorithm
// for other lengths. The loader passes each level's twiddle step (cos, sin) and each
// Bluestein chirp and chirp spectrum, computed by JavaScript, so both backends multiply
// by the same numbers and give the same bits.

/** In-place FFT of the n-point line at `re`, `im` (n a power of two); `twiddles` holds (cos, sin) per level. */
function line(re: usize, im: usize, n: i32, twiddles: usize, inverse: bool): void {
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = <usize>i << 3, b = <usize>j << 3;
      const r = load<f64>(re + a), m = load<f64>(im + a);
      store<f64>(re + a, load<f64>(re + b));
      store<f64>(im + a, load<f64>(im + b));
      store<f64>(re + b, r);
      store<f64>(im + b, m);
    }
  }
  let level = 0;
  for (let len = 2; len <= n; len <<= 1, level++) {
    const wr = load<f64>(twiddles + (<usize>level << 4)), wi = load<f64>(twiddles + (<usize>level << 4) + 8);
    const half = len >> 1;
    for (let start = 0; start < n; start += len) {
      let cr: f64 = 1, ci: f64 = 0;
      for (let k = 0; k < half; k++) {
        const a = <usize>(start + k) << 3, b = <usize>(start + k + half) << 3;
        const rb = load<f64>(re + b), ib = load<f64>(im + b);
        const tr = rb * cr - ib * ci;
        const ti = rb * ci + ib * cr;
        const ra = load<f64>(re + a), ia = load<f64>(im + a);
        store<f64>(re + b, ra - tr);
        store<f64>(im + b, ia - ti);
        store<f64>(re + a, ra + tr);
        store<f64>(im + a, ia + ti);
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      const a = <usize>i << 3;
      store<f64>(re + a, load<f64>(re + a) / <f64>n);
      store<f64>(im + a, load<f64>(im + a) / <f64>n);
    }
  }
}

/**
 * In-place n-point DFT of the line at `re`, `im` by Bluestein's algorithm: chirp (cos, sin
 * pairs) at `chirp`, the m-point spectrum of the conjugate chirp at `specRe`/`specIm`,
 * radix-2 steps for m at `forward`/`backward`; `workRe`/`workIm` are scratch of m.
 */
function bluestein(re: usize, im: usize, n: i32, m: i32, chirp: usize, specRe: usize, specIm: usize, forward: usize, backward: usize, inverse: bool, workRe: usize, workIm: usize): void {
  memory.fill(workRe, 0, <usize>m << 3);
  memory.fill(workIm, 0, <usize>m << 3);
  for (let k = 0; k < n; k++) {
    const c = load<f64>(chirp + (<usize>(2 * k) << 3)), s = load<f64>(chirp + (<usize>(2 * k + 1) << 3));
    const a = <usize>k << 3;
    const x = load<f64>(re + a), y = load<f64>(im + a);
    store<f64>(workRe + a, x * c - y * s);
    store<f64>(workIm + a, x * s + y * c);
  }
  line(workRe, workIm, m, forward, false);
  for (let k = 0; k < m; k++) {
    const q = <usize>k << 3;
    const a = load<f64>(workRe + q), b = load<f64>(workIm + q), c = load<f64>(specRe + q), d = load<f64>(specIm + q);
    store<f64>(workRe + q, a * c - b * d);
    store<f64>(workIm + q, a * d + b * c);
  }
  line(workRe, workIm, m, backward, true);
  for (let k = 0; k < n; k++) {
    const c = load<f64>(chirp + (<usize>(2 * k) << 3)), s = load<f64>(chirp + (<usize>(2 * k + 1) << 3));
    const a = <usize>k << 3;
    const x = load<f64>(workRe + a), y = load<f64>(workIm + a);
    const r = x * c - y * s, i = x * s + y * c;
    store<f64>(re + a, inverse ? r / <f64>n : r);
    store<f64>(im + a, inverse ? i / <f64>n : i);
  }
}

/**
 * In-place 3-D FFT of an x-fastest mx × my × mz complex array (`re`, `im`), axis by axis.
 * `twiddles` holds, per axis, 32 (cos, sin) pairs by level (for that axis's direction of
 * transform); `lineRe`/`lineIm` are scratch of max(size) f64. An axis whose length is not a
 * power of two has a Bluestein plan at `plans` (per axis four u32: m, and the addresses of
 * its chirp and of the real and imaginary parts of its chirp spectrum); `steps` holds the
 * radix-2 steps forward then backward (32 pairs each), `workRe`/`workIm` scratch of max m.
 */
export function fft3d(re: usize, im: usize, mx: i32, my: i32, mz: i32, twiddles: usize, inverse: bool, lineRe: usize, lineIm: usize, plans: usize, steps: usize, workRe: usize, workIm: usize): void {
  const total = mx * my * mz;
  for (let axis = 0; axis < 3; axis++) {
    const n = axis == 0 ? mx : axis == 1 ? my : mz;
    if (n == 1) continue;
    const stride = axis == 0 ? 1 : axis == 1 ? mx : mx * my;
    const levels = twiddles + (<usize>axis << 9);
    const plan = plans + (<usize>axis << 4);
    const m = load<u32>(plan);
    for (let base = 0; base < total; base++) {
      // Lines start where the axis index is 0.
      if ((base / stride) % n != 0) continue;
      for (let k = 0; k < n; k++) {
        const at = <usize>(base + k * stride) << 3;
        store<f64>(lineRe + (<usize>k << 3), load<f64>(re + at));
        store<f64>(lineIm + (<usize>k << 3), load<f64>(im + at));
      }
      if (m) bluestein(lineRe, lineIm, n, m, load<u32>(plan + 4), load<u32>(plan + 8), load<u32>(plan + 12), steps, steps + 512, inverse, workRe, workIm);
      else line(lineRe, lineIm, n, levels, inverse);
      for (let k = 0; k < n; k++) {
        const at = <usize>(base + k * stride) << 3;
        store<f64>(re + at, load<f64>(lineRe + (<usize>k << 3)));
        store<f64>(im + at, load<f64>(lineIm + (<usize>k << 3)));
      }
    }
  }
}
