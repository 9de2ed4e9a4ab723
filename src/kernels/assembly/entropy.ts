// Entropy and its log₂: the twins of entropy and log2 in ../../math/entropy.ts (method and
// coefficients described there), the same operations in the same order, so the same bits.
import { at } from "./memory";

const L1: f64 = 6.666666666666735130e-1, L2: f64 = 3.999999999940941908e-1, L3: f64 = 2.857142874366239149e-1, L4: f64 = 2.222219843214978396e-1;
const L5: f64 = 1.818357216161805012e-1, L6: f64 = 1.531383769920937332e-1, L7: f64 = 1.479819860511658591e-1;
const TWO_54: f64 = 18014398509481984;
const SMALLEST_NORMAL: f64 = 2.2250738585072014e-308;
const SQRT2: f64 = 1.4142135623730951;
const LOG2E: f64 = 1.4426950408889634;

/** log₂ x; −∞ at 0, NaN below. Inlined: the entropies' loops call it once a cell. */
@inline
export function log2(x: f64): f64 {
  if (!(x > 0 && x < Infinity)) return x == 0 ? -Infinity : x == Infinity ? Infinity : NaN;
  let k: i32 = -1023;
  if (x < SMALLEST_NORMAL) {
    x *= TWO_54;
    k -= 54;
  }
  const bits = reinterpret<u64>(x);
  k += <i32>(bits >> 52);
  let m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (m > SQRT2) {
    m *= 0.5;
    k += 1;
  }
  const f = m - 1;
  const s = f / (2 + f), z = s * s, w = z * z;
  const r = z * (L1 + w * (L3 + w * (L5 + w * L7))) + w * (L2 + w * (L4 + w * L6));
  const half = 0.5 * f * f;
  return <f64>k + (f - (half - s * (half + r))) * LOG2E;
}

/** −Σ q log₂(q + ε) over the q = value / `scale` > 0 of the `n` f64 at `p`, in index order. */
export function entropy(p: usize, n: i32, eps: f64, scale: f64 = 1): f64 {
  let h: f64 = 0;
  for (let k = 0; k < n; k++) {
    const v = at(p, k) / scale;
    if (v > 0) h -= v * log2(v + eps);
  }
  return h;
}
