/** The IVH's counts of values below each evaluation point, against counting through the sorted values. */
import { describe, expect, it } from "vitest";
import { countsBelow } from "../src/features/ivh.js";

/** A deterministic generator in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** How many values lie below each point g0 + k·step, counted through the sorted values (the definition). */
function bySorting(values: ArrayLike<number>, g0: number, step: number, points: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const out: number[] = [];
  let below = 0;
  for (let k = 0; k < points; k++) {
    while (below < sorted.length && sorted[below]! < g0 + k * step) below++;
    out.push(below);
  }
  return out;
}

describe("IVH counts below each evaluation point", () => {
  it.each([
    ["integers (a CT without IVH discretisation)", 1, -1000, 3001, (r: () => number) => Math.round(r() * 4000) - 1000],
    ["bin centres of width 0.1 (PET)", 0.1, 0.05, 300, (r: () => number) => 0.05 + Math.floor(r() * 300) * 0.1],
    ["continuous values, some beyond the points, and NaN", 0.37, -2.1, 140, (r: () => number) => (r() < 0.01 ? NaN : r() * 60 - 5)],
  ])("%s", (_, step, g0, points, draw) => {
    const rnd = random(5);
    const values = Float64Array.from({ length: 20_000 }, () => draw(rnd));
    // Values exactly at points, below the first and at the last.
    values.set([g0, g0 + step, g0 + (points - 1) * step, g0 - 1, g0 + points * step], 0);
    expect(Array.from(countsBelow(values, g0, step, points).subarray(0, points))).toEqual(bySorting(values, g0, step, points));
  });
});
