/**
 * The wavelet filter banks satisfy their definitions: orthogonal scaling filters sum to √2,
 * are orthonormal to their even shifts, and their high-pass filters have the family's
 * vanishing moments (Haar 1, dbN and symN N, coifN 2N); biorthogonal pairs are
 * biorthogonal to their even shifts, with the vanishing moments their names give.
 */
import { describe, expect, it } from "vitest";
import { scalingFilters, WAVELET_NAMES, waveletFilters } from "../src/filters/wavelet-banks.js";

const dot = (a: ArrayLike<number>, b: ArrayLike<number>, shift: number) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) if (k + shift >= 0 && k + shift < b.length) s += a[k]! * b[k + shift]!;
  return s;
};
const moment = (h: ArrayLike<number>, p: number) => {
  let s = 0;
  for (let k = 0; k < h.length; k++) s += h[k]! * (k - (h.length - 1) / 2) ** p;
  return s;
};

function vanishingMoments(name: string): number {
  const n = Number(name.replace(/^[a-z]+/, "").split(".")[0]);
  if (name === "haar") return 1;
  if (name.startsWith("db") || name.startsWith("sym")) return n;
  if (name.startsWith("coif")) return 2 * n;
  // biorN.M (N ≤ 3, splines): the analysis high-pass comes from the primal order-N spline
  // filter, N vanishing moments; rbioN.M: M. The non-spline CDF pairs (4.4, 5.5, 6.8) have
  // (bior, rbio) = (4, 4), (6, 4), (6, 8).
  const nonSpline: Record<string, [number, number]> = { "4.4": [4, 4], "5.5": [6, 4], "6.8": [6, 8] };
  const [first, second] = nonSpline[name.slice(4)] ?? (name.slice(4).split(".").map(Number) as [number, number]);
  return name.startsWith("bior") ? first : second;
}

describe.each(WAVELET_NAMES.filter((n) => n !== "dmey"))("%s", (name) => {
  const { primal, dual } = scalingFilters(name);
  const { hi } = waveletFilters(name);
  it("is normalised (Σh = √2) and (bi)orthogonal to its even shifts", () => {
    expect(primal.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.SQRT2, 10);
    expect(dual.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.SQRT2, 10);
    for (let m = -4; m <= 4; m++) expect(dot(primal, dual, 2 * m)).toBeCloseTo(m === 0 ? 1 : 0, 10);
  });
  it("has a high-pass filter with its vanishing moments", () => {
    const p = vanishingMoments(name);
    const scale = hi.reduce((a, b) => a + Math.abs(b), 0);
    for (let q = 0; q < p; q++) expect(Math.abs(moment(hi, q)) / (scale * (hi.length / 2) ** q)).toBeLessThan(1e-9);
  });
});

describe("dmey (the FIR approximation of Meyer's wavelet)", () => {
  it("is normalised and orthonormal to 0.3 % (a truncated infinite filter)", () => {
    const { primal } = scalingFilters("dmey");
    expect(primal.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.SQRT2, 12);
    for (let m = -4; m <= 4; m++) expect(Math.abs(dot(primal, primal, 2 * m) - (m === 0 ? 1 : 0))).toBeLessThan(3e-3);
  });
});
