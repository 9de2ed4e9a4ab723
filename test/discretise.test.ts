/** Discretisation: IBSI and PyRadiomics semantics on values whose bins can be counted by hand. */
import { describe, expect, it } from "vitest";
import { digitize, discretise, fixedBinNumberIbsi, fixedBinSizeIbsi, isRadiomicsError, pyradiomicsBinEdges } from "../src/index.js";

const f64 = (...v: number[]) => Float64Array.from(v);

describe("IBSI", () => {
  it("fixed bin size counts bins of width w from the lower bound", () => {
    // w = 25 from -500: -500 → 1, -476 → 1, -475 → 2, 0 → 21, 400 → 37.
    expect(Array.from(fixedBinSizeIbsi(f64(-500, -476, -475, 0, 400), 25, -500))).toEqual([1, 1, 2, 21, 37]);
  });

  it("fixed bin number splits [min, max] into N bins, the maximum in bin N", () => {
    // N = 4 over [0, 8]: 0 → 1, 1.9 → 1, 2 → 2, 7.99 → 4, 8 → 4.
    expect(Array.from(fixedBinNumberIbsi(f64(0, 1.9, 2, 7.99, 8), 4, 0, 8))).toEqual([1, 1, 2, 4, 4]);
    expect(Array.from(fixedBinNumberIbsi(f64(5, 5), 4, 5, 5))).toEqual([1, 1]);
  });

  it("uses the ROI minimum unless a re-segmentation lower bound is given", () => {
    const values = f64(3, 4, 10);
    expect(Array.from(discretise(values, { profile: "ibsi", binWidth: 5, binCount: null }))).toEqual([1, 1, 2]);
    expect(Array.from(discretise(values, { profile: "ibsi", binWidth: 5, binCount: null, lowerBound: 0 }))).toEqual([1, 1, 3]);
  });
});

describe("PyRadiomics", () => {
  it("bin width: edges from the multiple of w at or below the minimum, a maximum on an edge opens a bin", () => {
    expect(Array.from(pyradiomicsBinEdges(-7, 50, { binWidth: 25 }))).toEqual([-25, 0, 25, 50, 75]);
    // -7 → bin 1 ([-25, 0)), 0 → 2, 24.9 → 2, 25 → 3, 50 → 4.
    expect(Array.from(discretise(f64(-7, 0, 24.9, 25, 50), { profile: "pyradiomics", binWidth: 25, binCount: null }))).toEqual([1, 2, 2, 3, 4]);
  });

  it("bin count: numpy.histogram edges over [min, max], the top edge raised by 1", () => {
    expect(Array.from(pyradiomicsBinEdges(0, 8, { binCount: 4 }))).toEqual([0, 2, 4, 6, 9]);
    expect(Array.from(discretise(f64(0, 1.9, 2, 7.99, 8), { profile: "pyradiomics", binWidth: 25, binCount: 4 }))).toEqual([1, 1, 2, 4, 4]);
  });

  it("a flat ROI gets one bin", () => {
    expect(Array.from(pyradiomicsBinEdges(5, 5, { binCount: 3 })).map((e) => +e.toFixed(6))).toEqual([4.5, 4.833333, 5.166667, 6.5]);
    expect(Array.from(discretise(f64(50, 50), { profile: "pyradiomics", binWidth: 25, binCount: null }))).toEqual([1, 1]);
  });

  it("digitize follows numpy: edges[i-1] <= x < edges[i]", () => {
    expect(Array.from(digitize(f64(-1, 0, 0.5, 1, 2, 3), f64(0, 1, 2)))).toEqual([0, 1, 1, 2, 3, 3]);
  });
});

it("without binWidth or binCount the error says how to set one", () => {
  try {
    discretise(f64(1, 2), { profile: "ibsi", binWidth: null, binCount: null });
    throw new Error("expected an error");
  } catch (err) {
    expect(isRadiomicsError(err, "INVALID_SETTING")).toBe(true);
    expect((err as Error).message).toMatch(/binWidth.*binCount.*--setting binWidth:25/);
  }
});
