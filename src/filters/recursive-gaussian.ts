/**
 * Deriche's recursive approximation of the Gaussian and its second derivative, with the
 * normalisations ITK's `RecursiveGaussianImageFilter` applies (the filter behind
 * SimpleITK's `LaplacianRecursiveGaussianImageFilter`, which PyRadiomics' LoG calls).
 *
 * Deriche (1993, INRIA RR-1893) fits g(x) ≈ Σ_{i=1,2} (a_i cos(w_i x/σ) + b_i sin(w_i x/σ)) e^{l_i x/σ}
 * for x ≥ 0; the fit's figures (a, b, w, l per derivative order) are published in that report.
 * Each exponential–sinusoid pair becomes a second-order recursion; together a causal and an
 * anti-causal fourth-order filter whose sum approximates the convolution. The
 * feed-forward terms are scaled so that the filter's response to a constant (order 0) or
 * to x²/2 (order 2) is exact.
 * @module
 */
import type { RecursiveCoefficients } from "../kernels/filters.js";

/** Deriche's fit: the two cosine and sine weights per order (0 and 2) and the shared frequencies and decays. */
const FIT = {
  w1: 0.6681, l1: -1.3932, w2: 2.0787, l2: -1.3732,
  order0: { a1: 1.353, b1: 1.8151, a2: -0.3531, b2: 0.0902 },
  order2: { a1: -1.3563, b1: 5.2318, a2: 0.3446, b2: -2.2355 },
};

interface Moments {
  /** Σ c_k, Σ k c_k, Σ k² c_k of a coefficient set. */
  s: number;
  d: number;
  e: number;
}

/** Feedback coefficients d1…d4 (shared by all orders) for a width of `sigma` samples. */
function feedback(sigma: number): { d: [number, number, number, number]; m: Moments } {
  const c1 = Math.cos(FIT.w1 / sigma), c2 = Math.cos(FIT.w2 / sigma);
  const e1 = Math.exp(FIT.l1 / sigma), e2 = Math.exp(FIT.l2 / sigma);
  const d4 = e1 * e1 * e2 * e2;
  const d3 = -2 * c1 * e1 * e2 * e2 - 2 * c2 * e2 * e1 * e1;
  const d2 = 4 * c2 * c1 * e1 * e2 + e1 * e1 + e2 * e2;
  const d1 = -2 * (e2 * c2 + e1 * c1);
  return { d: [d1, d2, d3, d4], m: { s: 1 + d1 + d2 + d3 + d4, d: d1 + 2 * d2 + 3 * d3 + 4 * d4, e: d1 + 4 * d2 + 9 * d3 + 16 * d4 } };
}

/** Causal feed-forward coefficients n0…n3 of one order's fit, and their moments. */
function feedForward(sigma: number, { a1, b1, a2, b2 }: { a1: number; b1: number; a2: number; b2: number }): { n: [number, number, number, number]; m: Moments } {
  const s1 = Math.sin(FIT.w1 / sigma), s2 = Math.sin(FIT.w2 / sigma);
  const c1 = Math.cos(FIT.w1 / sigma), c2 = Math.cos(FIT.w2 / sigma);
  const e1 = Math.exp(FIT.l1 / sigma), e2 = Math.exp(FIT.l2 / sigma);
  const n0 = a1 + a2;
  const n1 = e2 * (b2 * s2 - (a2 + 2 * a1) * c2) + e1 * (b1 * s1 - (a1 + 2 * a2) * c1);
  const n2 = 2 * e1 * e2 * ((a1 + a2) * c2 * c1 - (b1 * c2 * s1 + b2 * c1 * s2)) + a2 * e1 * e1 + a1 * e2 * e2;
  const n3 = e2 * e1 * e1 * (b2 * s2 - a2 * c2) + e1 * e2 * e2 * (b1 * s1 - a1 * c1);
  return { n: [n0, n1, n2, n3], m: { s: n0 + n1 + n2 + n3, d: n1 + 2 * n2 + 3 * n3, e: n1 + 4 * n2 + 9 * n3 } };
}

