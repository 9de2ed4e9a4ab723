/**
 * IBSI 2 phase 1: every reference response map reproduced from its params file in
 * examples/ibsi2/phase1/ (the phantom named in the file's header), within the IBSI pass
 * rule: at every voxel, |h − h_ref| ≤ 1 % of the reference map's range. Phantoms are read
 * as float32, as the manual asks. Maps: test/fixtures/ibsi2 (CC0, see its README).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
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
