/**
 * Texture kernels on cases small enough to count by hand; every expected matrix is
 * written out literally.
 */
import { describe, expect, it } from "vitest";
import { extract, volumeFromArray } from "../src/index.js";
import {
  borderDistance, cooccurrenceCounts, dependenceCounts, neighbourhoodDifferences, runLengthCounts, zoneScan, type Slab,
} from "../src/kernels/texture.js";
import { chebyshevNeighbourhood } from "../src/texture/directions.js";
import { zoneMatrix } from "../src/features/glszm.js";
import { jsKernels } from "../src/kernels/js.js";
import { SIZE_FORMULAS, sizeMatrixContext } from "../src/features/sizematrix.js";
import { matrixEntries, sparseMatrix } from "../src/texture/aggregation.js";

/**
 * The 4 × 4 image (rows are y, columns x):
 *   1 2 2 3
 *   1 1 2 3
 *   4 1 2 2
 *   4 4 3 1
 */
const image4: Slab = { levels: Int32Array.from([1, 2, 2, 3, 1, 1, 2, 3, 4, 1, 2, 2, 4, 4, 3, 1]), size: [4, 4, 1], z0: 0, z1: 1 };

/** A 3 × 3 × 3 cube of level 1 with level 2 at the centre. */
const cube: Slab = { levels: Int32Array.from({ length: 27 }, (_, i) => (i === 13 ? 2 : 1)), size: [3, 3, 3], z0: 0, z1: 3 };

const rows = (m: ArrayLike<number>, width: number) => Array.from({ length: m.length / width }, (_, r) => Array.from(m).slice(r * width, (r + 1) * width));

describe("4 × 4 image", () => {
  it("co-occurrence along +x and +y (not symmetrised)", () => {
    const m = cooccurrenceCounts(image4, 4, Int32Array.from([1, 0, 0, 0, 1, 0]));
    expect(rows(m.subarray(0, 16), 4)).toEqual([
      [1, 3, 0, 0],
      [0, 2, 2, 0],
      [1, 0, 0, 0],
      [1, 0, 1, 1],
    ]);
    expect(rows(m.subarray(16, 32), 4)).toEqual([
      [2, 0, 0, 2],
      [2, 2, 1, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 1],
    ]);
  });

  it("run lengths along +x", () => {
    const { entries, maxRun, multiVoxelLine } = runLengthCounts(image4, 4, Int32Array.from([1, 0, 0]));
    expect(maxRun).toBe(4);
    // The non-zero cells, row by row: level i, length j, count v.
    expect(entries[0]).toEqual({ i: Int32Array.of(1, 1, 2, 2, 3, 4, 4), j: Int32Array.of(1, 2, 1, 2, 1, 1, 2), v: Float64Array.of(3, 1, 1, 2, 3, 1, 1) });
    expect(rows(sparseMatrix(4, maxRun, 0, entries[0]!).data, 4)).toEqual([
      [3, 1, 0, 0],
      [1, 2, 0, 0],
      [3, 0, 0, 0],
      [1, 1, 0, 0],
    ]);
    expect(multiVoxelLine[0]).toBe(1);
  });

  it("8-connected zones", () => {
    const zones = zoneScan(image4, chebyshevNeighbourhood(true));
    const found = Array.from(zones.level, (l, z) => `${l}:${zones.size[z]}`).sort();
    expect(found).toEqual(["1:1", "1:4", "2:5", "3:1", "3:2", "4:3"]);
  });

  it("a voxel outside the ROI ends a run", () => {
    // Removing (1, 0) turns row 0 into 1 | · | 2 | 3: level 2 loses a run of 2 and gains one of 1.
    const holed: Slab = { ...image4, levels: Int32Array.from(image4.levels, (l, i) => (i === 1 ? 0 : l)) };
    const { entries, maxRun } = runLengthCounts(holed, 4, Int32Array.from([1, 0, 0]));
    expect(rows(sparseMatrix(4, maxRun, 0, entries[0]!).data, 4)[1]).toEqual([2, 1, 0, 0]);
  });
});