/** Anti-causal and boundary coefficients of a symmetric (even-order) filter, packed in kernel order. */
function pack(n: readonly number[], d: readonly number[]): RecursiveCoefficients {
  const [n0, n1, n2, n3] = n as [number, number, number, number];
  const [d1, d2, d3, d4] = d as [number, number, number, number];
  const m = [n1 - d1 * n0, n2 - d2 * n0, n3 - d3 * n0, -d4 * n0];
  const sn = n0 + n1 + n2 + n3, sm = m[0]! + m[1]! + m[2]! + m[3]!, sd = 1 + d1 + d2 + d3 + d4;
  return Float64Array.from([...n, ...d, ...m, ...d.map((dk) => (dk * sn) / sd), ...d.map((dk) => (dk * sm) / sd)]);
}

/**
 * Coefficients of the recursive Gaussian of width `sigma` (physical units) along an axis
 * of spacing `spacing`: order 0 smooths (unit gain), order 2 gives the second derivative
 * in samples⁻², multiplied by σ² when `normaliseAcrossScale` (scale-normalised, as
 * PyRadiomics asks).
 */
export function recursiveGaussian(sigma: number, spacing: number, order: 0 | 2, normaliseAcrossScale: boolean): RecursiveCoefficients {
  const sigmaSamples = sigma / spacing;
  const { d, m: dm } = feedback(sigmaSamples);
  if (order === 0) {
    const { n, m } = feedForward(sigmaSamples, FIT.order0);
    // Gain of causal + anti-causal on a constant: 2 Σn / Σd − n0.
    const gain = (2 * m.s) / dm.s - n[0];
    return pack(n.map((v) => v / gain), d);
  }
  const zero = feedForward(sigmaSamples, FIT.order0), two = feedForward(sigmaSamples, FIT.order2);
  // Mix in the order-0 fit so that the filter ignores constants, then scale it to be exact on x²/2.
  const beta = -(2 * two.m.s - dm.s * two.n[0]) / (2 * zero.m.s - dm.s * zero.n[0]);
  const n = two.n.map((v, k) => v + beta * zero.n[k]!);
  const sn = two.m.s + beta * zero.m.s, dn = two.m.d + beta * zero.m.d, en = two.m.e + beta * zero.m.e;
  const alpha = (en * dm.s * dm.s - dm.e * sn * dm.s - 2 * dn * dm.d * dm.s + 2 * dm.d * dm.d * sn) / (dm.s * dm.s * dm.s);
  const scale = (normaliseAcrossScale ? sigma * sigma : 1) / alpha;
  return pack(n.map((v) => v * scale), d);
}

/** The part of a recursive filter's response that {@link recursiveReach} lets go: 2⁻⁶⁰ of its total. */
const REACH_TAIL = 2 ** -60;

/**
 * How far a recursive filter (coefficients in kernel order) reaches, in samples: the least
 * M such that each of its two impulse responses h (causal: n0…n3 forward, d1…d4 back;
 * anti-causal: m1…m4) has Σ_{j ≥ M} |h_j| ≤ 2⁻⁶⁰ Σ_j |h_j|. A line cut M samples before
 * (or after) the outputs kept, and continued by its edge value there as the whole line is
 * at its ends, gives those outputs to within 2⁻⁶⁰ Σ|h| times the line's range of values in
 * exact arithmetic: below the rounding of the passes themselves, so that in floating point
 * they differ from the whole line's by a few units in the last place. Deriche's responses
 * decay as e^{−1.3732 j/σ} (σ in samples): M is about 30 σ.
 */
export function recursiveReach(c: RecursiveCoefficients): number {
  const d = [c[4]!, c[5]!, c[6]!, c[7]!];
  const tail = (feed: readonly number[]): number => {
    // h_j = feed_j − Σ_k d_k h_{j−k}, run until 16 samples in a row are below 2⁻¹⁰⁰ of the peak.
    const h: number[] = [];
    let peak = 0, quiet = 0;
    for (let j = 0; quiet < 16; j++) {
      let v = feed[j] ?? 0;
      for (let k = 1; k <= 4 && k <= j; k++) v -= d[k - 1]! * h[j - k]!;
      h.push(v);
      peak = Math.max(peak, Math.abs(v));
      quiet = j >= feed.length && Math.abs(v) <= peak * 2 ** -100 ? quiet + 1 : 0;
    }
    const total = h.reduce((s, v) => s + Math.abs(v), 0);
    let rest = 0, m = h.length;
    while (m > 0 && rest + Math.abs(h[m - 1]!) <= REACH_TAIL * total) rest += Math.abs(h[--m]!);
    return m;
  };
  return Math.max(tail([c[0]!, c[1]!, c[2]!, c[3]!]), tail([0, c[8]!, c[9]!, c[10]!, c[11]!]));
}
