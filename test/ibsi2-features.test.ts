/**
 * IBSI 2 phase 2: the 18 intensity statistics of each filter configuration (1.A … 9.B,
 * examples/ibsi2/phase2/) on the IBSI 1 CT phantom, against the consensus values and their
 * tolerances (324 rows; 8.B's quartile coefficient of dispersion has no consensus value,
 * so 323 are checked). Configurations A filter each axial slice of the native grid; B
 * resamples to 1 mm first. The last test runs one configuration through the command line
 * and reads the long-CSV rows, as users compare.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extract, parseParams, readVolume } from "../src/index.js";
import { csvRecords, fixture, readFixture, ROOT } from "./helpers/fixtures.js";
import { PHASE2_DIR, phase2References } from "./helpers/ibsi2.js";

const dir = PHASE2_DIR;
const references = phase2References();
const image = readVolume(readFixture("ibsi1", "ct_phantom", "image.nii.gz"));
const mask = readVolume(readFixture("ibsi1", "ct_phantom", "mask.nii.gz"));
const ids = readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -5)).sort();

describe("IBSI 2 phase 2 (CT phantom)", () => {
  it("has a params file for each of the 18 configurations and 324 reference rows", () => {
    expect(ids).toEqual([...new Set(references.map((r) => r.id))].sort());
    expect(references).toHaveLength(324);
    expect(references.filter((r) => r.value === null).map((r) => `${r.id} ${r.tag}`)).toEqual(["8.B stat.qcod"]);
  });

  it.each(ids)("%s: every statistic within its tolerance", async (id) => {
    const row = await extract(image, mask, parseParams(readFileSync(join(dir, `${id}.yaml`), "utf8"), `${id}.yaml`));
    const expected = references.filter((r) => r.id === id && r.value !== null);
    const failures = expected.flatMap((r) => {
      const entry = row.features.find((f) => f.family === "statistics" && f.ibsiTag.toLowerCase() === r.tag);
      if (!entry) return [`${r.tag} missing`];
      return Math.abs(entry.value - r.value!) <= r.tolerance ? [] : [`${r.tag} ${entry.value} vs ${r.value} ± ${r.tolerance}`];
    });
    expect(failures).toEqual([]);
    expect(expected.length).toBeGreaterThanOrEqual(17);
  }, 120_000);

  it("gives the values as long-CSV rows from `radiomics extract` (2.A)", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), "extract", fixture("ibsi1", "ct_phantom", "image.nii.gz"), fixture("ibsi1", "ct_phantom", "mask.nii.gz"),
      "--params", join(dir, "2.A.yaml"), "--format", "long-csv"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const rows = csvRecords(r.stdout).filter((x) => x["ibsi_tag"]?.startsWith("stat."));
    expect(new Set(rows.map((x) => x["image_type"]))).toEqual(new Set(["mean-M5-2D"]));
    expect(rows).toHaveLength(18);
    for (const ref of references.filter((x) => x.id === "2.A")) {
      const row = rows.find((x) => x["ibsi_tag"]!.toLowerCase() === ref.tag)!;
      expect(Math.abs(Number(row["value"]) - ref.value!)).toBeLessThanOrEqual(ref.tolerance);
    }
  });
});
