/**
 * Every WebAssembly kernel against its TypeScript twin (the oracle), on random volumes
 * and masks of odd sizes, thin slabs, single voxels and empty ROIs, for both builds (SIMD
 * and scalar). Integer results (matrices, zones, distances, levels) must be exactly
 * equal; floating sums equal to rounding.
 */
import { describe, expect, it } from "vitest";
import { jsKernels } from "../src/kernels/js.js";
import { bestBackend, kernelsFor, memoryFallbacks, parseBackend, withMemoryFallback } from "../src/kernels/backend.js";
import { placedSize, type Placement, type Slab } from "../src/kernels/texture.js";
import type { Kernels } from "../src/kernels/types.js";
import type { Vec3, VoxelArray } from "../src/volume.js";
import { neighbourRows, newWasmKernels, wasmSupport } from "../src/kernels/wasm.js";
import { pyradiomicsBinEdges } from "../src/preprocess/discretise.js";
import { sizeMatrixContext } from "../src/features/sizematrix.js";
import { chebyshevNeighbourhood, ibsiDirections, pyradiomicsAngles } from "../src/texture/directions.js";
import { isRadiomicsError } from "../src/errors.js";
import { BOUNDARIES, recursiveAxis, type AxisCoefficients } from "../src/kernels/filters.js";
import { percentile, SUMMARY_PERCENTILES } from "../src/kernels/intensity.js";
import { LBP_METHODS, lbpOffsets } from "../src/kernels/lbp.js";
import { icosphere } from "../src/filters/lbp3d.js";
import { PEAK_RADIUS_MM, sphereRows } from "../src/features/localintensity.js";
import { recursiveGaussian } from "../src/filters/recursive-gaussian.js";

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

interface Case {
  name: string;
  levels: Int32Array;
  size: [number, number, number];
  ng: number;
}

/** Random gray levels 1…ng inside a random mask (density `fill`), 0 outside. */
/** Where placeLevels puts a mask's box with its axes in `order` (the first fastest), as textureVolume lays it out. */
function layoutOf(mask: Uint8Array, size: [number, number, number], order: readonly [number, number, number]): Placement {
  const box = jsKernels.maskFacts(mask, size).box!;
  return { size, lower: box.lower, upper: box.upper, order };
}

function randomCase(name: string, size: [number, number, number], ng: number, fill: number, seed: number): Case {
  const rnd = lcg(seed);
  const levels = new Int32Array(size[0] * size[1] * size[2]);
  for (let i = 0; i < levels.length; i++) if (rnd() < fill) levels[i] = 1 + Math.floor(rnd() * ng);
  return { name, levels, size, ng };
}

/** An ellipsoid-like blob with few levels, so zones and runs are long. */
function blobCase(size: [number, number, number], ng: number): Case {
  const [nx, ny, nz] = size;
  const levels = new Int32Array(nx * ny * nz);
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const r = ((x - nx / 2) / (nx / 2)) ** 2 + ((y - ny / 2) / (ny / 2)) ** 2 + ((z - nz / 2) / (nz / 2 + 0.5)) ** 2;
        if (r < 1) levels[i] = 1 + (Math.floor(x / 3 + y / 4 + z / 2) % ng);
      }
    }
  }
  return { name: `blob ${size.join("×")}`, levels, size, ng };
}

const CASES: Case[] = [
  randomCase("random 7×5×4, dense", [7, 5, 4], 6, 0.9, 1),
  randomCase("random 13×11×9, sparse", [13, 11, 9], 9, 0.35, 2),
  randomCase("random 17×3×6, two levels", [17, 3, 6], 2, 0.8, 3),
  randomCase("thin slab 1×9×7", [1, 9, 7], 4, 0.7, 4),
  randomCase("single row 19×1×1", [19, 1, 1], 3, 0.8, 5),
  randomCase("empty 5×5×5", [5, 5, 5], 3, 0, 6),
  { name: "single voxel", levels: Int32Array.from([0, 0, 0, 0, 3, 0, 0, 0, 0]), size: [3, 3, 1], ng: 3 },
  blobCase([21, 18, 11], 5),
];

/** Whole volume, and every single-slice slab. */
function slabs(c: Case): Array<{ label: string; slab: Slab; inPlane: boolean }> {
  const out = [{ label: "3-D", slab: { levels: c.levels, size: c.size, z0: 0, z1: c.size[2] } as Slab, inPlane: false }];
  for (let z = 0; z < c.size[2]; z++) out.push({ label: `slice ${z}`, slab: { levels: c.levels, size: c.size, z0: z, z1: z + 1 }, inPlane: true });
  return out;
}

const support = wasmSupport();
const backends = (["wasm-simd", "wasm"] as const).filter((b) => support.wasm && (b === "wasm" || support.simd));

describe("backend selection", () => {
  it("finds WebAssembly with SIMD in Node 20 and resolves auto to it", () => {
    expect(support).toEqual({ wasm: true, simd: true, memory: true });
    expect(bestBackend()).toBe("wasm-simd");
    expect(kernelsFor("auto").backend).toBe("wasm-simd");
    expect(kernelsFor("wasm").backend).toBe("wasm");
    expect(kernelsFor("js")).toBe(jsKernels);
  });

  it("rejects an unknown backend name with the allowed ones", () => {
    expect(parseBackend("wasm")).toBe("wasm");
    try {
      parseBackend("gpu");
      expect.unreachable();
    } catch (err) {
      expect(isRadiomicsError(err, "INVALID_SETTING")).toBe(true);
      expect(String(err)).toContain("auto, wasm-simd, wasm, js");
    }
  });
});

