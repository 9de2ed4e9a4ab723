/** IBSI 2 reference data and pass rules, shared by the tests and `npm run conformance`. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { filterImage, parseParams, readVolume, type Volume } from "../../src/index.js";
import { readFixture, readGzText, ROOT } from "./fixtures.js";

export const PHASE1_DIR = join(ROOT, "examples", "ibsi2", "phase1");
export const PHASE2_DIR = join(ROOT, "examples", "ibsi2", "phase2");

/** The phase 1 tests: id, params text and the phantom its header names. */
export function phase1Tests(): Array<{ id: string; text: string; phantom: string }> {
  return readdirSync(PHASE1_DIR).filter((f) => f.endsWith(".yaml")).sort((a, b) => a.localeCompare(b, "en", { numeric: true })).map((f) => {
    const text = readFileSync(join(PHASE1_DIR, f), "utf8");
    return { id: f.slice(0, -5), text, phantom: /^# Phantom: (\S+)/m.exec(text)![1]! };
  });
}

/** The response map of a phase 1 test and its reference map. */
export function phase1Maps(test: { id: string; text: string; phantom: string }): { map: Volume<Float32Array>; reference: Volume } {
  const image = readVolume(readFixture("ibsi2", "phantoms", `${test.phantom}.nii.gz`));
  const reference = readVolume(readFixture("ibsi2", "maps", `${test.id.replaceAll(".", "_")}-ValidCRM.nii.gz`));
  // The manual asks for the phantom as (at least) 32-bit floats.
  const map = filterImage({ ...image, data: Float32Array.from(image.data as ArrayLike<number>) }, parseParams(test.text, `${test.id}.yaml`)).image;
  return { map, reference };
}

/** IBSI 2's pass rule for a map: voxels beyond 1 % of the reference's range, and the worst difference. */
export function mapDeviation(map: Volume, reference: Volume): { failing: number; worst: number; tolerance: number } {
  let lo = Infinity, hi = -Infinity;
  for (const v of reference.data as Float32Array) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const tolerance = 0.01 * (hi - lo);
  let worst = 0, failing = 0;
  for (let i = 0; i < reference.data.length; i++) {
    const d = Math.abs((map.data[i] as number) - (reference.data[i] as number));
    worst = Math.max(worst, d);
    if (d > tolerance) failing++;
  }
  return { failing, worst, tolerance };
}

/** One phase 2 reference row (tag lower-cased with a dot: `stat.mean`; value null where IBSI has no consensus). */
export interface Phase2Reference {
  id: string;
  feature: string;
  tag: string;
  value: number | null;
  tolerance: number;
}

export function phase2References(): Phase2Reference[] {
  return readGzText("ibsi2", "reference_values.csv.gz").trim().split("\n").slice(1).map((line) => {
    const [id, feature, tag, value, tolerance] = line.split(";") as [string, string, string, string, string];
    return { id, feature, tag: tag.replace("_", ".").toLowerCase(), value: value === "" ? null : Number(value), tolerance: Number(tolerance) };
  });
}
