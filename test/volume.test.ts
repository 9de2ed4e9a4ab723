/** Volume helpers: construction, index↔world, bounding box, crop, ndarray interop. */
import ndarray from "ndarray";
import { describe, expect, it } from "vitest";
import {
  boundingBox, crop, indexToWorld, isRadiomicsError, selectLabel, toNdarrayArgs, volumeFromArray, volumeFromNdarray, worldToIndex, type Mat3,
} from "../src/index.js";
import { selectLabelWithFacts } from "../src/preprocess/mask.js";

describe("Volume", () => {
  const rotated: Mat3 = [0, -1, 0, 1, 0, 0, 0, 0, 1]; // i → +y, j → −x
  const geometry = { spacing: [2, 3, 4] as [number, number, number], origin: [10, 20, 30] as [number, number, number], direction: rotated };

  it("maps index to world as origin + D·diag(s)·index, and back", () => {
    const v = volumeFromArray(new Uint8Array(24), [2, 3, 4], geometry);
    expect(indexToWorld(v, [1, 0, 0])).toEqual([10, 22, 30]);
    expect(indexToWorld(v, [0, 1, 0])).toEqual([7, 20, 30]);
    expect(indexToWorld(v, [0, 0, 1])).toEqual([10, 20, 34]);
    const back = worldToIndex(v, indexToWorld(v, [1.5, 2, 3]));
    back.forEach((x, a) => expect(x).toBeCloseTo([1.5, 2, 3][a]!, 12));
  });

  it("rejects data of the wrong length and non-positive spacing", () => {
    expect(() => volumeFromArray(new Uint8Array(5), [2, 3, 1])).toThrow(/5 elements but size \[2, 3, 1\] needs 6/);
    expect(() => volumeFromArray(new Uint8Array(6), [2, 3, 1], { spacing: [1, 0, 1] })).toSatisfy(
      (fn: () => unknown) => { try { fn(); return false; } catch (e) { return isRadiomicsError(e, "INVALID_INPUT"); } },
    );
  });

  it("finds the bounding box of non-zero voxels and crops to it, keeping world positions", () => {
    const data = new Uint8Array(4 * 3 * 2);
    data[1 + 4 * (1 + 3 * 1)] = 1; // (1, 1, 1)
    data[2 + 4 * (2 + 3 * 1)] = 1; // (2, 2, 1)
    const v = volumeFromArray(data, [4, 3, 2], geometry);
    const box = boundingBox(v)!;
    expect(box).toEqual({ lower: [1, 1, 1], upper: [2, 2, 1] });
    const c = crop(v, box);
    expect(c.size).toEqual([2, 2, 1]);
    expect(Array.from(c.data)).toEqual([1, 0, 0, 1]);
    expect(indexToWorld(c, [0, 0, 0])).toEqual(indexToWorld(v, [1, 1, 1]));
    expect(crop(v, box, 5).size).toEqual([4, 3, 2]);
    // A box over the whole grid gives the volume itself, not a copy.
    expect(crop(v, box, 5)).toBe(v);
    expect(crop(v, { lower: [0, 0, 0], upper: [3, 2, 0] })).not.toBe(v);
    expect(boundingBox(volumeFromArray(new Uint8Array(8), [2, 2, 2]))).toBeNull();
  });

  it("crops any box voxel for voxel, by planes or by rows, in plain and shared memory", () => {
    // Each voxel holds its own index, so the crop's voxel (i, j, k) must hold that of (lower + (i, j, k)).
    type Box = [[number, number, number], [number, number, number]];
    const cases: Array<[Int32Array | Float64Array, [number, number, number], Box[]]> = [
      [new Int32Array(9 * 7 * 5), [9, 7, 5], [
        [[1, 1, 1], [7, 5, 3]], // each plane's stretch fits in the crop but the last one's: its rows one by one
        [[0, 2, 0], [8, 4, 4]], // whole rows
        [[4, 0, 0], [4, 6, 4]], // one voxel wide: no stretch fits, row by row
        [[2, 3, 1], [6, 3, 4]], // one row a plane
        [[3, 1, 2], [5, 2, 2]], // one plane
      ]],
      // Rows of 2,400 bytes: row by row, though the stretches would fit.
      [new Float64Array(300 * 4 * 3), [300, 4, 3], [[[1, 0, 0], [298, 3, 2]], [[0, 1, 1], [299, 2, 2]]]],
    ];
    for (const [data, grid, boxes] of cases) {
      data.forEach((_, i) => (data[i] = i));
      const v = volumeFromArray(data, grid);
      for (const [lower, upper] of boxes) {
        for (const shared of [false, true]) {
          const c = crop(v, { lower, upper }, 0, shared);
          const [w, h, d] = c.size;
          expect(c.size).toEqual(upper.map((u, a) => u - lower[a]! + 1));
          expect(c.data.buffer instanceof SharedArrayBuffer).toBe(shared);
          const expected: number[] = [];
          for (let k = 0; k < d; k++) for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) expected.push(lower[0] + i + grid[0] * (lower[1] + j + grid[1] * (lower[2] + k)));
          expect(Array.from(c.data)).toEqual(expected);
        }
      }
    }
  });

  it("crops voxel for voxel out of shared memory at any offset, into plain and shared memory", () => {
    // The staged copy (copyBoxStaged) moves each plane's rows between offsets modulo 8: int16
    // and uint8 grids placed 0–7 bytes into a SharedArrayBuffer, cropped by planes (rows of 18
    // or 9 bytes) and by rows (rows of 2,200 bytes).
    const grids: Array<[typeof Int16Array | typeof Uint8Array, [number, number, number]]> = [
      [Int16Array, [9, 7, 5]], [Uint8Array, [9, 7, 5]], [Int16Array, [1100, 3, 2]],
    ];
    for (const [Ctor, grid] of grids) {
      const n = grid[0] * grid[1] * grid[2];
      for (let offset = 0; offset < 8; offset += Ctor.BYTES_PER_ELEMENT) {
        const data = new Ctor(new SharedArrayBuffer(offset + n * Ctor.BYTES_PER_ELEMENT) as unknown as ArrayBuffer, offset, n);
        data.forEach((_, i) => (data[i] = i % 251));
        const v = volumeFromArray(data, grid);
        const lower: [number, number, number] = [1, 1, 0], upper: [number, number, number] = [grid[0] - 2, grid[1] - 1, 1];
        for (const shared of [false, true]) {
          const c = crop(v, { lower, upper }, 0, shared);
          const [w, h, d] = c.size;
          const expected: number[] = [];
          for (let k = 0; k < d; k++) for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) expected.push(data[lower[0] + i + grid[0] * (lower[1] + j + grid[1] * (lower[2] + k))]!);
          expect(c.data.buffer instanceof SharedArrayBuffer).toBe(shared);
          expect(Array.from(c.data)).toEqual(expected);
        }
      }
    }
  });

  it("converts from and to scijs ndarray, honouring strides", () => {
    // Row-major 2 × 3 array: element (i, j) sits at 3i + j, so x (i) is not the fastest axis.
    const rowMajor = ndarray(new Int16Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    const v = volumeFromNdarray(rowMajor);
    expect(v.size).toEqual([2, 3, 1]);
    expect(v.data).toBeInstanceOf(Int16Array);
    expect(Array.from(v.data)).toEqual([1, 4, 2, 5, 3, 6]);
    const view = ndarray(...toNdarrayArgs(volumeFromArray(new Float32Array([0, 1, 2, 3, 4, 5, 6, 7]), [2, 2, 2])));
    expect(view.get(1, 0, 1)).toBe(5);
    expect(view.get(0, 1, 1)).toBe(6);
  });
});

