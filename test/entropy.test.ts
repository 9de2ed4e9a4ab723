// The engine-independent log₂ of the entropies (src/math/entropy.ts): against Math.log2, and
// exact where the answer is.
import { describe, expect, it } from "vitest";
import { entropy, log2 } from "../src/math/entropy.js";

/** The distance between x and the next double away from zero. */
function ulp(x: number): number {
  const b = new Float64Array([Math.abs(x)]);
  const u = new BigUint64Array(b.buffer);
  u[0]! += 1n;
  return b[0]! - Math.abs(x);
}

describe("log2", () => {
  it("is within an ulp of Math.log2 from subnormals to the largest double, and near 1", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = i % 3 === 0 ? rnd() : i % 3 === 1 ? rnd() * 10 ** (rnd() * 616 - 308) : 1 + (rnd() - 0.5) * 1e-6;
      if (!(x > 0)) continue;
      worst = Math.max(worst, Math.abs(log2(x) - Math.log2(x)) / ulp(Math.log2(x) || 1));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("is exact at powers of two, subnormal ones included, and has the limits of a logarithm", () => {
    for (let k = -1074; k <= 1023; k++) expect(log2(2 ** k), String(k)).toBe(k);
    expect([log2(0), log2(Infinity), log2(-1), log2(NaN)]).toEqual([-Infinity, Infinity, NaN, NaN]);
  });
});

describe("entropy", () => {
  it("counts bits by hand: a fair coin 1, four equal outcomes 2, a certain one 0 (ε = 0)", () => {
    expect(entropy([0.5, 0.5])).toBe(1);
    expect(entropy([0.25, 0.25, 0.25, 0.25])).toBe(2);
    expect(entropy([1, 0])).toBe(0);
    expect(entropy([3, 1], 0, 4)).toBeCloseTo(0.8112781244591328, 15);
  });
});
