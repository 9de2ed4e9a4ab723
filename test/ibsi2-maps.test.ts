/**
 * IBSI 2 phase 1: every reference response map reproduced from its params file in
 * examples/ibsi2/phase1/ (the phantom named in the file's header), within the IBSI pass
 * rule: at every voxel, |h − h_ref| ≤ 1 % of the reference map's range. Phantoms are read
 * as float32, as the manual asks. Maps: test/fixtures/ibsi2 (CC0, see its README).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crop, filterImage, parseParams, readVolume } from "../src/index.js";
import { readFixture, ROOT } from "./helpers/fixtures.js";
import { mapDeviation, phase1Maps, phase1Tests } from "./helpers/ibsi2.js";

const tests = phase1Tests();

describe("IBSI 2 phase 1 response maps", () => {
  it("has a params file for every reference map (33)", () => {
    const maps = readdirSync(join(ROOT, "test", "fixtures", "ibsi2", "maps")).map((f) => f.replace("-ValidCRM.nii.gz", "").replaceAll("_", "."));
    expect(maps).toHaveLength(33);
    expect(tests.map((t) => t.id).sort()).toEqual(maps.sort());
  });

  it.each(tests)("$id ($phantom)", (test) => {
    const { map, reference } = phase1Maps(test);
    expect(map.size).toEqual(reference.size);
    const { failing, worst, tolerance } = mapDeviation(map, reference);
    expect(failing, `${test.id}: ${failing} voxels beyond ${tolerance.toPrecision(3)}; worst ${worst.toPrecision(3)}`).toBe(0);
  });
});

describe("IBSI 2 filters on each backend", () => {
  // One test per kind of filter kernel use: separable banks with rotations, à trous levels,
  // recursive-free LoG sums, Gabor and Riesz through the FFT (radix-2 and Bluestein lengths).
  const picks = ["3.b.3", "7.a.2", "2.c", "4.b.1", "10.b.1"];
  it.each(picks)("%s gives the same map, bit for bit, on wasm-simd, wasm and js", (id) => {
    const test = tests.find((t) => t.id === id)!;
    const image = readVolume(readFixture("ibsi2", "phantoms", `${test.phantom}.nii.gz`));
    // An odd-sized crop, so the frequency-domain filters take Bluestein lengths too.
    const cropped = crop({ ...image, data: Float32Array.from(image.data as ArrayLike<number>) }, { lower: [3, 0, 5], upper: [52, 60, 49] });
    const [simd, scalar, js] = (["wasm-simd", "wasm", "js"] as const).map((backend) => filterImage(cropped, parseParams(test.text), { backend }).image.data);
    expect(simd).toEqual(js);
    expect(scalar).toEqual(js);
  });
});
