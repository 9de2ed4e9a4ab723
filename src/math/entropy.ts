/**
 * Shannon entropy and the base-2 logarithm it uses. The logarithm is computed here, with
 * IEEE arithmetic only, and the WebAssembly kernels compute it with the same operations in
 * the same order (src/kernels/assembly/entropy.ts): entropies are then the same bits on every
 * backend and in every JavaScript engine. `Math.log2` cannot serve: WebAssembly would have
 * to call it through JavaScript (22 against 8 ns a call here), and engines round it
 * differently (Node 20 and Chromium 156 differ in the last bit of `Math.log`).
 *
 * Method: x = 2^k · m with m in (√½, √2], f = m − 1 and s = f/(2 + f); then
 * ln(1 + f) = f − (f²/2 − s (f²/2 + R(s²))), where R is the minimax polynomial of degree 7
 * in s² for ln((1 + s)/(1 − s)) − 2s published with fdlibm (coefficients L1 … L7 below), and
 * log₂ x = k + ln(1 + f) · log₂ e. Within two ulps of the exact value (tested against
 * `Math.log2`), exact at powers of two.
 * @module
 */

/** fdlibm's coefficients of R(z) = L1 z + … + L7 z⁷ ≈ ln((1 + s)/(1 − s)) − 2s, z = s². */
const L1 = 6.666666666666735130e-1, L2 = 3.999999999940941908e-1, L3 = 2.857142874366239149e-1, L4 = 2.222219843214978396e-1;
const L5 = 1.818357216161805012e-1, L6 = 1.531383769920937332e-1, L7 = 1.479819860511658591e-1;
/** 2⁵⁴: brings a subnormal x into the normal range. */
const TWO_54 = 18014398509481984;
const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** A double's bits: the high word (sign, exponent, top of the mantissa) is words[1] on little-endian hosts. */
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;
/**
 * 2^(1023 − e) for each biased exponent e of a normal double: x · SCALE[e] is x's mantissa
 * in [1, 2), exactly (a product by a power of two). Reading the exponent and scaling avoids
 * writing the double's bits back, which stalls the store-to-load path (18 against 40 ns).
 */
const SCALE = new Float64Array(2047);
SCALE[1023] = 1;
for (let e = 1024; e < 2047; e++) SCALE[e] = SCALE[e - 1]! / 2;
for (let e = 1022; e > 0; e--) SCALE[e] = SCALE[e + 1]! * 2;

/** log₂ x, the same bits in every engine (see the module comment); −∞ at 0, NaN below. */
export function log2(x: number): number {
  if (!(x > 0 && x < Infinity)) return x === 0 ? -Infinity : x === Infinity ? Infinity : NaN;
  let k = 0;
  if (x < SMALLEST_NORMAL) {
    x *= TWO_54;
    k = -54;
  }
  bits[0] = x;
  const exponent = words[HIGH]! >>> 20;
  let m = x * SCALE[exponent]!;
  k += exponent - 1023;
  if (m > Math.SQRT2) {
    m *= 0.5;
    k += 1;
  }
  const f = m - 1;
  const s = f / (2 + f), z = s * s, w = z * z;
  const r = z * (L1 + w * (L3 + w * (L5 + w * L7))) + w * (L2 + w * (L4 + w * L6));
  const half = 0.5 * f * f;
  return k + (f - (half - s * (half + r))) * Math.LOG2E;
}

/**
 * Shannon entropy −Σ p log₂(p + ε) over the probabilities p > 0 (in `scale` units:
 * each value is divided by `scale` first). ε = 0 gives the IBSI form; PyRadiomics adds
 * machine epsilon (`MACHINE_EPSILON`), which makes a certain outcome give −3.2·10⁻¹⁶ instead of 0.
 */
export function entropy(values: ArrayLike<number>, eps = 0, scale = 1): number {
  let h = 0;
  for (let i = 0; i < values.length; i++) {
    const p = values[i]! / scale;
    if (p > 0) h -= p * log2(p + eps);
  }
  return h;
}