describe.each(backends)("%s kernels equal their TypeScript twins", (backend) => {
  const wasm: Kernels = kernelsFor(backend);

  it("counts runs with the run buffer a ring of about a plane, over volumes many rings long and at every ring offset", () => {
    // Rows of 5 to 8 voxels give blocks of four at every position modulo the ring (a power
    // of two just above a plane), so blocks straddle the ring's end in every way.
    for (const [nx, seed] of [[5, 71], [6, 72], [7, 73], [8, 74]] as const) {
      const c = randomCase(`ring ${nx}×6×40`, [nx, 6, 40], 4, 0.85, seed);
      const slab: Slab = { levels: c.levels, size: c.size, z0: 0, z1: c.size[2] };
      for (const directions of [ibsiDirections(false), pyradiomicsAngles(c.size, [1], false, false)]) {
        expect(wasm.runLengthCounts(slab, c.ng, directions), c.name).toEqual(jsKernels.runLengthCounts(slab, c.ng, directions));
      }
    }
  });

  it("reads the 26 (in a plane, 8) nearest neighbours as rows of three along x for the zone flood fill, and no other neighbourhood", () => {
    const [px, py] = [10, 7];
    const cube = neighbourRows(chebyshevNeighbourhood(false), px, py)!;
    expect([...cube].sort((a, b) => a - b)).toEqual([-1, 0, 1].flatMap((dz) => [-1, 0, 1].map((dy) => -1 + px * (dy + py * dz))).sort((a, b) => a - b));
    expect([...neighbourRows(chebyshevNeighbourhood(true), px, py)!].sort((a, b) => a - b)).toEqual([-1 - px, -1, -1 + px]);
    expect(neighbourRows(chebyshevNeighbourhood(false, 2), px, py)).toBeNull();
    expect(neighbourRows(Int32Array.of(1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0), px, py)).toBeNull();
    // Whole rows, but more than nine of them (dy up to 2): more than the kernel's mask holds.
    const tall = Int32Array.from([-2, -1, 0, 1, 2].flatMap((dy) => [-1, 0, 1].flatMap((dz) => [-1, 0, 1].filter((dx) => dx || dy || dz).flatMap((dx) => [dx, dy, dz]))));
    expect(neighbourRows(tall, px, py)).toBeNull();
  });

  it.each(CASES.map((c) => [c.name, c] as const))("texture kernels: %s", (_name, c) => {
    let compared = 0;
    for (const { label, slab, inPlane } of slabs(c)) {
      const directions = ibsiDirections(inPlane);
      const neighbours = chebyshevNeighbourhood(inPlane);
      const where = `${c.name}, ${label}`;
      expect(wasm.cooccurrenceCounts(slab, c.ng, directions), where).toEqual(jsKernels.cooccurrenceCounts(slab, c.ng, directions));
      expect(wasm.runLengthCounts(slab, c.ng, directions), where).toEqual(jsKernels.runLengthCounts(slab, c.ng, directions));
      expect(wasm.zoneScan(slab, neighbours), where).toEqual(jsKernels.zoneScan(slab, neighbours));
      const mask = Uint8Array.from(c.levels, (l) => (l > 0 ? 1 : 0));
      const distance = jsKernels.borderDistance(mask, c.size, slab.z0, slab.z1, inPlane);
      expect(wasm.borderDistance(mask, c.size, slab.z0, slab.z1, inPlane), where).toEqual(distance);
      expect(wasm.zoneScan(slab, neighbours, distance), where).toEqual(jsKernels.zoneScan(slab, neighbours, distance));
      expect(wasm.neighbourhoodDifferences(slab, c.ng, neighbours), where).toEqual(jsKernels.neighbourhoodDifferences(slab, c.ng, neighbours));
      for (const alpha of [0, 1, 1.5]) {
        expect(wasm.dependenceCounts(slab, c.ng, neighbours, alpha), where).toEqual(jsKernels.dependenceCounts(slab, c.ng, neighbours, alpha));
      }
      // Offsets two voxels long need a wider border.
      const far = ibsiDirections(inPlane, 2), wide = chebyshevNeighbourhood(inPlane, 2);
      expect(wasm.cooccurrenceCounts(slab, c.ng, far), where).toEqual(jsKernels.cooccurrenceCounts(slab, c.ng, far));
      expect(wasm.neighbourhoodDifferences(slab, c.ng, wide), where).toEqual(jsKernels.neighbourhoodDifferences(slab, c.ng, wide));
      expect(wasm.dependenceCounts(slab, c.ng, wide, 0), where).toEqual(jsKernels.dependenceCounts(slab, c.ng, wide, 0));
      expect(wasm.zoneScan(slab, wide, distance), where).toEqual(jsKernels.zoneScan(slab, wide, distance));
      compared++;
    }
    expect(compared).toBe(c.size[2] + 1);
  });

  it.each([[0, 1, 2], [0, 2, 1], [1, 2, 0]] as const)("places levels into the texture layout as the twin (axis order %s)", (...order) => {
    const rnd = lcg(21);
    const size: [number, number, number] = [9, 7, 5];
    const total = 9 * 7 * 5;
    const morphological = Uint8Array.from({ length: total }, () => (rnd() < 0.6 ? 1 : 0));
    const intensity = morphological.map((m) => (m && rnd() < 0.8 ? 1 : 0));
    const levels = Int32Array.from({ length: intensity.reduce((s, v) => s + v, 0) }, () => 1 + Math.floor(rnd() * 5));
    const at = layoutOf(morphological, size, order);
    const twin = jsKernels.placeLevels(intensity, morphological, levels, at);
    expect(wasm.placeLevels(intensity, morphological, levels, at)).toEqual(twin);
    expect(twin.voxelsPerSlice.reduce((s, v) => s + v, 0)).toBe(levels.length);
    // In shared memory (for a worker): the same samples, in SharedArrayBuffers.
    for (const k of [jsKernels, wasm]) {
      const shared = k.placeLevels(intensity, morphological, levels, { ...at, shared: true });
      expect([shared.levels.buffer, shared.morphology.buffer].every((b) => b instanceof SharedArrayBuffer)).toBe(true);
      expect([Array.from(shared.levels), Array.from(shared.morphology)]).toEqual([Array.from(twin.levels), Array.from(twin.morphology)]);
    }
  });

  it("places levels as the twin when the box is one voxel thick (an axis of one voxel may share the slices' stride)", () => {
    const rnd = lcg(22);
    const size: [number, number, number] = [6, 5, 4];
    for (const thin of [0, 1, 2]) {
      for (const order of [[0, 1, 2], [0, 2, 1], [1, 2, 0], [2, 0, 1]] as const) {
        const morphological = new Uint8Array(6 * 5 * 4);
        for (let n = 0; n < morphological.length; n++) {
          const xyz = [n % 6, Math.floor(n / 6) % 5, Math.floor(n / 30)];
          if (xyz[thin] === 2 && rnd() < 0.7) morphological[n] = 1;
        }
        const levels = Int32Array.from({ length: morphological.reduce((s, v) => s + v, 0) }, () => 1 + Math.floor(rnd() * 5));
        const at = layoutOf(morphological, size, order);
        const twin = jsKernels.placeLevels(morphological, morphological, levels, at);
        expect(wasm.placeLevels(morphological, morphological, levels, at), `thin ${thin}, order ${order}`).toEqual(twin);
        expect(twin.voxelsPerSlice.reduce((s, v) => s + v, 0)).toBe(levels.length);
      }
    }
  });

  it("counts a placement it keeps from its own memory, copies it out only when read, and refuses it once another ROI's values came", () => {
    const rnd = lcg(23);
    const size: [number, number, number] = [12, 10, 8];
    const morphological = Uint8Array.from({ length: 12 * 10 * 8 }, () => (rnd() < 0.7 ? 1 : 0));
    const intensity = morphological.map((m) => (m && rnd() < 0.9 ? 1 : 0));
    const levels = Int32Array.from({ length: intensity.reduce((s, v) => s + v, 0) }, () => 1 + Math.floor(rnd() * 6));
    for (const order of [[0, 1, 2], [1, 2, 0]] as const) {
      const at = layoutOf(morphological, size, order);
      const twin = jsKernels.placeLevels(intensity, morphological, levels, at);
      const dims = placedSize(at);
      const k = newWasmKernels(backend);
      const placed = k.placeLevels(intensity, morphological, levels, at);
      // The whole slab at a border of one (the 26 neighbours) is read where it is kept: its levels are never asked for.
      const kept: Slab = { get levels(): Int32Array { throw new Error("copied out"); }, size: dims, z0: 0, z1: dims[2], placed };
      const plain: Slab = { levels: twin.levels, size: dims, z0: 0, z1: dims[2] };
      const neighbours = chebyshevNeighbourhood(false), far = pyradiomicsAngles(dims, [2], false, false);
      expect(k.dependenceCounts(kept, 6, neighbours, 0)).toEqual(jsKernels.dependenceCounts(plain, 6, neighbours, 0));
      expect(k.zoneScan(kept, neighbours)).toEqual(jsKernels.zoneScan(plain, neighbours));
      // A slice, or a wider border, is copied in from the levels, read out of the placement.
      const copied = (z0: number, z1: number): Slab => ({ get levels() { return placed.levels; }, size: dims, z0, z1, placed });
      expect(k.cooccurrenceCounts(copied(3, 4), 6, far)).toEqual(jsKernels.cooccurrenceCounts({ ...plain, z0: 3, z1: 4 }, 6, far));
      expect(k.cooccurrenceCounts(copied(0, dims[2]), 6, far)).toEqual(jsKernels.cooccurrenceCounts(plain, 6, far));
      expect([placed.levels, placed.morphology, placed.voxelsPerSlice]).toEqual([twin.levels, twin.morphology, twin.voxelsPerSlice]);
      // Read once, kept: another ROI's values then take the memory.
      const late = k.placeLevels(intensity, morphological, levels, at);
      k.maskedValues(new Float64Array(8).fill(1), new Uint8Array(8).fill(1));
      expect(placed.levels).toEqual(twin.levels);
      expect(() => late.levels).toThrow(/read after its WebAssembly memory went to another ROI/);
    }
  });

  it("counts as the twin from levels in shared memory, at either offset modulo 8 (slices moved in one element later)", () => {
    // Slices of odd area land 4 bytes off their grid position every other slice; one-row slices also move their first row.
    for (const c of [CASES[1]!, CASES[4]!, randomCase("one-row slices 7×1×6", [7, 1, 6], 3, 0.8, 7)]) {
      for (const offset of [0, 4]) {
        const levels = new Int32Array(new SharedArrayBuffer(offset + c.levels.byteLength), offset, c.levels.length);
        levels.set(c.levels);
        for (const { label, slab, inPlane } of slabs({ ...c, levels })) {
          const plain = { ...slab, levels: c.levels };
          const where = `${c.name}, ${label}, offset ${offset}`;
          const directions = ibsiDirections(inPlane), neighbours = chebyshevNeighbourhood(inPlane);
          expect(wasm.cooccurrenceCounts(slab, c.ng, directions), where).toEqual(jsKernels.cooccurrenceCounts(plain, c.ng, directions));
          expect(wasm.runLengthCounts(slab, c.ng, directions), where).toEqual(jsKernels.runLengthCounts(plain, c.ng, directions));
          expect(wasm.zoneScan(slab, neighbours), where).toEqual(jsKernels.zoneScan(plain, neighbours));
          expect(wasm.dependenceCounts(slab, c.ng, neighbours, 0), where).toEqual(jsKernels.dependenceCounts(plain, c.ng, neighbours, 0));
        }
      }
    }
  });

  it("keeps results right when slabs of different volumes alternate (the resident grid follows the slab)", () => {
    const [a, b] = [CASES[0]!, CASES[1]!];
    const sa: Slab = { levels: a.levels, size: a.size, z0: 0, z1: a.size[2] };
    const sb: Slab = { levels: b.levels, size: b.size, z0: 1, z1: 3 };
    const offsets = ibsiDirections(false);
    for (let round = 0; round < 2; round++) {
      expect(wasm.cooccurrenceCounts(sa, a.ng, offsets)).toEqual(jsKernels.cooccurrenceCounts(sa, a.ng, offsets));
      expect(wasm.dependenceCounts(sb, b.ng, offsets, 0)).toEqual(jsKernels.dependenceCounts(sb, b.ng, offsets, 0));
      expect(wasm.zoneScan(sb, offsets)).toEqual(jsKernels.zoneScan(sb, offsets));
    }
  });

  it("discretises exactly as the twins: fixed bin size, fixed bin number, numpy.digitize", () => {
    const rnd = lcg(11);
    const values = Float64Array.from({ length: 1001 }, () => Math.round((rnd() * 2000 - 1000) * 8) / 8);
    values[0] = -1000;
    values[1] = 1000;
    expect(wasm.fixedBinSize(values, 25, -1000)).toEqual(jsKernels.fixedBinSize(values, 25, -1000));
    expect(wasm.fixedBinNumber(values, 32, -1000, 1000)).toEqual(jsKernels.fixedBinNumber(values, 32, -1000, 1000));
    expect(wasm.fixedBinNumber(values.subarray(0, 1), 32, 5, 5)).toEqual(Uint8Array.of(1));
    const edges = pyradiomicsBinEdges(-1000, 1000, { binWidth: 25 });
    expect(wasm.digitize(values, edges)).toEqual(jsKernels.digitize(values, edges));
    expect(wasm.digitize(new Float64Array(0), edges)).toEqual(new Uint8Array(0));
    // The guessed bin and its fallback: values on edges, outside them, NaN and infinities,
    // fixed bin number's last edge set apart, one edge, none, and uneven edges.
    const odd = Float64Array.from([...Array.from(edges), -1e9, 1e9, NaN, Infinity, -Infinity, -1000.0000001, 999.9999999]);
    for (const e of [edges, pyradiomicsBinEdges(-1000, 1000, { binCount: 16 }), Float64Array.of(3), new Float64Array(0), Float64Array.of(-5, 0, 0.5, 7, 100)]) {
      expect(wasm.digitize(odd, e)).toEqual(jsKernels.digitize(odd, e));
      expect(wasm.digitize(values, e)).toEqual(jsKernels.digitize(values, e));
    }
  });

  it("discretises in pieces as the twins do whole: int16 samples, shared memory, f64 past a piece, an odd offset", () => {
    const rnd = lcg(13);
    // A piece holds 256 kB of samples: 131,072 int16, 32,768 f64. These take three and five pieces, the last short.
    const int16 = Int16Array.from({ length: 300_001 }, () => Math.round(rnd() * 4000 - 1500));
    const shared = new Int16Array(new SharedArrayBuffer(2 * int16.length + 2), 2, int16.length);
    shared.set(int16);
    const f64 = Float64Array.from(int16.subarray(0, 150_001), (v) => v + 0.25);
    const edges = pyradiomicsBinEdges(-1500, 2500, { binWidth: 25 });
    for (const values of [int16, shared, f64, int16.subarray(1)]) {
      expect(wasm.fixedBinSize(values, 25, -1500)).toEqual(jsKernels.fixedBinSize(values, 25, -1500));
      expect(wasm.fixedBinNumber(values, 300, -1500, 2500)).toEqual(jsKernels.fixedBinNumber(values, 300, -1500, 2500));
      expect(wasm.digitize(values, edges)).toEqual(jsKernels.digitize(values, edges));
    }
  });

  it.each(CASES.map((c) => [c.name, c] as const))("mask count and box: %s", (_name, c) => {
    const mask = Uint8Array.from(c.levels, (l) => (l > 0 ? 1 : 0));
    const facts = jsKernels.maskFacts(mask, c.size);
    expect(wasm.maskFacts(mask, c.size)).toEqual(facts);
    expect(facts.count).toBe(c.levels.filter((l) => l > 0).length);
  });

  it("gives a label map's count, box and largest label as the twin, rows of any width (blocks of 16 and a tail), labels up to 255", () => {
    const rnd = lcg(61);
    for (const nx of [15, 16, 17, 33, 64, 100]) {
      for (const fill of [0, 0.02, 0.5, 1]) {
        const size: [number, number, number] = [nx, 5, 4];
        const mask = Uint8Array.from({ length: nx * 20 }, () => (rnd() < fill ? 1 + Math.floor(rnd() * 255) : 0));
        const facts = jsKernels.maskFacts(mask, size);
        expect(wasm.maskFacts(mask, size), `${nx}, ${fill}`).toEqual(facts);
        expect(facts.count).toBe(mask.filter((v) => v > 0).length);
        const values = Float64Array.from(mask, (_, k) => k * 0.5);
        expect(wasm.maskedValues(values, mask)).toEqual(jsKernels.maskedValues(values, mask));
      }
    }
    // The largest label sits in any lane of a block.
    for (let lane = 0; lane < 16; lane++) {
      const mask = new Uint8Array(32).fill(3);
      mask[lane] = 200;
      expect(wasm.maskFacts(mask, [32, 1, 1]).largest, `lane ${lane}`).toBe(200);
    }
  });

  it("finds the summary's order statistics as a sort does: integers by counting (with duplicates and negatives), others by radix selection on their bits", () => {
    const rnd = lcg(5);
    const integers = Float64Array.from({ length: 5001 }, () => Math.floor(rnd() * 3000) - 1024);
    const reals = Float64Array.from({ length: 999 }, () => rnd() * 10 - 5);
    const wide = Float64Array.of(3, -(2 ** 30), 2 ** 30, 0);
    // Signs, zeros of both signs, infinities, subnormals and repeated values.
    const awkward = Float64Array.of(0.5, -0, 0, -Infinity, Infinity, 5e-324, -5e-324, -1e300, 1e300, 0.5, -2.25, -0, 1 / 3);
    const spread = Float64Array.from({ length: 70_001 }, () => (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 6));
    // Selection's hard cases: every value in one bucket of the top 16 bits (so each rank is
    // narrowed 8 bits at a time), in one bucket down to the last bits, many copies of a few
    // values (ranks settled on equal keys), a ramp with the percentiles' ranks on bucket
    // edges, values past 2^1009 (the last buckets), and two values.
    const narrow = Float64Array.from({ length: 40_000 }, () => 1024 + rnd() * 60);
    const lastBits = Float64Array.from({ length: 3000 }, () => 1 + Math.floor(rnd() * 200) * Number.EPSILON);
    const copies = Float64Array.from({ length: 20_000 }, () => [0.1, -0.3, 7.5][Math.floor(rnd() * 3)]!);
    const ramp = Float64Array.from({ length: 1001 }, (_, k) => 1000 - k * 0.25);
    const huge = Float64Array.of(1e305, -1e308, 1.7e308, 2 ** 1010, 3, Infinity, 2 ** 1009 * 1.5);
    // NaNs of both signs sort last, as a typed array's sort puts them.
    const negativeNaN = new Float64Array(BigUint64Array.of(0xfff8000000000000n).buffer)[0]!;
    const nans = Float64Array.of(3, NaN, 1, negativeNaN, 2, 5, -Infinity);
    for (const values of [integers, reals, wide, awkward, spread, narrow, lastBits, copies, ramp, huge, nans, Float64Array.of(2.5, -1), new Float64Array(0), Float64Array.of(7)]) {
      const sorted = Float64Array.from(values).sort();
      const n = sorted.length;
      const expected = {
        min: n ? sorted[0] : NaN, max: n ? sorted[n - 1] : NaN,
        percentiles: Float64Array.from(SUMMARY_PERCENTILES, (q) => (n ? percentile(sorted, q) : NaN)),
      };
      const [fromWasm, fromTwin] = [wasm.summariseValues(values, 0), jsKernels.summariseValues(values, 0)];
      expect({ min: fromWasm.min, max: fromWasm.max, percentiles: fromWasm.percentiles }).toEqual(expected);
      expect({ min: fromTwin.min, max: fromTwin.max, percentiles: fromTwin.percentiles }).toEqual(expected);
      // The sums run over the values in their order: equal bits say the order is the same.
      if (n) expect(fromWasm).toEqual(fromTwin);
    }
  });

  it("finds the largest distance between points as the twin, in 2-D and 3-D, over all points or some", () => {
    const rnd = lcg(9);
    const points = Float64Array.from({ length: 3 * 301 }, () => rnd() * 100);
    const some = [0, 5, 17, 200, 300, 42, 99];
    expect(wasm.maxSquaredDistance(points, 3)).toBe(jsKernels.maxSquaredDistance(points, 3));
    expect(wasm.maxSquaredDistance(points, 3, some)).toBe(jsKernels.maxSquaredDistance(points, 3, some));
    expect(wasm.maxSquaredDistance(points.subarray(0, 2 * 151), 2)).toBe(jsKernels.maxSquaredDistance(points.subarray(0, 2 * 151), 2));
    // Corners of a 3 × 4 × 12 box: the diagonal, 13, is the largest distance.
    const box = Float64Array.of(0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 12, 3, 4, 12);
    expect(wasm.maxSquaredDistance(box, 3)).toBe(169);
    expect(wasm.maxSquaredDistance(Float64Array.of(1, 2, 3), 3)).toBe(0);
  });

  it("refuses a call that needs more memory than the instance may have, and auto runs it on the twin instead", () => {
    const rnd = lcg(83);
    const slabOf = (size: [number, number, number]): Slab => ({
      levels: Int32Array.from({ length: size[0] * size[1] * size[2] }, () => 1 + Math.floor(rnd() * 3)), size, z0: 0, z1: size[2],
    });
    const big = slabOf([120, 120, 60]), small = slabOf([10, 10, 10]);
    const neighbours = chebyshevNeighbourhood(false);
    // 40 pages (2.5 MB): the big slab's padded i32 grid alone is 3.6 MB.
    const bounded = newWasmKernels(backend, 40);
    let refusal: unknown;
    try {
      bounded.zoneScan(big, neighbours);
    } catch (err) {
      refusal = err;
    }
    expect(isRadiomicsError(refusal) && refusal.code).toBe("UNSUPPORTED_BACKEND");
    expect(String(refusal)).toMatch(/WebAssembly memory.*--backend auto/);
    // The instance stays usable after a refusal.
    expect(bounded.zoneScan(small, neighbours)).toEqual(jsKernels.zoneScan(small, neighbours));
    const guarded = withMemoryFallback(newWasmKernels(backend, 40));
    const before = memoryFallbacks();
    expect(guarded.zoneScan(small, neighbours)).toEqual(jsKernels.zoneScan(small, neighbours));
    expect(memoryFallbacks()).toBe(before);
    expect(guarded.zoneScan(big, neighbours)).toEqual(jsKernels.zoneScan(big, neighbours));
    expect(memoryFallbacks()).toBe(before + 1);
    expect(guarded.backend).toBe(backend);
  });

  it("lets the last slab's grid go when a new ROI's values or levels come, so that their memory does not stack on it", () => {
    const rnd = lcg(89);
    const size: [number, number, number] = [60, 60, 30];
    const n = size[0] * size[1] * size[2];
    const slab: Slab = { levels: Int32Array.from({ length: n }, () => 1 + Math.floor(rnd() * 3)), size, z0: 0, z1: size[2] };
    const values = Float64Array.from({ length: n }, () => rnd()), inside = new Uint8Array(n).fill(1);
    // 40 pages (2.5 MB): the slab's resident grid and voxel list (1.1 MB) fit, and so do the
    // values' copy, mask and output (1.8 MB), but not both at once.
    const bounded = newWasmKernels(backend, 40);
    const neighbours = chebyshevNeighbourhood(false);
    expect(bounded.zoneScan(slab, neighbours)).toEqual(jsKernels.zoneScan(slab, neighbours));
    expect(bounded.maskedValues(values, inside)).toEqual(jsKernels.maskedValues(values, inside));
    // The grid is laid out again for the next texture kernel.
    expect(bounded.zoneScan(slab, neighbours)).toEqual(jsKernels.zoneScan(slab, neighbours));
    // A new gray-level volume: 70 × 70 × 35 levels placed take 1.7 MB, not with the grid.
    const roi = new Uint8Array(70 * 70 * 35).fill(1);
    const levels = Int32Array.from({ length: roi.length }, () => 1 + Math.floor(rnd() * 4));
    const at = layoutOf(roi, [70, 70, 35], [0, 1, 2]);
    expect(bounded.placeLevels(roi, roi, levels, at)).toEqual(jsKernels.placeLevels(roi, roi, levels, at));
  });

  it("keeps no placement it had no room to lay out: the next call has the memory", () => {
    // 40 pages (2.5 MB): a 70 × 70 × 60 box's kept grid and mask (1.6 MB) fit, not with the
    // levels and mask copied in beside them.
    const bounded = newWasmKernels(backend, 40);
    const roi = new Uint8Array(70 * 70 * 60).fill(1);
    const levels = new Int32Array(roi.length).fill(1);
    expect(() => bounded.placeLevels(roi, roi, levels, layoutOf(roi, [70, 70, 60], [0, 1, 2]))).toThrow(/WebAssembly memory/);
    // 150 k values and their levels (1.8 MB): room from the bottom only.
    const values = Float64Array.from({ length: 150_000 }, (_, i) => i % 7);
    const edges = Float64Array.of(0, 2, 4, 7);
    expect(bounded.digitize(values, edges)).toEqual(jsKernels.digitize(values, edges));
  });

  it("refuses a request of 2 GB or more, which 32-bit arithmetic would wrap to a small one", () => {
    // Counts of levels up to 2²⁸ take (2²⁸ + 1) · 8 bytes, just over 2³¹: once wrapped
    // negative, it grew nothing and the kernel wrote out of bounds.
    const bounded = newWasmKernels(backend, 40);
    let refusal: unknown;
    try {
      bounded.levelCounts(Int32Array.of(1, 2 ** 28));
    } catch (err) {
      refusal = err;
    }
    expect(isRadiomicsError(refusal) && refusal.code).toBe("UNSUPPORTED_BACKEND");
    expect(String(refusal)).toMatch(/needs 2\.00 GB of WebAssembly memory/);
    expect(bounded.levelCounts(Int32Array.of(1, 3, 3))).toEqual(Float64Array.of(0, 1, 0, 2));
  });

  it("summarises values as the twin, bit for bit: integers, floats, one value, a shift", () => {
    const rnd = lcg(71);
    const sets = [
      Float64Array.from({ length: 5001 }, () => Math.round((rnd() - 0.4) * 2000)),
      Float64Array.from({ length: 1234 }, () => (rnd() - 0.5) * 1e3),
      Float64Array.of(42),
    ];
    for (const values of sets) {
      for (const shift of [0, 1000]) expect(wasm.summariseValues(values, shift), `${values.length}, shift ${shift}`).toEqual(jsKernels.summariseValues(values, shift));
    }
    // X = {1, 2, 3, 4}: mean 2.5, variance 1.25, MAD 1, median 2.5; P10 = 1.3 and P90 = 3.7 keep {2, 3}: robust MAD 0.5.
    const s = wasm.summariseValues(Float64Array.of(4, 1, 3, 2), 0);
    expect([s.mean, s.variance, s.meanAbsoluteDeviation, s.medianAbsoluteDeviation, s.robustMeanAbsoluteDeviation, s.shiftedSumOfSquares]).toEqual([2.5, 1.25, 1, 1, 0.5, 30]);
  });

  it("gathers the values under a mask as the twin, for every sample type (and nothing from an empty mask)", () => {
    const rnd = lcg(41);
    const n = 1003;
    const mask = Uint8Array.from({ length: n }, () => (rnd() < 0.3 ? 1 : 0));
    const raw = Array.from({ length: n }, () => (rnd() - 0.3) * 300);
    const types: Array<new (values: number[]) => VoxelArray> = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
    for (const Ctor of types) {
      const values = new Ctor(raw.map((v) => (Ctor === Float32Array || Ctor === Float64Array ? v : Math.trunc(v))));
      const got = wasm.maskedValues(values, mask);
      expect(got, Ctor.name).toEqual(jsKernels.maskedValues(values, mask));
      expect(got.length).toBe(mask.reduce((a, b) => a + b, 0));
    }
    expect(wasm.maskedValues(Float64Array.of(1, 2, 3), Uint8Array.of(0, 1, 0))).toEqual(Float64Array.of(2));
    expect(wasm.maskedValues(Float64Array.of(1, 2), new Uint8Array(2))).toEqual(new Float64Array(0));
  });

  it("gathers values in the image's own type, and discretises and summarises them as their float64 copy, on both backends", () => {
    const rnd = lcg(43);
    const n = 2003;
    const mask = Uint8Array.from({ length: n }, () => (rnd() < 0.6 ? 1 : 0));
    // Within every type's range (an unsigned type's from 0), fractions for the float types.
    const raw = Array.from({ length: n }, () => rnd() * 240);
    const types: Array<new (values: number[]) => VoxelArray> = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
    for (const Ctor of types) {
      const signed = [Int8Array, Int16Array, Int32Array, Float32Array, Float64Array].includes(Ctor as never);
      const samples = raw.map((v) => (signed ? v - 120 : v)).map((v) => (Ctor === Float32Array || Ctor === Float64Array ? v : Math.trunc(v)));
      const values = wasm.maskedValues(new Ctor(samples), mask);
      expect(values, Ctor.name).toBeInstanceOf(Ctor);
      const wide = Float64Array.from(values);
      const { min, max } = jsKernels.imageStats(wide);
      const edges = pyradiomicsBinEdges(min, max, { binWidth: 7 });
      for (const k of [wasm, jsKernels]) {
        const label = `${Ctor.name} on ${k.backend}`;
        expect(k.fixedBinSize(values, 7, min), label).toEqual(jsKernels.fixedBinSize(wide, 7, min));
        expect(k.fixedBinNumber(values, 16, min, max), label).toEqual(jsKernels.fixedBinNumber(wide, 16, min, max));
        expect(k.digitize(values, edges), label).toEqual(jsKernels.digitize(wide, edges));
        expect(k.summariseValues(values, 1000), label).toEqual(jsKernels.summariseValues(wide, 1000));
      }
    }
  });

  it("gives levels in the narrowest type that holds them, as the twins, and counts and places them as their i32 copy", () => {
    const rnd = lcg(47);
    const values = Float64Array.from({ length: 3001 }, () => Math.round(rnd() * 1000));
    // Bin widths giving up to 1001 levels (u16), up to 201 (u8); a lower bound above some values (levels ≤ 0: i32); over 65,535 levels (i32).
    const cases: Array<[number, number, typeof Uint8Array | typeof Uint16Array | typeof Int32Array]> = [[1, 0, Uint16Array], [5, 0, Uint8Array], [5, 500, Int32Array], [0.01, 0, Int32Array]];
    for (const [width, lower, Ctor] of cases) {
      const label = `width ${width}, lower ${lower}`;
      const levels = wasm.fixedBinSize(values, width, lower);
      expect(levels, label).toBeInstanceOf(Ctor);
      expect(levels, label).toEqual(jsKernels.fixedBinSize(values, width, lower));
      const wide = Int32Array.from({ length: values.length }, (_, k) => Math.floor((values[k]! - lower) / width) + 1);
      expect(Int32Array.from(levels), label).toEqual(wide);
      if (Ctor === Int32Array) continue;
      expect(wasm.levelCounts(levels), label).toEqual(jsKernels.levelCounts(wide));
      // Placed as a 3001 × 1 × 1 volume with every voxel in the ROI, kept and in shared memory.
      const inside = new Uint8Array(values.length).fill(1);
      for (const shared of [false, true]) {
        const at = { size: [values.length, 1, 1] as const, lower: [0, 0, 0] as const, upper: [values.length - 1, 0, 0] as const, order: [0, 1, 2] as const, shared };
        expect(wasm.placeLevels(inside, inside, levels, at).levels, label).toEqual(jsKernels.placeLevels(inside, inside, wide, at).levels);
      }
    }
  });

  it("counts gray levels as the twin, by hand on a small case, for odd lengths and no levels", () => {
    // Levels 2, 2, 5, 1: n = [0, 1, 2, 0, 0, 1].
    expect(wasm.levelCounts(Int32Array.of(2, 2, 5, 1))).toEqual(Float64Array.of(0, 1, 2, 0, 0, 1));
    expect(jsKernels.levelCounts(Int32Array.of(2, 2, 5, 1))).toEqual(Float64Array.of(0, 1, 2, 0, 0, 1));
    expect(wasm.levelCounts(new Int32Array(0))).toEqual(Float64Array.of(0));
    const rnd = lcg(17);
    for (const n of [1, 3, 4, 7, 1001]) {
      const levels = Int32Array.from({ length: n }, () => 1 + Math.floor(rnd() * 300));
      expect(wasm.levelCounts(levels), String(n)).toEqual(jsKernels.levelCounts(levels));
    }
  });

  it("lists the zones' level × measure cells as the twin: by hand, measures past 16 bits, many equal zones, none", () => {
    // Levels 1, 1, 2, 1, 3 with sizes 3, 100, 3, 3, 7: cells (1, 3) × 2, (1, 100), (2, 3), (3, 7).
    const hand = wasm.zoneEntries(3, Int32Array.of(1, 1, 2, 1, 3), Int32Array.of(3, 100, 3, 3, 7));
    expect(hand).toEqual({ i: Int32Array.of(1, 1, 2, 3), j: Int32Array.of(3, 100, 3, 7), v: Float64Array.of(2, 1, 1, 1) });
    const rnd = lcg(67);
    for (const [zones, ng, spread] of [[2000, 17, 40], [5000, 300, 200_000], [30_000, 3, 4], [1, 1, 1]] as const) {
      const level = Int32Array.from({ length: zones }, () => 1 + Math.floor(rnd() * ng));
      // Mostly small measures, a few past 65,535 (the second 16-bit pass) when the spread allows.
      const measure = Int32Array.from({ length: zones }, () => 1 + Math.floor(rnd() ** 4 * spread));
      expect(wasm.zoneEntries(ng, level, measure), `${zones} zones, ${ng} levels`).toEqual(jsKernels.zoneEntries(ng, level, measure));
    }
    expect(wasm.zoneEntries(4, new Int32Array(0), new Int32Array(0))).toEqual({ i: new Int32Array(0), j: new Int32Array(0), v: new Float64Array(0) });
  });

  it("counts 26-connected components as the twin and as the zone flood fill of a one-level volume", () => {
    const rnd = lcg(61);
    const neighbours = chebyshevNeighbourhood(false);
    for (const [size, density] of [[[17, 13, 9], 0.2], [[40, 3, 5], 0.5], [[6, 6, 6], 0.05], [[1, 1, 1], 1], [[9, 9, 9], 0]] as Array<[[number, number, number], number]>) {
      const mask = Uint8Array.from({ length: size[0] * size[1] * size[2] }, () => (rnd() < density ? 1 : 0));
      const levels = Int32Array.from(mask);
      const flood = jsKernels.zoneScan({ levels, size, z0: 0, z1: size[2] }, neighbours).level.length;
      expect(jsKernels.componentCount(mask, size), `${size}, density ${density}`).toBe(flood);
      expect(wasm.componentCount(mask, size), `${size}, density ${density}`).toBe(flood);
    }
    // Long runs and gaps (1–40 voxels) in rows of 70 and 33: runs across the SIMD's 16-voxel
    // blocks, filling whole blocks, ending on a block's last voxel or at an empty block.
    for (const size of [[70, 5, 4], [33, 7, 3], [16, 4, 4]] as Array<[number, number, number]>) {
      const mask = new Uint8Array(size[0] * size[1] * size[2]);
      for (let r = 0; r < size[1] * size[2]; r++) {
        for (let x = Math.floor(rnd() * 3), on = rnd() < 0.5; x < size[0]; on = !on) {
          const length = 1 + Math.floor(rnd() * (rnd() < 0.5 ? 8 : 40));
          if (on) mask.fill(1, r * size[0] + x, r * size[0] + Math.min(size[0], x + length));
          x += length;
        }
      }
      const flood = jsKernels.zoneScan({ levels: Int32Array.from(mask), size, z0: 0, z1: size[2] }, neighbours).level.length;
      expect(jsKernels.componentCount(mask, size), `runs in ${size}`).toBe(flood);
      expect(wasm.componentCount(mask, size), `runs in ${size}`).toBe(flood);
    }
    // A run that ends on a block's last voxel (x = 15, then an empty block) touches, corner
    // to corner, the next row's run from x = 16: one component; from x = 17, two.
    for (const [from, components] of [[16, 1], [17, 2]] as const) {
      const mask = new Uint8Array(64);
      mask.fill(1, 0, 16);
      mask.fill(1, 32 + from, 32 + 21);
      expect(wasm.componentCount(mask, [32, 2, 1]), `from ${from}`).toBe(components);
      expect(jsKernels.componentCount(mask, [32, 2, 1]), `from ${from}`).toBe(components);
    }
    // Voxels (0, 0, 0), (1, 1, 1), (2, 2, 2) touch corner to corner; (0, 0, 0) and (2, 2, 2) alone do not.
    const diagonal = new Uint8Array(27);
    diagonal[0] = diagonal[13] = diagonal[26] = 1;
    expect(wasm.componentCount(diagonal, [3, 3, 3])).toBe(1);
    diagonal[13] = 0;
    expect(wasm.componentCount(diagonal, [3, 3, 3])).toBe(2);
    expect(wasm.componentCount(Uint8Array.of(1, 0, 1), [3, 1, 1])).toBe(2);
  });

  it("sums a mask's index moments exactly as the twin (and as counted by hand on a small mask)", () => {
    const rnd = lcg(33);
    for (const size of [[37, 5, 4], [1, 1, 1], [64, 3, 2]] as Array<[number, number, number]>) {
      const mask = Uint8Array.from({ length: size[0] * size[1] * size[2] }, () => (rnd() < 0.4 ? 1 : 0));
      expect(wasm.maskMoments(mask, size), String(size)).toEqual(jsKernels.maskMoments(mask, size));
    }
    // Voxels (1, 0, 0) and (2, 1, 1) of a 3 × 2 × 2 mask.
    const two = new Uint8Array(12);
    two[1] = 1;
    two[2 + 3 + 6] = 1;
    expect(Array.from(wasm.maskMoments(two, [3, 2, 2]))).toEqual([2, 3, 1, 1, 5, 1, 1, 2, 2, 1]);
  });

  it("finds each plane's hull of mesh vertices as the twin, bit for bit: speckled blobs, one voxel, a line, anisotropic spacing", () => {
    const rnd = lcg(21);
    const shapes: Array<{ size: [number, number, number]; spacing: [number, number, number]; keep: (x: number, y: number, z: number) => boolean }> = [
      { size: [23, 19, 9], spacing: [0.7, 1.3, 2.5], keep: (x, y, z) => ((x - 11) / 10) ** 2 + ((y - 9) / 8) ** 2 + ((z - 4) / 4) ** 2 <= 1 && rnd() < 0.8 },
      { size: [30, 7, 12], spacing: [1, 1, 1], keep: () => rnd() < 0.3 },
      { size: [3, 3, 3], spacing: [0.5, 2, 3], keep: (x, y, z) => x === 1 && y === 1 && z === 1 },
      { size: [9, 3, 3], spacing: [1.1, 1, 1], keep: (_x, y, z) => y === 1 && z === 1 },
    ];
    for (const { size, spacing, keep } of shapes) {
      const mask = new Uint8Array(size[0] * size[1] * size[2]);
      for (let z = 0, n = 0; z < size[2]; z++) for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++, n++) mask[n] = keep(x, y, z) ? 1 : 0;
      const { vertices } = jsKernels.marchingCubes(mask, size, spacing);
      for (const axis of [0, 1, 2] as const) {
        const expected = jsKernels.planeHulls(vertices, axis, spacing);
        expect(expected.hullVertices.length).toBeGreaterThan(0);
        expect(wasm.planeHulls(vertices, axis, spacing), `${size}, axis ${axis}`).toEqual(expected);
      }
    }
    expect(wasm.planeHulls(new Float64Array(0), 2, [1, 1, 1])).toEqual(jsKernels.planeHulls(new Float64Array(0), 2, [1, 1, 1]));
  });

  it("finds the local intensity peaks as the twin, bit for bit, with spheres clipped by every face and ties at the maximum", () => {
    const rnd = lcg(43);
    for (const [size, spacing, fill] of [
      [[23, 17, 9], [1, 1, 1], 0.6],
      [[31, 12, 6], [0.7, 0.7, 2.5], 0.3],
      [[5, 4, 3], [2, 2, 2], 1],
      [[40, 3, 2], [0.5, 3, 3], 0.8],
    ] as const) {
      const n = size[0] * size[1] * size[2];
      // Few distinct values, so that several voxels share the maximum.
      const values = Int16Array.from({ length: n }, () => Math.round(rnd() * 12) - 4);
      const mask = Uint8Array.from({ length: n }, () => (rnd() < fill ? 1 : 0));
      const rows = sphereRows([...spacing], PEAK_RADIUS_MM);
      for (const data of [values, Float64Array.from(values, (v) => v * 0.37)]) {
        const expected = jsKernels.localPeaks(data, mask, [...size], rows);
        expect(Number.isFinite(expected.localPeak)).toBe(true);
        expect(wasm.localPeaks(data, mask, [...size], rows), `${size}`).toEqual(expected);
      }
    }
    expect(wasm.localPeaks(new Float64Array(8), new Uint8Array(8), [2, 2, 2], sphereRows([1, 1, 1], PEAK_RADIUS_MM))).toEqual({ localPeak: -Infinity, globalPeak: -Infinity });
  });

  it("projects a hull's vertices on each face's plane and finds their 2-D hulls as the twin, bit for bit", () => {
    const rnd = lcg(47);
    // Points on half-voxel steps (as mesh vertices are: ties in x and y, collinear runs), some repeated, and a few of them only.
    const grid = (n: number) => Float64Array.from({ length: 3 * n }, () => Math.round(rnd() * 40) / 2);
    const frame = () => {
      const v = [rnd() - 0.5, rnd() - 0.5, rnd() - 0.5], l = Math.hypot(...v), n = v.map((x) => x / l);
      const e = Math.abs(n[0]!) < 0.9 ? [0, n[2]!, -n[1]!] : [-n[2]!, 0, n[0]!], le = Math.hypot(...e), e1 = e.map((x) => x / le);
      return [...n, ...e1, n[1]! * e1[2]! - n[2]! * e1[1]!, n[2]! * e1[0]! - n[0]! * e1[2]!, n[0]! * e1[1]! - n[1]! * e1[0]!];
    };
    const axes = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    for (const count of [300, 9, 4, 2]) {
      const points = grid(count);
      const vertices = Int32Array.from({ length: count + 3 }, (_, k) => k % count);
      const frames = Float64Array.from([...axes, ...Array.from({ length: 12 }, frame).flat()]);
      const seen: Array<[number[], number]>[] = [[], []];
      [jsKernels, wasm].forEach((kernels, side) => kernels.projectedHulls(points, vertices, frames, (hull, height) => seen[side]!.push([Array.from(hull), height])));
      expect(seen[0]!.length).toBe(13);
      expect(seen[1], `${count} points`).toEqual(seen[0]);
    }
  });

  it("moves Khachiyan's weights as the twin, bit for bit, to the iteration limit or the tolerance", () => {
    const rnd = lcg(41);
    // Odd and even counts (SIMD takes two points at a time), an ellipsoid's points and a cube's corners (ties for the farthest point).
    const ellipsoid = (n: number) => Float64Array.from({ length: 3 * n }, (_, k) => {
      const j = Math.floor(k / 3), t = (j * 2.399963) % (2 * Math.PI), z = 1 - (2 * j + 1) / n, r = Math.sqrt(1 - z * z);
      return [12 * r * Math.cos(t) + 3, 7 * r * Math.sin(t) - 1, 5 * z + 20][k % 3]! + (rnd() - 0.5) * 0.01;
    });
    const cube = Float64Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1].map((v) => v * 2.5));
    for (const [points, tolerance, iterations] of [[ellipsoid(5), 1e-7, 10_000], [ellipsoid(7), 1e-7, 3_000], [ellipsoid(238), 1e-7, 400], [ellipsoid(61), 1e-3, 10_000], [cube, 1e-7, 10_000]] as const) {
      const expected = jsKernels.khachiyanWeights(points, tolerance, iterations);
      expect(wasm.khachiyanWeights(points, tolerance, iterations), `${points.length / 3} points`).toEqual(expected);
      expect(expected.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it("sums an image and finds its range as the twin, for every sample type", () => {
    const rnd = lcg(13);
    const raw = Array.from({ length: 70001 }, () => Math.floor(rnd() * 250) - 100);
    for (const Ctor of [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array]) {
      const values = Ctor.from(raw.map((v) => (Ctor === Float32Array || Ctor === Float64Array ? v + 0.37 : v)));
      expect(wasm.imageStats(values), Ctor.name).toEqual(jsKernels.imageStats(values));
    }
    expect(wasm.imageStats(Int16Array.of(-3, 7, 2))).toEqual({ sum: 6, min: -3, max: 7 });
  });

  it("sums in four partial sums, (s0 + s1) + (s2 + s3), on both twins and across the pieces a long volume is streamed in", () => {
    // In index order 2^53 + 1 + 1 + 1 would stay 2^53 (each 1 is lost to rounding); in four
    // sums it is (2^53 + 1) + (1 + 1) = 2^53 + 2.
    for (const k of [jsKernels, wasm]) expect(k.imageStats(Float64Array.of(2 ** 53, 1, 1, 1))).toEqual({ sum: 2 ** 53 + 2, min: 1, max: 2 ** 53 });
    // No values at all, then fewer than a vector holds, and the extremes in every lane of one.
    for (const k of [jsKernels, wasm]) expect(k.imageStats(new Int16Array(0))).toEqual({ sum: 0, min: Infinity, max: -Infinity });
    expect(wasm.maskFacts(new Uint8Array(0), [0, 3, 3])).toEqual(jsKernels.maskFacts(new Uint8Array(0), [0, 3, 3]));
    for (const Ctor of [Int8Array, Uint8Array, Int16Array, Uint16Array, Float32Array, Float64Array]) {
      for (let n = 1; n <= 19; n++) {
        const values = Ctor.from(Array.from({ length: n }, (_, k) => ((k * 7) % 11) - 4));
        expect(wasm.imageStats(values), `${Ctor.name} ${n}`).toEqual(jsKernels.imageStats(values));
      }
    }
    // Longer than one streamed piece (256 kB) for every sample size, odd lengths, NaN and −0 among the values.
    const rnd = lcg(31);
    for (const Ctor of [Uint8Array, Int16Array, Float32Array, Float64Array]) {
      const values = new Ctor(600_003);
      for (let k = 0; k < values.length; k++) values[k] = Ctor === Uint8Array || Ctor === Int16Array ? Math.floor(rnd() * 200) : (rnd() - 0.5) * 1e6;
      expect(wasm.imageStats(values), Ctor.name).toEqual(jsKernels.imageStats(values));
      if (Ctor === Int16Array) {
        // Shared memory, 2 bytes past an 8-byte boundary.
        const shared = new Int16Array(new SharedArrayBuffer(values.byteLength + 10), 10, values.length);
        shared.set(values);
        expect(wasm.imageStats(shared)).toEqual(jsKernels.imageStats(values));
      }
      if (Ctor === Float32Array || Ctor === Float64Array) {
        values[7] = NaN;
        values[599_999] = -0;
        const withNaN = jsKernels.imageStats(values);
        expect(withNaN.sum).toBeNaN();
        expect(wasm.imageStats(values)).toEqual(withNaN);
      }
    }
  });

  it("selects a label from label maps of every sample type as the twin (uint32 cast: negatives wrap, fractions truncate)", () => {
    const rnd = lcg(17);
    const raw = Array.from({ length: 9001 }, () => Math.floor(rnd() * 6) - 1);
    for (const Ctor of [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array]) {
      const values = Ctor.from(raw);
      for (const label of [1, 2, 255, 65535, 4294967295]) expect(wasm.labelMask(values, label), `${Ctor.name} ${label}`).toEqual(jsKernels.labelMask(values, label));
    }
    // A u8 map of the label alone, long enough for lanes counting 255 hits each (the SIMD path's widest).
    const full = new Uint8Array(100_003).fill(1);
    expect(wasm.labelMask(full, 1).count).toBe(100_003);
    expect(wasm.labelMask(full, 1).mask.every((v) => v === 1)).toBe(true);
    const odd = Float64Array.of(2.9, -0.5, NaN, Infinity, -1, 4294967298.5, 2 ** 64 + 2 ** 12, 1);
    expect(Array.from(wasm.labelMask(odd, 2).mask)).toEqual([1, 0, 0, 0, 0, 1, 0, 0]);
    expect(wasm.labelMask(odd, 4294967295)).toEqual(jsKernels.labelMask(odd, 4294967295));
    expect(wasm.labelMask(odd, 4096)).toEqual(jsKernels.labelMask(odd, 4096));
    expect(wasm.labelMask(odd, 2 ** 40).count).toBe(0);
  });

  it("finds a label's count and box, and writes its window mask, as the twins: every sample type, planes past a piece, labels past 2³¹", () => {
    const rnd = lcg(19);
    // 37 × 29 planes, 60 of them (64,380 voxels: a streamed piece of f64 holds 32,768); a
    // blob of labels 1 and 3 with some stray voxels of 1, and values that wrap or truncate to 1.
    const size: [number, number, number] = [37, 29, 60];
    const raw = new Float64Array(37 * 29 * 60);
    for (let z = 0, n = 0; z < 60; z++) for (let y = 0; y < 29; y++) for (let x = 0; x < 37; x++, n++) {
      const inside = (x - 20) ** 2 + (y - 12) ** 2 + ((z - 30) / 2) ** 2 < 90;
      raw[n] = inside ? (rnd() < 0.8 ? 1 : 3) : rnd() < 0.002 ? 1 : 0;
    }
    for (const Ctor of [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array]) {
      const values = Ctor.from(raw);
      for (const label of [1, 3, 7, 4294967295]) {
        const facts = jsKernels.labelFacts(values, label, size);
        expect(wasm.labelFacts(values, label, size), `${Ctor.name} ${label}`).toEqual(facts);
        if (!facts.box) continue;
        // The window is the box and 3 voxels around it; planes handed over 7 at a time.
        const window = { lower: facts.box.lower.map((l) => l - 3) as Vec3, upper: facts.box.upper.map((u) => u + 3) as Vec3 };
        const cells = (window.upper[0] - window.lower[0] + 1) * (window.upper[1] - window.lower[1] + 1) * (window.upper[2] - window.lower[2] + 1);
        const [got, want] = [new Uint8Array(cells), new Uint8Array(cells)];
        for (let z0 = 0; z0 < 60; z0 += 7) {
          const planes = Math.min(7, 60 - z0), piece = values.subarray(z0 * 37 * 29, (z0 + planes) * 37 * 29);
          wasm.labelWindow(piece, label, size, facts.box, window, z0, planes, got);
          jsKernels.labelWindow(piece, label, size, facts.box, window, z0, planes, want);
        }
        expect(got, `${Ctor.name} ${label}`).toEqual(want);
        expect(want.reduce((a, b) => a + b, 0)).toBe(facts.count);
      }
    }
    // Values that wrap or truncate to the label, and a label beyond uint32.
    const odd = Float64Array.of(0, 2.9, -0.5, NaN, Infinity, -1, 4294967298.5, 2 ** 64 + 2 ** 12);
    for (const label of [2, 4294967295, 4096, 2 ** 40]) expect(wasm.labelFacts(odd, label, [4, 2, 1]), `${label}`).toEqual(jsKernels.labelFacts(odd, label, [4, 2, 1]));
    expect(jsKernels.labelFacts(odd, 2, [4, 2, 1])).toEqual({ count: 2, box: { lower: [1, 0, 0], upper: [2, 1, 0] }, largest: 1 });
  });

  it("transforms like the twin, bit for bit: 3-D FFT forward and back, radix-2 and Bluestein lengths 1 to 17 per axis", () => {
    const rnd = lcg(23);
    for (const size of [[8, 4, 2], [16, 1, 4], [1, 1, 1], [2, 8, 16], [5, 3, 7], [12, 1, 9], [3, 6, 17]] as Array<[number, number, number]>) {
      const total = size[0] * size[1] * size[2];
      const re = Float64Array.from({ length: total }, () => rnd() - 0.5), im = Float64Array.from({ length: total }, () => rnd() - 0.5);
      const [wr, wi, jr, ji] = [re.slice(), im.slice(), re.slice(), im.slice()];
      wasm.fft3d(wr, wi, size);
      jsKernels.fft3d(jr, ji, size);
      expect([wr, wi], size.join("×")).toEqual([jr, ji]);
      wasm.fft3d(wr, wi, size, true);
      jsKernels.fft3d(jr, ji, size, true);
      expect([wr, wi]).toEqual([jr, ji]);
      for (let k = 0; k < total; k++) expect(wr[k]).toBeCloseTo(re[k]!, 12);
    }
  });

  it.each(["nearest", "linear", "bspline"] as const)("resamples a box along each axis as the twin, bit for bit (%s)", (method) => {
    const rnd = lcg(29);
    // A 7 × 5 × 4 box from voxel (2, 1, 1) of a 10 × 8 × 6 int16 grid.
    const size: [number, number, number] = [10, 8, 6];
    const data = Int16Array.from({ length: 10 * 8 * 6 }, () => Math.round(rnd() * 1000) - 300);
    const positions = [Float64Array.of(-0.7, -0.2, 0, 0.35, 1.5, 3.9, 6, 6.4, 6.6), Float64Array.of(0.25, 2.5, 4.75), Float64Array.of(-1, 0.5, 1, 1.5, 2, 2.5, 3, 3.2)];
    // The first pass reads the samples as they are: other types too.
    for (const other of [Uint8Array.from(data, (v) => v & 255), Float32Array.from(data, (v) => v / 7), Uint32Array.from(data, (v) => v >>> 0)]) {
      expect(wasm.resampleBox(other, size, [2, 1, 1], [7, 5, 4], positions, method, "zero"), other.constructor.name).toEqual(jsKernels.resampleBox(other, size, [2, 1, 1], [7, 5, 4], positions, method, "zero"));
    }
    for (const extrapolation of ["nearest", "zero"] as const) {
      const twin = jsKernels.resampleBox(data, size, [2, 1, 1], [7, 5, 4], positions, method, extrapolation);
      expect(twin.length).toBe(9 * 3 * 8);
      expect(wasm.resampleBox(data, size, [2, 1, 1], [7, 5, 4], positions, method, extrapolation), extrapolation).toEqual(twin);
      // From shared memory (a worker's image) the same.
      const shared = new Int16Array(new SharedArrayBuffer(data.byteLength));
      shared.set(data);
      expect(wasm.resampleBox(shared, size, [2, 1, 1], [7, 5, 4], positions, method, extrapolation)).toEqual(twin);
      expect(jsKernels.resampleBox(shared, size, [2, 1, 1], [7, 5, 4], positions, method, extrapolation)).toEqual(twin);
    }
    // A box of some size, every pass across many lines.
    const wide = Int16Array.from({ length: 19 * 13 * 11 }, () => Math.round(rnd() * 1000) - 300);
    const across = [Float64Array.from({ length: 21 }, (_, k) => k * 0.9 - 0.3), Float64Array.from({ length: 9 }, (_, k) => k * 1.4), Float64Array.from({ length: 14 }, (_, k) => k * 0.75 - 0.2)];
    expect(wasm.resampleBox(wide, [19, 13, 11], [0, 0, 0], [19, 13, 11], across, method, "zero")).toEqual(jsKernels.resampleBox(wide, [19, 13, 11], [0, 0, 0], [19, 13, 11], across, method, "zero"));
    // A one-voxel axis (a single slice) at its own position.
    const slice = Float64Array.of(1, 2, 3, 4);
    const at = [Float64Array.of(0, 1), Float64Array.of(0, 1), Float64Array.of(0)];
    const kept = wasm.resampleBox(slice, [2, 2, 1], [0, 0, 0], [2, 2, 1], at, method, "nearest");
    expect(kept).toEqual(jsKernels.resampleBox(slice, [2, 2, 1], [0, 0, 0], [2, 2, 1], at, method, "nearest"));
    for (let k = 0; k < 4; k++) expect(kept[k]).toBeCloseTo(slice[k]!, 14);
  });

  it.each(["nearest", "linear", "bspline"] as const)("hands a resampled box a slab of planes at a time, each the whole box's bit for bit (%s)", (method) => {
    const rnd = lcg(37);
    const size: Vec3 = [19, 13, 11];
    const data = Int16Array.from({ length: 19 * 13 * 11 }, () => Math.round(rnd() * 1000) - 300);
    // z positions beyond both ends, and a slab that reads the line's mirrored start.
    const positions = [Float64Array.from({ length: 17 }, (_, k) => k * 1.1 - 0.4), Float64Array.from({ length: 9 }, (_, k) => k * 1.4), Float64Array.from({ length: 23 }, (_, k) => k * 0.47 - 0.9)];
    for (const extrapolation of ["nearest", "zero"] as const) {
      const whole = jsKernels.resampleBox(data, size, [1, 2, 0], [17, 10, 11], positions, method, extrapolation);
      const plane = 17 * 9;
      for (const planes of [1, 4, 5, 23, 40]) {
        for (const kernels of [jsKernels, wasm]) {
          const got = new Float64Array(whole.length), firsts: number[] = [];
          kernels.resampleSlabs(data, size, [1, 2, 0], [17, 10, 11], positions, method, extrapolation, planes, (values, first) => {
            firsts.push(first);
            expect(values.length).toBe(plane * Math.min(planes, 23 - first));
            got.set(values, first * plane);
          });
          expect(firsts, `${kernels.backend} ${planes}`).toEqual(Array.from({ length: Math.ceil(23 / Math.min(planes, 23)) }, (_, k) => k * Math.min(planes, 23)));
          expect(got, `${kernels.backend} ${planes} ${extrapolation}`).toEqual(whole);
        }
      }
    }
  });

  it.each(BOUNDARIES)("convolves along each axis as the twin, bit for bit (%s boundary)", (boundary) => {
    const rnd = lcg(31);
    const size: [number, number, number] = [7, 5, 4];
    const data = Float64Array.from({ length: 7 * 5 * 4 }, () => rnd() * 100 - 30);
    // Long filters on short axes wrap or reflect more than once; dilation spreads them further.
    const filters = [Float64Array.of(0.5, 0, -0.5), Float64Array.from({ length: 12 }, () => rnd() - 0.5), Float64Array.of(1)];
    for (const taps of filters) {
      for (const [origin, dilation] of [[taps.length >> 1, 1], [0, 2], [taps.length - 1, 1], [taps.length + 3, 1]] as const) {
        for (let axis = 0; axis < 3; axis++) {
          const twin = jsKernels.convolveAxis(data, size, axis, taps, origin, dilation, boundary);
          expect(wasm.convolveAxis(data, size, axis, taps, origin, dilation, boundary), `${taps.length} taps, origin ${origin}, axis ${axis}`).toEqual(twin);
        }
      }
    }
  });

  it("keeps part of each line (keep = [from, to]) with the whole line's values, in both kernels", () => {
    const rnd = lcg(43);
    const size: [number, number, number] = [9, 6, 5];
    const data = Float64Array.from({ length: 9 * 6 * 5 }, () => rnd() * 50);
    const taps = Float64Array.of(0.2, -0.5, 1, 0.3);
    const c = recursiveGaussian(1.5, 1, 2, true);
    for (let axis = 0; axis < 3; axis++) {
      const keep = [1, size[axis]! - 2] as const;
      const kept = [...size] as [number, number, number];
      kept[axis] = keep[1] - keep[0] + 1;
      const cut = (full: Float64Array) => {
        const out: number[] = [];
        for (let z = 0; z < size[2]; z++) for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++) {
          const i = [x, y, z][axis]!;
          if (i >= keep[0] && i <= keep[1]) out.push(full[x + size[0] * (y + size[1] * z)]!);
        }
        return Float64Array.from(out);
      };
      for (const k of [jsKernels, wasm]) {
        expect(k.convolveAxis(data, size, axis, taps, 2, 1, "mirror", keep)).toEqual(cut(jsKernels.convolveAxis(data, size, axis, taps, 2, 1, "mirror")));
      }
      expect(recursiveAxis(data, size, axis, c, keep)).toEqual(cut(recursiveAxis(data, size, axis, c)));
      expect(kept[0] * kept[1] * kept[2]).toBe(cut(data).length);
    }
  });

  it("filters volumes larger than a pass's chunk (4 M voxels) in slabs with the twin's values", () => {
    const size: [number, number, number] = [160, 150, 200];
    const data = Float64Array.from({ length: 160 * 150 * 200 }, (_, i) => ((i * 7919) % 1013) - 500);
    const taps = Float64Array.of(0.25, 0.5, 0.25);
    // Compared by a loop: deep equality of 4.7 M elements is slower than the filters.
    const differing = (a: Float64Array, b: Float64Array) => {
      let n = a.length === b.length ? 0 : Infinity;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
      return n;
    };
    for (let axis = 0; axis < 3; axis++) {
      const keep = [3, size[axis]! - 5] as const;
      expect(differing(wasm.convolveAxis(data, size, axis, taps, 1, 1, "mirror", keep), jsKernels.convolveAxis(data, size, axis, taps, 1, 1, "mirror", keep)), `axis ${axis}`).toBe(0);
    }
  }, 60_000);

  it("filters along x then y (then z) (a separable bank's passes) as the twin, bit for bit, for any boundary, region and sample type", () => {
    const rnd = lcg(61);
    const size: [number, number, number] = [13, 9, 7];
    const floats = Float64Array.from({ length: 13 * 9 * 7 }, () => rnd() * 200 - 100);
    const ints = Int16Array.from(floats, (v) => Math.round(v));
    const lo = { taps: Float64Array.of(0.25, 0.5, 0.25, -0.1), origin: 2 }, hi = { taps: Float64Array.of(-0.5, 0.5), origin: 1 };
    const regions = [
      { lower: [0, 0, 0], upper: [12, 8, 6] },
      { lower: [3, 2, 1], upper: [9, 6, 4] },
      { lower: [12, 0, 6], upper: [12, 8, 6] },
    ] as Array<{ lower: [number, number, number]; upper: [number, number, number] }>;
    const extent = (r: (typeof regions)[number], axis: number) => r.upper[axis]! - r.lower[axis]! + 1;
    for (const boundary of BOUNDARIES) {
      for (const region of regions) {
        for (const data of [floats, ints]) {
          const expected = jsKernels.convolveSeparable(data, size, region, lo, [lo, hi], boundary);
          expect(expected.map((v) => v.length)).toEqual([0, 1].map(() => extent(region, 0) * extent(region, 1) * 7));
          expect(wasm.convolveSeparable(data, size, region, hi, [lo, hi], boundary)).toEqual(jsKernels.convolveSeparable(data, size, region, hi, [lo, hi], boundary));
          expect(wasm.convolveSeparable(data, size, region, lo, [lo, hi], boundary), `${boundary} ${JSON.stringify(region)}`).toEqual(expected);
          const withZ = jsKernels.convolveSeparable(data, size, region, lo, [lo, hi], boundary, [hi, lo]);
          expect(withZ.map((v) => v.length)).toEqual([0, 1, 2, 3].map(() => extent(region, 0) * extent(region, 1) * extent(region, 2)));
          expect(wasm.convolveSeparable(data, size, region, lo, [lo, hi], boundary, [hi, lo]), `${boundary} ${JSON.stringify(region)} with z`).toEqual(withZ);
        }
      }
    }
    // The twin is the passes it names, the z filters minor.
    const region = regions[1]!;
    const alongX = jsKernels.convolveAxis(floats, size, 0, lo.taps, lo.origin, 1, "mirror", [3, 9]);
    const alongY = jsKernels.convolveAxis(alongX, [7, 9, 7], 1, hi.taps, hi.origin, 1, "mirror", [2, 6]);
    expect(jsKernels.convolveSeparable(floats, size, region, lo, [hi], "mirror")[0]).toEqual(alongY);
    const bands = jsKernels.convolveSeparable(floats, size, region, lo, [hi], "mirror", [lo, hi]);
    expect(bands[1]).toEqual(jsKernels.convolveAxis(alongY, [7, 5, 7], 2, hi.taps, hi.origin, 1, "mirror", [1, 4]));
    expect(bands[0]).not.toEqual(bands[1]);
  });

  /** The LoG's smoothing and second-derivative coefficients per axis, and its weights 1/spacing². */
  const laplacianOf = (sigma: number, spacing: readonly [number, number, number]) => ({
    smooth: spacing.map((sp) => recursiveGaussian(sigma, sp, 0, true)) as unknown as AxisCoefficients,
    second: spacing.map((sp) => recursiveGaussian(sigma, sp, 2, true)) as unknown as AxisCoefficients,
    weights: spacing.map((sp) => 1 / (sp * sp)) as [number, number, number],
  });

  it("reads integer and float samples as their f64 values in the filter kernels, from ordinary or shared memory at any offset", () => {
    const size: [number, number, number] = [6, 5, 4];
    const ints = Int16Array.from({ length: 120 }, (_, i) => ((i * 37) % 201) - 100);
    const floats = Float32Array.from(ints, (v) => v / 3);
    // In shared memory (a response map's filter on a worker reads the image there), a few bytes into the buffer.
    const inShared = <T extends Int16Array | Float32Array | Float64Array>(a: T, offset: number): T => {
      const Ctor = a.constructor as new (b: SharedArrayBuffer, o: number, n: number) => T;
      const copy = new Ctor(new SharedArrayBuffer(offset + a.byteLength), offset, a.length);
      copy.set(a as never);
      return copy;
    };
    const taps = Float64Array.of(0.25, 0.5, 0.25);
    const { smooth, second, weights } = laplacianOf(1.2, [1, 0.7, 2]);
    const region = { lower: [1, 0, 1] as [number, number, number], upper: [4, 4, 3] as [number, number, number] };
    const bank = { taps, origin: 1 };
    for (const data of [ints, floats, inShared(ints, 6), inShared(floats, 4), inShared(Float64Array.from(floats), 8)]) {
      const wide = Float64Array.from(data);
      for (let axis = 0; axis < 3; axis++) {
        expect(wasm.convolveAxis(data, size, axis, taps, 1, 1, "nearest")).toEqual(jsKernels.convolveAxis(wide, size, axis, taps, 1, 1, "nearest"));
      }
      expect(wasm.convolveSeparable(data, size, region, bank, [bank], "mirror", [bank])).toEqual(jsKernels.convolveSeparable(wide, size, region, bank, [bank], "mirror", [bank]));
      expect(wasm.recursiveLaplacian(data, size, region, smooth, second, weights)).toEqual(jsKernels.recursiveLaplacian(wide, size, region, smooth, second, weights));
      expect(jsKernels.recursiveLaplacian(data, size, region, smooth, second, weights)).toEqual(jsKernels.recursiveLaplacian(wide, size, region, smooth, second, weights));
    }
  });

  it("takes the recursive Laplacian (the LoG's passes) as the twin, bit for bit, for regions inside, at the edges of and filling the volume", () => {
    const rnd = lcg(37);
    // Odd line counts along every axis (the SIMD kernel pairs lines), and the shortest lines (4 samples) along z.
    const size: [number, number, number] = [11, 7, 4];
    const data = Float64Array.from({ length: 11 * 7 * 4 }, () => rnd() * 1000 - 300);
    const regions = [
      { lower: [2, 1, 1], upper: [8, 5, 2] },
      { lower: [0, 0, 0], upper: [10, 6, 3] },
      { lower: [0, 3, 0], upper: [4, 6, 3] },
      { lower: [9, 0, 3], upper: [10, 6, 3] },
    ] as Array<{ lower: [number, number, number]; upper: [number, number, number] }>;
    for (const [sigma, spacing] of [[1, [0.8, 1.1, 3]], [2.5, [1, 1, 1]], [0.4, [0.5, 0.9, 2]]] as const) {
      const { smooth, second, weights } = laplacianOf(sigma, spacing);
      for (const region of regions) {
        const expected = jsKernels.recursiveLaplacian(data, size, region, smooth, second, weights);
        const extent = region.upper.map((u, a) => u - region.lower[a]! + 1);
        expect(expected).toHaveLength(extent[0]! * extent[1]! * extent[2]!);
        expect(wasm.recursiveLaplacian(data, size, region, smooth, second, weights), `σ ${sigma}, region ${JSON.stringify(region)}`).toEqual(expected);
      }
    }
  });

  it("takes the recursive Laplacian over a window of the volume as of the window copied out, bit for bit, from ordinary or shared memory", () => {
    const rnd = lcg(41);
    const size: [number, number, number] = [13, 9, 7];
    const ints = Int16Array.from({ length: 13 * 9 * 7 }, () => Math.round(rnd() * 2000 - 1000));
    const inShared = new Int16Array(new SharedArrayBuffer(ints.byteLength));
    inShared.set(ints);
    const window = { lower: [2, 1, 1] as [number, number, number], upper: [10, 7, 6] as [number, number, number] };
    const region = { lower: [4, 3, 2] as [number, number, number], upper: [8, 5, 4] as [number, number, number] };
    const inner: [number, number, number] = [9, 7, 6];
    const copied = new Float64Array(9 * 7 * 6);
    for (let z = 0; z < 6; z++) for (let y = 0; y < 7; y++) for (let x = 0; x < 9; x++) copied[x + 9 * (y + 7 * z)] = ints[x + 2 + 13 * (y + 1 + 9 * (z + 1))]!;
    const shifted = { lower: [2, 2, 1] as [number, number, number], upper: [6, 4, 3] as [number, number, number] };
    const { smooth, second, weights } = laplacianOf(1.5, [0.8, 1, 2.5]);
    const expected = jsKernels.recursiveLaplacian(copied, inner, shifted, smooth, second, weights);
    expect(expected).toHaveLength(5 * 3 * 3);
    for (const data of [ints, inShared]) {
      expect(wasm.recursiveLaplacian(data, size, region, smooth, second, weights, window)).toEqual(expected);
      expect(jsKernels.recursiveLaplacian(data, size, region, smooth, second, weights, window)).toEqual(expected);
    }
    // Not the whole volume's values: the window's lines are shorter.
    expect(wasm.recursiveLaplacian(ints, size, region, smooth, second, weights)).not.toEqual(expected);
  });

  it("takes the recursive Laplacian of a CT-sized volume as the twin", () => {
    const size: [number, number, number] = [204, 201, 30];
    const data = Int16Array.from({ length: 204 * 201 * 30 }, (_, i) => ((i * 7919) % 2001) - 1000);
    const { smooth, second, weights } = laplacianOf(3, [0.977, 0.977, 3]);
    const region = { lower: [41, 40, 5] as [number, number, number], upper: [160, 159, 24] as [number, number, number] };
    const a = wasm.recursiveLaplacian(data, size, region, smooth, second, weights), b = jsKernels.recursiveLaplacian(data, size, region, smooth, second, weights);
    let differing = a.length === b.length ? 0 : Infinity;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differing++;
    expect(differing).toBe(0);
  }, 60_000);

  it.each(LBP_METHODS)("codes local binary patterns as the twin, bit for bit (%s)", (method) => {
    const rnd = lcg(41);
    const size: [number, number, number] = [9, 6, 5];
    const data = Float64Array.from({ length: 9 * 6 * 5 }, () => Math.round(rnd() * 20));
    for (const [rowAxis, colAxis] of [[1, 0], [2, 0], [1, 2]] as const) {
      for (const [radius, samples] of [[1, 8], [2.5, 12], [1, 3]] as const) {
        const offsets = lbpOffsets(radius, samples);
        expect(wasm.localBinaryPattern2D(data, size, rowAxis, colAxis, offsets, method)).toEqual(jsKernels.localBinaryPattern2D(data, size, rowAxis, colAxis, offsets, method));
      }
    }
  });

  it("samples cubic splines on spheres as the twin, bit for bit (LBP3D), inside, at and beyond the edges, rounded or not", () => {
    const rnd = lcg(47);
    const size: [number, number, number] = [9, 7, 6];
    const coefficients = Float64Array.from({ length: 9 * 7 * 6 }, () => rnd() * 200 - 50);
    const centres = Int32Array.of(4, 3, 2, 0, 0, 0, 8, 6, 5, 1, 5, 3);
    const offsets = Float64Array.from(icosphere(1, 1.5).flatMap((v) => [v[2]!, v[1]!, v[0]!]));
    for (const round of [false, true]) {
      expect(wasm.sphereSamples(coefficients, size, centres, offsets, round)).toEqual(jsKernels.sphereSamples(coefficients, size, centres, offsets, round));
    }
  });

  it("gives HX + HY for HXY1 and HXY2 as their definitions (N_g² logarithms, ε inside) give them, to 1e-12 (ε moves them by about ε/(p_x p_y))", () => {
    const rnd = lcg(59);
    for (const [n, fill] of [[2, 1], [9, 0.6], [70, 0.3], [158, 0.4]] as const) {
      const counts = Float64Array.from({ length: n * n }, () => (rnd() < fill ? Math.floor(rnd() * 40) : 0));
      for (const eps of [0, 2.220446049250313e-16]) {
        const s = jsKernels.glcmSums(counts, n, true, eps)!;
        let hxy1 = 0, hxy2 = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const q = s.px[i]! * s.py[j]!;
            if (!(q > 0)) continue;
            const p = (counts[i * n + j]! + counts[j * n + i]!) / s.total;
            hxy1 -= p * Math.log2(q + eps);
            hxy2 -= q * Math.log2(q + eps);
          }
        }
        expect(Math.abs(s.hx + s.hy - hxy1) / hxy1, `${n}, ε ${eps}`).toBeLessThan(1e-12);
        expect(Math.abs(s.hx + s.hy - hxy2) / hxy2, `${n}, ε ${eps}`).toBeLessThan(1e-12);
      }
    }
  });

  it("sums co-occurrence matrices as the twin, bit for bit: sparse and dense, symmetric or not, ε or not", () => {
    const rnd = lcg(53);
    for (const [n, fill] of [[1, 1], [2, 1], [7, 0.5], [23, 0.3], [66, 0.42], [157, 0.4]] as const) {
      const counts = Float64Array.from({ length: n * n }, () => (rnd() < fill ? Math.floor(rnd() * 40) : 0));
      for (const symmetric of [false, true]) {
        for (const eps of [0, 2.220446049250313e-16]) {
          const [got, want] = [wasm.glcmSums(counts, n, symmetric, eps), jsKernels.glcmSums(counts, n, symmetric, eps)];
          expect(got, `${n}, symmetric ${symmetric}, ε ${eps}`).toEqual(want);
          if (!want) continue;
          const second = [wasm.glcmSecondEigenvalue(counts, n, symmetric, want.total, want.px, want.py), jsKernels.glcmSecondEigenvalue(counts, n, symmetric, want.total, want.px, want.py)];
          expect(second[0], `${n}, symmetric ${symmetric}`).toBe(second[1]);
        }
      }
    }
    expect(wasm.glcmSums(new Float64Array(9), 3, true, 0)).toBeNull();
    // The worked example of features/glcm.ts: pairs (1, 2) and (2, 1), so p(1, 2) = p(2, 1) = ½ once
    // symmetric: μ = 1.5, Σ i j p = 2, Σ p² = ½, HX = HY = HXY = 1 bit; W = [[0, 1], [1, 0]], W Wᵀ = I.
    const s = wasm.glcmSums(Float64Array.of(0, 1, 1, 0), 2, true, 0)!;
    expect([s.total, s.mux, s.muy, s.autocorrelation, s.energy, s.maximum, s.hx, s.hy, s.hxy]).toEqual([4, 1.5, 1.5, 2, 0.5, 0.5, 1, 1, 1]);
    expect(Array.from(s.pDiff)).toEqual([0, 1]);
    expect(wasm.glcmSecondEigenvalue(Float64Array.of(0, 1, 1, 0), 2, true, 4, s.px, s.py)).toBeCloseTo(1, 15);
    // One level with p_x > 0: no second eigenvalue.
    const one = wasm.glcmSums(Float64Array.of(0, 3, 0, 0), 2, false, 0)!;
    expect(wasm.glcmSecondEigenvalue(Float64Array.of(0, 3, 0, 0), 2, false, 3, one.px, one.py)).toBeNaN();
    expect(jsKernels.glcmSecondEigenvalue(Float64Array.of(0, 3, 0, 0), 2, false, 3, one.px, one.py)).toBeNaN();
  });

  it("sums gray level × size matrices as the twin, bit for bit: narrow and wide, one entry, ε or not; the worked example", () => {
    const rnd = lcg(59);
    for (const [rows, cols, fill] of [[1, 1, 1], [3, 5, 0.6], [17, 40, 0.3], [64, 2000, 0.01]] as const) {
      const i: number[] = [], j: number[] = [], v: number[] = [];
      for (let r = 1; r <= rows; r++) for (let c = 1; c <= cols; c++) if (rnd() < fill || (r === 1 && c === 1)) [i.push(r), j.push(c), v.push(1 + Math.floor(rnd() * 30))];
      const entries = { i: Int32Array.from(i), j: Int32Array.from(j), v: Float64Array.from(v) };
      const context = sizeMatrixContext({ data: new Float64Array(0), rows, cols, voxels: 0, entries }, jsKernels, "pyradiomics")!;
      for (const eps of [0, 2.220446049250313e-16]) {
        const args = [entries, context.byLevel, context.sizes, context.sizeTotals, context.total, eps] as const;
        expect(wasm.sizeMatrixSums(...args), `${rows} × ${cols}, ε ${eps}`).toEqual(jsKernels.sizeMatrixSums(...args));
      }
    }
    // The worked example of features/sizematrix.ts: runs {level 1: lengths 1, 2; level 2: length 1}.
    const entries = { i: Int32Array.of(1, 1, 2), j: Int32Array.of(1, 2, 1), v: Float64Array.of(1, 1, 1) };
    const s = wasm.sizeMatrixSums(entries, Float64Array.of(2, 1), Int32Array.of(0, 1), Float64Array.of(2, 1), 3, 0);
    expect([s.small, s.graySquares, s.sizeSquares]).toEqual([0.75, 5, 5]);
    expect(s.energy).toBeCloseTo(1 / 3, 15);
    expect(s.entropy).toBeCloseTo(Math.log2(3), 15);
  });

  it("sums NGTDMs as the twin, bit for bit: either count column, empty levels, none; the worked example", () => {
    const rnd = lcg(61);
    for (const [rows, fill] of [[1, 1], [2, 0.5], [9, 0.7], [70, 0.6], [300, 0.2]] as const) {
      const data = new Float64Array(rows * 3);
      for (let i = 0; i < rows; i++) {
        if (rnd() >= fill) continue;
        const all = 1 + Math.floor(rnd() * 500), inner = Math.floor(all * rnd());
        data.set([all, inner, inner * rnd() * 40], i * 3);
      }
      for (const column of [0, 1] as const) expect(wasm.ngtdmSums(data, rows, column), `${rows} levels, column ${column}`).toEqual(jsKernels.ngtdmSums(data, rows, column));
    }
    for (const k of [wasm, jsKernels]) expect(k.ngtdmSums(Float64Array.of(3, 0, 0, 0, 0, 0), 2, 1)).toBeNull();
    // The worked example of features/ngtdm.ts: levels [1, 2] side by side, s_1 = s_2 = 1, p = (½, ½).
    const s = wasm.ngtdmSums(Float64Array.of(1, 1, 1, 1, 1, 1), 2, 0)!;
    expect(s).toEqual({ voxels: 2, levels: 2, weightedDifference: 1, differences: 2, spread: 0.5, busyness: 1, complexity: 2, strength: 2 });
  });

  it("finds the box of a mask with long empty rows (the SIMD skip) exactly", () => {
    const size: [number, number, number] = [67, 5, 3];
    const mask = new Uint8Array(67 * 5 * 3);
    mask[33 + 67 * (1 + 5 * 1)] = 1;
    mask[66 + 67 * (3 + 5 * 2)] = 1;
    expect(wasm.maskFacts(mask, size)).toEqual({ count: 2, box: { lower: [33, 1, 1], upper: [66, 3, 2] }, largest: 1 });
    expect(wasm.maskFacts(new Uint8Array(67 * 5 * 3), size)).toEqual({ count: 0, box: null, largest: 0 });
    // A label map's largest value, wherever it lies in a row (after a skipped empty run, or in one).
    mask[66 + 67 * (3 + 5 * 2)] = 7;
    mask[3] = 2;
    for (const k of [jsKernels, wasm]) expect(k.maskFacts(mask, size)).toEqual({ count: 3, box: { lower: [3, 0, 0], upper: [66, 3, 2] }, largest: 7 });
  });

  it("finds the count and box of a mask streamed in slabs of slices (several slices a piece, or one slice larger than a piece)", () => {
    for (const size of [[300, 300, 10], [600, 500, 3]] as Array<[number, number, number]>) {
      const [nx, ny, nz] = size;
      const mask = new Uint8Array(nx * ny * nz);
      // Voxels in the first and the last slice only (the slabs between are empty), and one in the middle.
      mask[5 + nx * 7] = 1;
      mask[nx - 1 + nx * (ny - 1 + ny * (nz - 1))] = 1;
      mask[40 + nx * (200 + ny * 1)] = 1;
      const expected = { count: 3, box: { lower: [5, 7, 0], upper: [nx - 1, ny - 1, nz - 1] }, largest: 1 };
      expect(jsKernels.maskFacts(mask, size)).toEqual(expected);
      expect(wasm.maskFacts(mask, size)).toEqual(expected);
      // In shared memory after a header of odd length, as a NRRD is read (the stage follows the offset).
      const shared = new Uint8Array(new SharedArrayBuffer(mask.length + 207), 207);
      shared.set(mask);
      expect(wasm.maskFacts(shared, size)).toEqual(expected);
      expect(wasm.imageStats(shared)).toEqual(jsKernels.imageStats(mask));
    }
  });

  it.each(CASES.filter((c) => c.levels.some((l) => l > 0)).map((c) => [c.name, c] as const))("marching cubes: %s", (_name, c) => {
    const mask = Uint8Array.from(c.levels, (l) => (l > 0 ? 1 : 0));
    const spacing: [number, number, number] = [0.7, 1.1, 2.5];
    const ours = wasm.marchingCubes(mask, c.size, spacing);
    const twin = jsKernels.marchingCubes(mask, c.size, spacing);
    expect(ours).toEqual(twin);
    expect(ours.volume).toBeGreaterThan(0);
  });

  it("meshes a solid ellipsoid in a wide box as the twin (long empty and full runs, which SIMD passes over)", () => {
    const size: [number, number, number] = [70, 23, 11];
    const mask = new Uint8Array(size[0] * size[1] * size[2]);
    for (let z = 0, n = 0; z < size[2]; z++) for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++, n++) {
      mask[n] = ((x - 34) / 33) ** 2 + ((y - 11) / 10) ** 2 + ((z - 5) / 5) ** 2 <= 1 ? 1 : 0;
    }
    const spacing: [number, number, number] = [0.8, 1, 1.7];
    expect(wasm.marchingCubes(mask, size, spacing)).toEqual(jsKernels.marchingCubes(mask, size, spacing));
  });
});
