import { describe, expect, it } from "vitest";
import { gramSecondEigenvalue, gramTridiagonal, hypot, secondLargestEigenvalue, symmetricEigenvalues, tridiagonalEigenvalues } from "../src/math/eigen.js";

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("symmetricEigenvalues", () => {
  it("returns a diagonal matrix's entries in ascending order", () => {
    expect([...symmetricEigenvalues([3, 0, 0, 0, -1, 0, 0, 0, 2], 3)]).toEqual([-1, 2, 3]);
  });

  it("solves a 2 × 2 matrix: [[2, 1], [1, 2]] has eigenvalues 1 and 3", () => {
    const [a, b] = symmetricEigenvalues([2, 1, 1, 2], 2);
    expect(a).toBeCloseTo(1, 14);
    expect(b).toBeCloseTo(3, 14);
  });

  it("handles 1 × 1 and all-zero matrices", () => {
    expect([...symmetricEigenvalues([7], 1)]).toEqual([7]);
    expect([...symmetricEigenvalues(new Float64Array(16), 4)]).toEqual([0, 0, 0, 0]);
  });

  it("matches the closed form of the tridiagonal Toeplitz matrix (a on the diagonal, b beside it)", () => {
    const n = 40, a = 2, b = -1;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      m[i * n + i] = a;
      if (i + 1 < n) m[i * n + i + 1] = m[(i + 1) * n + i] = b;
    }
    const expected = Array.from({ length: n }, (_, k) => a + 2 * b * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort((x, y) => x - y);
    const got = symmetricEigenvalues(m, n);
    for (let k = 0; k < n; k++) expect(got[k]).toBeCloseTo(expected[k]!, 12);
  });

  it("keeps the trace and the Frobenius norm of a dense random matrix, and finds a known rank-one spectrum", () => {
    const n = 60;
    const rnd = lcg(7);
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) m[i * n + j] = m[j * n + i] = rnd() - 0.5;
    const eig = symmetricEigenvalues(m, n);
    let trace = 0, frobenius2 = 0;
    for (let i = 0; i < n; i++) trace += m[i * n + i]!;
    for (const v of m) frobenius2 += v * v;
    expect(eig.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
    expect(eig.reduce((s, v) => s + v * v, 0)).toBeCloseTo(frobenius2, 10);
    // u uᵀ has eigenvalues |u|² and n − 1 zeros.
    const u = Array.from({ length: n }, () => rnd());
    const outer = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) outer[i * n + j] = u[i]! * u[j]!;
    const spectrum = symmetricEigenvalues(outer, n);
    expect(spectrum[n - 1]).toBeCloseTo(u.reduce((s, v) => s + v * v, 0), 10);
    for (let k = 0; k < n - 1; k++) expect(Math.abs(spectrum[k]!)).toBeLessThan(1e-12);
  });
});

describe("gramTridiagonal", () => {
  it("keeps the eigenvalues of W Wᵀ: 2 × 2 W = [[1, 2], [3, 4]] gives S = [[5, 11], [11, 25]], eigenvalues 15 ∓ √221", () => {
    const { d, e } = gramTridiagonal(Float64Array.of(1, 2, 3, 4), 2, 2);
    tridiagonalEigenvalues(d, e, 2);
    const sorted = Array.from(d).sort((a, b) => a - b);
    expect(sorted[0]).toBeCloseTo(15 - Math.sqrt(221), 12);
    expect(sorted[1]).toBeCloseTo(15 + Math.sqrt(221), 12);
  });
});

describe("secondLargestEigenvalue", () => {
  it("finds the Toeplitz tridiagonal's second largest, a + 2b cos(2π/(n + 1)) with b < 0, to 1e-15", () => {
    for (const n of [2, 3, 17, 150]) {
      const d = new Float64Array(n).fill(2), e = new Float64Array(n).fill(-1);
      e[n - 1] = 0;
      expect(secondLargestEigenvalue(d, e, n)).toBeCloseTo(2 - 2 * Math.cos((n - 1) * Math.PI / (n + 1)), 15);
    }
  });

  it("agrees with the QL iterations on random tridiagonals, repeated eigenvalues and zero off-diagonals", () => {
    const rnd = lcg(19);
    const cases: Array<[number[], number[]]> = [
      [[1, 1, 1, 1], [0, 0, 0, 0]],
      [[5, 5, 0.5], [0, 1e-300, 0]],
      [[0, 0], [1, 0]],
    ];
    for (let k = 0; k < 40; k++) {
      const n = 2 + Math.floor(rnd() * 60);
      cases.push([Array.from({ length: n }, () => rnd() * 2 - 0.5), [...Array.from({ length: n - 1 }, () => (rnd() < 0.2 ? 0 : rnd() - 0.5)), 0]]);
    }
    for (const [d, e] of cases) {
      const all = Float64Array.from(d);
      tridiagonalEigenvalues(all, Float64Array.from(e), d.length);
      const want = all.sort()[d.length - 2]!;
      const scale = Math.max(...d.map(Math.abs), 1);
      expect(Math.abs(secondLargestEigenvalue(Float64Array.from(d), Float64Array.from(e), d.length) - want)).toBeLessThanOrEqual(8 * Number.EPSILON * scale);
    }
  });

  it("gives W Wᵀ's second eigenvalue: W = [[1, 2], [3, 4]], S = [[5, 11], [11, 25]], 15 − √221", () => {
    expect(gramSecondEigenvalue(Float64Array.of(1, 2, 3, 4), 2, 2)).toBeCloseTo(15 - Math.sqrt(221), 13);
  });
});

describe("hypot", () => {
  it("gives √(a² + b²) without overflow or underflow", () => {
    expect(hypot(3, 4)).toBe(5);
    expect(hypot(-3, 4)).toBe(5);
    expect(hypot(0, 0)).toBe(0);
    expect(hypot(0, -7)).toBe(7);
    expect(hypot(1e200, 1e200)).toBeCloseTo(Math.SQRT2 * 1e200, -186);
    expect(hypot(3e-200, 4e-200)).toBeCloseTo(5e-200, 210);
    expect(hypot(3e-200, 4e-200)).toBeGreaterThan(0);
  });
});