describe("selectLabel", () => {
  const grid = (values: number[]) => volumeFromArray(Uint8Array.from(values), [values.length, 1, 1]);
  it("takes a binary uint8 map asked for label 1 as its own mask, without a copy", () => {
    const binary = grid([0, 1, 1, 0]);
    expect(selectLabel(binary, 1).data).toBe(binary.data);
  });

  it("copies the voxels of the label out of any other map, and names the labels present when it is absent", () => {
    const labels = grid([0, 1, 2, 1]);
    expect(Array.from(selectLabel(labels, 1).data)).toEqual([0, 1, 0, 1]);
    expect(Array.from(selectLabel(labels, 2).data)).toEqual([0, 0, 1, 0]);
    expect(selectLabel(labels, 1).data).not.toBe(labels.data);
    expect(() => selectLabel(grid([0, 0]), 1)).toThrow("the mask is empty");
    expect(() => selectLabel(grid([0, 1]), 3)).toThrow("labels present: 1");
  });

  it("gives the mask's count and box with it: from the one scan when the map is its own mask, else from the mask when asked", () => {
    const binary = selectLabelWithFacts(grid([0, 1, 1, 0]), 1);
    expect(binary.facts()).toEqual({ count: 2, box: { lower: [1, 0, 0], upper: [2, 0, 0] }, largest: 1 });
    const labels = selectLabelWithFacts(grid([0, 1, 2, 1]), 2);
    expect(Array.from(labels.mask.data)).toEqual([0, 0, 1, 0]);
    expect(labels.facts()).toEqual({ count: 1, box: { lower: [2, 0, 0], upper: [2, 0, 0] }, largest: 1 });
  });
});