describe("3 × 3 × 3 cube with a different centre", () => {
  it("co-occurrence along +z", () => {
    const m = cooccurrenceCounts(cube, 2, Int32Array.from([0, 0, 1]));
    expect(rows(m, 2)).toEqual([
      [16, 1],
      [1, 0],
    ]);
  });

  it("26-connected zones: one of 26 voxels, one of 1", () => {
    const zones = zoneScan(cube, chebyshevNeighbourhood(false));
    expect(Array.from(zones.level, (l, z) => `${l}:${zones.size[z]}`).sort()).toEqual(["1:26", "2:1"]);
  });

  it("border distances: 1 on the surface, 2 at the centre; zone distances 1 and 2", () => {
    const mask = new Uint8Array(27).fill(1);
    const d = borderDistance(mask, [3, 3, 3], 0, 3, false);
    expect(Array.from(d)).toEqual(Array.from({ length: 27 }, (_, i) => (i === 13 ? 2 : 1)));
    const zones = zoneScan(cube, chebyshevNeighbourhood(false), d);
    expect(Array.from(zones.level, (l, z) => `${l}:${zones.distance[z]}`).sort()).toEqual(["1:1", "2:2"]);
    // Within one slice (4-connected), the middle slice's centre is 2 and the rest 1.
    expect(Array.from(borderDistance(mask, [3, 3, 3], 1, 2, true)).slice(9, 18)).toEqual([1, 1, 1, 1, 2, 1, 1, 1, 1]);
  });

  it("dependence (α = 0): corners 7, edges 11, faces 17, centre 1", () => {
    const m = dependenceCounts(cube, 2, chebyshevNeighbourhood(false), 0);
    const level1 = Array.from({ length: 27 }, () => 0);
    level1[7 - 1] = 8;
    level1[11 - 1] = 12;
    level1[17 - 1] = 6;
    const level2 = Array.from({ length: 27 }, (_, k) => (k === 0 ? 1 : 0));
    expect(rows(m, 27)).toEqual([level1, level2]);
  });

  it("neighbourhood differences: 1/7 per corner, 1/11 per edge, 1/17 per face voxel, 1 at the centre", () => {
    const { count, countWithNeighbours, difference } = neighbourhoodDifferences(cube, 2, chebyshevNeighbourhood(false));
    expect(Array.from(count)).toEqual([0, 26, 1]);
    expect(Array.from(countWithNeighbours)).toEqual([0, 26, 1]);
    expect(difference[1]).toBeCloseTo(8 / 7 + 12 / 11 + 6 / 17, 12);
    expect(difference[2]).toBe(1);
  });

  it("NGTDM coarseness through extract: 1 / Σ p_i s_i", async () => {
    const image = volumeFromArray(Int16Array.from(cube.levels), [3, 3, 3]);
    const mask = volumeFromArray(new Uint8Array(27).fill(1), [3, 3, 3]);
    const row = await extract(image, mask, { setting: { binWidth: 1 }, featureClass: { ngtdm: ["Coarseness"] } });
    const expected = 1 / ((26 / 27) * (8 / 7 + 12 / 11 + 6 / 17) + (1 / 27) * 1);
    expect(row.values["original_ngtdm_Coarseness_3D"]).toBeCloseTo(expected, 12);
  });
});

describe("zoneMatrix", () => {
  it("takes more zones than a call has arguments (a filtered image's 300,000 single-voxel zones)", () => {
    const n = 300_000;
    const level = new Int32Array(n).fill(1), size = new Int32Array(n).fill(1);
    size[7] = 3;
    const m = zoneMatrix(2, level, size, n + 2, jsKernels);
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([n - 1, 0, 1, 0, 0, 0]);
  });

  it("builds a wide matrix from its entries: levels 1, 1, 2, 1, 3 with sizes 3, 100, 3, 3, 7", () => {
    const m = zoneMatrix(3, Int32Array.of(1, 1, 2, 1, 3), Int32Array.of(3, 100, 3, 3, 7), 116, jsKernels);
    expect(m.entries).toEqual({ i: Int32Array.of(1, 1, 2, 3), j: Int32Array.of(3, 100, 3, 7), v: Float64Array.of(2, 1, 1, 1) });
    expect([m.rows, m.cols, m.data.length]).toEqual([3, 100, 300]);
    expect([m.data[2], m.data[99], m.data[102], m.data[206]]).toEqual([2, 1, 1, 1]);
    expect(m.data.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("gives the same entries and features from a wide sparse matrix as from its dense layout", () => {
    let seed = 5;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const zones = 2000, ng = 17;
    const level = Int32Array.from({ length: zones }, () => 1 + Math.floor(rnd() * ng));
    const size = Int32Array.from({ length: zones }, () => (rnd() < 0.01 ? 5000 + Math.floor(rnd() * 5000) : 1 + Math.floor(rnd() ** 3 * 40)));
    const sparse = zoneMatrix(ng, level, size, 60_000, jsKernels);
    expect(sparse.entries).toBeDefined();
    const dense = { data: Float64Array.from(sparse.data), rows: sparse.rows, cols: sparse.cols, voxels: sparse.voxels };
    expect(dense.data.reduce((a, b) => a + b, 0)).toBe(zones);
    expect(matrixEntries(sparse)).toEqual(matrixEntries(dense));
    for (const profile of ["ibsi", "pyradiomics"] as const) {
      const [a, b] = [sizeMatrixContext(sparse, jsKernels, profile)!, sizeMatrixContext(dense, jsKernels, profile)!];
      for (const [kind, formula] of Object.entries(SIZE_FORMULAS)) expect(formula(a), kind).toBe(formula(b));
    }
  });
});

describe("GLRLM with PyRadiomics' weightingNorm", () => {
  it("weights each direction's runs before merging them (a 2 × 2 square, spacing 2 × 3 mm, manhattan)", async () => {
    // Along x and y two runs of 2 each (weights 2 and 3); along each in-plane diagonal one run
    // of 2 and two of 1 (weight 5); directions leaving the plane hold no line of two voxels
    // and are dropped. Merged: M(1, 1) = 20, M(1, 2) = 2·2 + 2·3 + 5 + 5 = 20, so N_s = 40
    // and N_v = Σ j M = 60.
    const image = volumeFromArray(new Int16Array(4).fill(5), [2, 2, 1], { spacing: [2, 3, 1] });
    const mask = volumeFromArray(new Uint8Array(4).fill(1), [2, 2, 1], { spacing: [2, 3, 1] });
    const row = await extract(image, mask, { setting: { profile: "pyradiomics", weightingNorm: "manhattan", additionalInfo: false }, featureClass: { glrlm: null } });
    const value = (name: string) => row.values[`original_glrlm_${name}`];
    expect(value("RunPercentage")).toBeCloseTo(40 / 60, 15);
    expect(value("RunLengthNonUniformity")).toBe((20 * 20 + 20 * 20) / 40);
    expect(value("ShortRunEmphasis")).toBe((20 / 1 + 20 / 4) / 40);
    expect(value("LongRunEmphasis")).toBe((20 * 1 + 20 * 4) / 40);
  });
});
