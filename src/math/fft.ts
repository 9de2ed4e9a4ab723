/**
 * Fast Fourier transforms (iterative radix-2, in place) on separate real and imaginary
 * Float64Arrays, in one and three dimensions. Lengths must be powers of two.
 * @module
 */

/** Smallest power of two ≥ n. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** In-place FFT of one line (`inverse` conjugates the twiddles and divides by n). */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len *= 2) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(angle), wi = Math.sin(angle);
    for (let start = 0; start < n; start += len) {
      let cr = 1, ci = 0;
      const half = len / 2;
      for (let k = 0; k < half; k++) {
        const a = start + k, b = a + half;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i]! /= n;
      im[i]! /= n;
    }
  }
}

/** In-place 3-D FFT of an x-fastest array of size [mx, my, mz] (each a power of two). */
export function fft3d(re: Float64Array, im: Float64Array, size: readonly [number, number, number], inverse = false): void {
  const [mx, my, mz] = size;
  const strides = [1, mx, mx * my];
  for (let axis = 0; axis < 3; axis++) {
    const n = size[axis]!;
    if (n === 1) continue;
    const stride = strides[axis]!;
    const lineRe = new Float64Array(n), lineIm = new Float64Array(n);
    const total = mx * my * mz;
    for (let base = 0; base < total; base++) {
      // Lines start where the axis index is 0.
      if (Math.floor(base / stride) % n !== 0) continue;
      for (let k = 0; k < n; k++) {
        lineRe[k] = re[base + k * stride]!;
        lineIm[k] = im[base + k * stride]!;
      }
      fft(lineRe, lineIm, inverse);
      for (let k = 0; k < n; k++) {
        re[base + k * stride] = lineRe[k]!;
        im[base + k * stride] = lineIm[k]!;
      }
    }
  }
}
