/** Resampling grids and interpolators on cases with known answers. */
import { describe, expect, it } from "vitest";
import { isRadiomicsError, volumeFromArray } from "../src/index.js";
import { BSPLINE_REACH, ibsiGrid, MAX_RESAMPLED_VOXELS, pyradiomicsGrid, readRange, resample, resampleAxis, resampleMask } from "../src/preprocess/resample.js";
import { boundingBox } from "../src/volume.js";

describe("IBSI grid", () => {
  it("rounds the new size up and centres the new grid on the old one", () => {
    // 5 voxels of 1 mm → 2 mm: ⌈2.5⌉ = 3 voxels; old centres span 4 mm, new 4 mm: no shift.
    const v = volumeFromArray(new Float32Array(5 * 4 * 3), [5, 4, 3], { spacing: [1, 1, 3], origin: [10, 20, 30] });
    const g = ibsiGrid(v, [2, 2, 0]);
    expect(g.size).toEqual([3, 2, 3]);
    expect(g.spacing).toEqual([2, 2, 3]);
    // y: old centres span 3 mm, new 2 mm: the first new centre is 0.5 mm in.
    expect(g.origin).toEqual([10, 20.5, 30]);
  });

  it("the CT phantom at 2 mm has 100 × 99 × 90 voxels (IBSI configurations C–E)", () => {
    const v = volumeFromArray(new Float32Array(204 * 201 * 60), [204, 201, 60], { spacing: [0.977, 0.977, 3] });
    expect(ibsiGrid(v, [2, 2, 2]).size).toEqual([100, 99, 90]);
  });
});

describe("interpolators", () => {
  const ramp = volumeFromArray(Float64Array.from({ length: 8 }, (_, i) => 3 * i + 1), [8, 1, 1]);
  const grid = { size: [15, 1, 1] as [number, number, number], spacing: [0.5, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number] };

  it("linear interpolation reproduces a ramp, and extrapolates the nearest value", () => {
    const out = resample(ramp, grid, "linear");
    expect(Array.from(out.data)).toEqual(Array.from({ length: 15 }, (_, k) => 3 * (k / 2) + 1));
    const beyond = resample(ramp, { ...grid, origin: [-2, 0, 0], size: [2, 1, 1] }, "linear");
    expect(Array.from(beyond.data)).toEqual([1, 1]);
  });

  it("cubic B-spline interpolation passes through the samples and keeps a constant constant", () => {
    const wavy = volumeFromArray(Float64Array.from([3, 7, 1, 8, 2, 9, 4, 6]), [8, 1, 1]);
    const atSamples = resample(wavy, { size: [8, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0] }, "bspline");
    Array.from(atSamples.data).forEach((v, i) => expect(v).toBeCloseTo(wavy.data[i]!, 10));
    const flat = volumeFromArray(new Float64Array(27).fill(5), [3, 3, 3]);
    const out = resample(flat, { size: [5, 5, 5], spacing: [0.5, 0.5, 0.5], origin: [0, 0, 0] }, "bspline");
    for (const v of out.data) expect(v).toBeCloseTo(5, 10);
  });

  it("nearest neighbour rounds half up; PyRadiomics' grid gives 0 beyond half a voxel outside", () => {
    const out = resample(ramp, { size: [3, 1, 1], spacing: [1, 1, 1], origin: [0.5, 0, 0] }, "nearest");
    expect(Array.from(out.data)).toEqual([4, 7, 10]);
    const zero = resample(ramp, { size: [3, 1, 1], spacing: [1, 1, 1], origin: [-1, 0, 0] }, "nearest", "zero");
    expect(Array.from(zero.data)).toEqual([0, 1, 4]);
  });
});

describe("PyRadiomics grid", () => {
  it("covers the ROI box plus padDistance, anchored at the corner of voxel 0", () => {
    // ROI at x = 4…5 of 10 voxels of 1 mm, resampled to 2 mm with padding 1:
    // lower ⌊(4 − ½)·½ − 1⌋ = 0, upper ⌈(4 + 2 − ½)·½ + 1⌉ = 4, origin index ½(2 − 1)/1 + 0 = 0.5.
    const data = new Uint8Array(10 * 3 * 3);
    for (const x of [4, 5]) for (const y of [0, 1, 2]) data[x + 10 * (y + 3 * 1)] = 1;
    const g = pyradiomicsGrid(volumeFromArray(data, [10, 3, 3]), { lower: [4, 0, 1], upper: [5, 2, 1] }, [2, 2, 2], 1);
    expect(g.size[0]).toBe(5);
    expect(g.origin[0]).toBe(0.5);
    // z: the ROI is one slice thick, so z keeps its spacing.
    expect(g.spacing).toEqual([2, 2, 1]);
  });
});

