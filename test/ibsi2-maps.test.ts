/**
 * IBSI 2 phase 1: every reference response map reproduced from its params file in
 * examples/ibsi2/phase1/ (the phantom named in the file's header), within the IBSI pass
 * rule: at every voxel, |h − h_ref| ≤ 1 % of the reference map's range. Phantoms are read
 * as float32, as the manual asks. Maps: test/fixtures/ibsi2 (CC0, see its README).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { filterImage, parseParams, readVolume } from "../src/index.js";
import { readFixture, ROOT } from "./helpers/fixtures.js";

const dir = join(ROOT, "examples", "ibsi2", "phase1");
const tests = readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => {
  const text = readFileSync(join(dir, f), "utf8");
  return { id: f.slice(0, -5), text, phantom: /^# Phantom: (\S+)/m.exec(text)![1]! };
});

describe("IBSI 2 phase 1 response maps", () => {
  it("has a params file for every reference map (33)", () => {
    const maps = readdirSync(join(ROOT, "test", "fixtures", "ibsi2", "maps")).map((f) => f.replace("-ValidCRM.nii.gz", "").replaceAll("_", "."));
    expect(maps).toHaveLength(33);
    expect(tests.map((t) => t.id).sort()).toEqual(maps.sort());
  });

  it.each(tests)("$id ($phantom)", ({ id, text, phantom }) => {
    const image = readVolume(readFixture("ibsi2", "phantoms", `${phantom}.nii.gz`));
    const reference = readVolume(readFixture("ibsi2", "maps", `${id.replaceAll(".", "_")}-ValidCRM.nii.gz`));
    const map = filterImage({ ...image, data: Float32Array.from(image.data as ArrayLike<number>) }, parseParams(text, `${id}.yaml`));
    expect(map.image.size).toEqual(reference.size);
    let lo = Infinity, hi = -Infinity;
    for (const v of reference.data as Float32Array) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const tolerance = 0.01 * (hi - lo);
    let worst = 0, failing = 0;
    for (let i = 0; i < reference.data.length; i++) {
      const d = Math.abs(map.image.data[i]! - (reference.data[i] as number));
      worst = Math.max(worst, d);
      if (d > tolerance) failing++;
    }
    expect(failing, `${id}: ${failing} voxels beyond ${tolerance.toPrecision(3)}; worst ${worst.toPrecision(3)}`).toBe(0);
  });
});
