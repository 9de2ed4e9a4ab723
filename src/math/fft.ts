/**
 * Fast Fourier transforms (in place) on separate real and imaginary Float64Arrays, in one
 * and three dimensions: iterative radix-2 for powers of two, and Bluestein's chirp-z
 * algorithm for any other length (the n-point DFT as a convolution with the chirp
 * e^{∓jπk²/n}, done by radix-2 transforms of a power of two m ≥ 2n − 1).
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

/** What a Bluestein transform of length n needs: the chirp and the spectrum of its conjugate, both per direction. */
export interface BluesteinPlan {
  n: number;
  m: number;
  /** (cos, sin) of ∓π(k² mod 2n)/n, k < n, interleaved. */
  chirp: Float64Array;
  /** Real and imaginary parts of the m-point FFT of the conjugate chirp, wrapped symmetrically. */
  spectrumRe: Float64Array;
  spectrumIm: Float64Array;
}

/** The plan of an n-point transform in one direction. */
export function bluesteinPlan(n: number, inverse: boolean): BluesteinPlan {
  const m = nextPowerOfTwo(2 * n - 1);
  const sign = inverse ? 1 : -1;
  const chirp = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const angle = (sign * Math.PI * ((k * k) % (2 * n))) / n;
    chirp[2 * k] = Math.cos(angle);
    chirp[2 * k + 1] = Math.sin(angle);
  }
  const spectrumRe = new Float64Array(m), spectrumIm = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    spectrumRe[k] = chirp[2 * k]!;
    spectrumIm[k] = -chirp[2 * k + 1]!;
    if (k > 0) {
      spectrumRe[m - k] = spectrumRe[k]!;
      spectrumIm[m - k] = spectrumIm[k]!;
    }
  }
  fft(spectrumRe, spectrumIm);
  return { n, m, chirp, spectrumRe, spectrumIm };
}

/** In-place n-point DFT of one line by Bluestein's algorithm; `workRe`/`workIm` are scratch of plan.m. */
export function bluestein(re: Float64Array, im: Float64Array, plan: BluesteinPlan, inverse: boolean, workRe: Float64Array, workIm: Float64Array): void {
  const { n, m, chirp, spectrumRe, spectrumIm } = plan;
  workRe.fill(0);
  workIm.fill(0);
  for (let k = 0; k < n; k++) {
    const c = chirp[2 * k]!, s = chirp[2 * k + 1]!;
    workRe[k] = re[k]! * c - im[k]! * s;
    workIm[k] = re[k]! * s + im[k]! * c;
  }
  fft(workRe, workIm);
  for (let k = 0; k < m; k++) {
    const a = workRe[k]!, b = workIm[k]!, c = spectrumRe[k]!, d = spectrumIm[k]!;
    workRe[k] = a * c - b * d;
    workIm[k] = a * d + b * c;
  }
  fft(workRe, workIm, true);
  for (let k = 0; k < n; k++) {
    const c = chirp[2 * k]!, s = chirp[2 * k + 1]!;
    const r = workRe[k]! * c - workIm[k]! * s;
    const i = workRe[k]! * s + workIm[k]! * c;
    re[k] = inverse ? r / n : r;
    im[k] = inverse ? i / n : i;
  }
}

/** In-place 3-D FFT of an x-fastest array of size [mx, my, mz] (any lengths; `inverse` divides by the count). */
export function fft3d(re: Float64Array, im: Float64Array, size: readonly [number, number, number], inverse = false): void {
  const [mx, my, mz] = size;
  const strides = [1, mx, mx * my];
  for (let axis = 0; axis < 3; axis++) {
    const n = size[axis]!;
    if (n === 1) continue;
    const stride = strides[axis]!;
    const lineRe = new Float64Array(n), lineIm = new Float64Array(n);
    const plan = nextPowerOfTwo(n) === n ? null : bluesteinPlan(n, inverse);
    const workRe = new Float64Array(plan?.m ?? 0), workIm = new Float64Array(plan?.m ?? 0);
    const total = mx * my * mz;
    for (let base = 0; base < total; base++) {
      // Lines start where the axis index is 0.
      if (Math.floor(base / stride) % n !== 0) continue;
      for (let k = 0; k < n; k++) {
        lineRe[k] = re[base + k * stride]!;
        lineIm[k] = im[base + k * stride]!;
      }
      if (plan) bluestein(lineRe, lineIm, plan, inverse, workRe, workIm);
      else fft(lineRe, lineIm, inverse);
      for (let k = 0; k < n; k++) {
        re[base + k * stride] = lineRe[k]!;
        im[base + k * stride] = lineIm[k]!;
      }
    }
  }
}