describe("grids too large to process", () => {
  it("are refused before anything is allocated, naming the spacing and the grid", () => {
    const v = volumeFromArray(new Float64Array(8), [2, 2, 2], { spacing: [1, 1, 1] });
    const over = { size: [1024, 1024, 513] as [number, number, number], spacing: [0.002, 0.002, 0.004] as [number, number, number], origin: [0, 0, 0] as [number, number, number] };
    expect(MAX_RESAMPLED_VOXELS).toBe(1024 * 1024 * 512);
    let error: unknown;
    try {
      resample(v, over, "linear");
    } catch (err) {
      error = err;
    }
    expect(isRadiomicsError(error, "INVALID_SETTING")).toBe(true);
    expect((error as Error).message).toBe(
      "resampling from [1, 1, 1] mm to [0.002, 0.002, 0.004] mm (resampledPixelSpacing) gives a grid of 1024 × 1024 × 513 voxels (538 M), more than the 512 M (2^29) this library processes; choose a coarser spacing",
    );
  });
});

describe("the box resampling reads", () => {
  // 90 × 70 × 12 samples of 0.7 × 0.7 × 2.5 mm, a grid of 1 mm over a small box of them.
  const size: [number, number, number] = [90, 70, 12];
  let seed = 7;
  const next = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const image = volumeFromArray(Int16Array.from({ length: 90 * 70 * 12 }, () => Math.floor(next() * 2000) - 1000), size, { spacing: [0.7, 0.7, 2.5] });
  const grid = { size: [9, 8, 12] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [30.2, 20.9, 3.3] as [number, number, number] };
  /** The same passes over the whole lines (what resample did before it cut them). */
  const wholeLines = (method: "nearest" | "linear" | "bspline") => {
    let data: Float64Array = Float64Array.from(image.data);
    let at = [...size] as [number, number, number];
    for (let axis = 0; axis < 3; axis++) {
      const positions = Float64Array.from({ length: grid.size[axis]! }, (_, k) => (grid.origin[axis]! + k * grid.spacing[axis]!) / image.spacing[axis]!);
      data = resampleAxis(data, at, axis, positions, method, "zero");
      at = [...at] as [number, number, number];
      at[axis] = grid.size[axis]!;
    }
    return data;
  };

  it("is the samples around the positions, and for B-splines the prefilter's reach (34 samples) more, within the line", () => {
    expect(BSPLINE_REACH).toBe(34);
    expect(readRange(Float64Array.of(43.1, 44.6, 57.9), 90, "linear")).toEqual([42, 59]);
    expect(readRange(Float64Array.of(43.1, 44.6, 57.9), 90, "bspline")).toEqual([42 - 34, 89]);
    // Positions beyond the line read its end.
    expect(readRange(Float64Array.of(-3, 0.2), 90, "nearest")).toEqual([0, 2]);
    expect(readRange(Float64Array.of(95), 90, "nearest")).toEqual([88, 89]);
  });

  it("gives the whole lines' values: nearest and linear bit for bit, B-spline to rounding", () => {
    for (const method of ["nearest", "linear"] as const) expect(resample(image, grid, method, "zero").data).toEqual(wholeLines(method));
    const cut = resample(image, grid, "bspline", "zero").data, whole = wholeLines("bspline");
    // Along x only 43…57 of 90 samples are read, ±35.
    expect(readRange(Float64Array.from({ length: 9 }, (_, k) => (30.2 + k) / 0.7), 90, "bspline")).toEqual([8, 89]);
    // What the cut lets go is below the samples' last place (on these samples nothing changes at all).
    cut.forEach((v, i) => expect(Math.abs(v - whole[i]!)).toBeLessThanOrEqual(1e-12 * 1000));
  });
});

describe("a mask resampled", () => {
  it("interpolates only where its samples meet the ROI's box, and keeps every fraction the whole grid gives", () => {
    // An ROI in a 40 × 30 × 10 mask of 0.7 × 0.7 × 2.5 mm, on the IBSI grid of 1 mm (the whole image).
    const size: [number, number, number] = [40, 30, 10];
    let seed = 3;
    const next = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (const roi of [{ x: [12, 20], y: [8, 15], z: [3, 5] }, { x: [0, 6], y: [22, 29], z: [7, 9] }]) {
      const data = new Uint8Array(40 * 30 * 10);
      for (let z = roi.z[0]!; z <= roi.z[1]!; z++) for (let y = roi.y[0]!; y <= roi.y[1]!; y++) for (let x = roi.x[0]!; x <= roi.x[1]!; x++) data[x + 40 * (y + 30 * z)] = next() < 0.8 ? 1 : 0;
      const mask = volumeFromArray(data, size, { spacing: [0.7, 0.7, 2.5] });
      const grid = ibsiGrid(mask, [1, 1, 1]);
      for (const [method, extrapolation, threshold] of [["linear", "nearest", 0.5], ["nearest", "zero", 0.5], ["linear", "zero", 0.3]] as const) {
        const whole = resample(mask, grid, method, extrapolation);
        const kept = resampleMask(mask, boundingBox(mask)!, grid, method, extrapolation, threshold);
        expect(kept.size).toEqual(grid.size);
        expect(Array.from(kept.data)).toEqual(Array.from(whole.data, (v) => (v >= threshold ? 1 : 0)));
        expect(kept.data.some((v) => v)).toBe(true);
      }
    }
  });
});
