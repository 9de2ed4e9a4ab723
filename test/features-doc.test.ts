/** docs/features.md is what the registry and the formulas in src/features/ give today (`npm run docs:features` rewrites it). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { featuresMarkdown } from "../scripts/features-doc.js";
import { FAMILIES } from "../src/features/registry.js";
import { ROOT } from "./helpers/fixtures.js";

describe("docs/features.md", () => {
  it("is current: regenerated, it is the same text (run npm run docs:features after changing a feature)", async () => {
    expect(readFileSync(join(ROOT, "docs", "features.md"), "utf8")).toBe(await featuresMarkdown());
  });

  it("has a row with a formula for every feature of every family", async () => {
    const text = await featuresMarkdown();
    const rows = text.split("\n").filter((l) => /^\| `[^`]+` \| /.test(l));
    expect(rows.length).toBe(FAMILIES.reduce((n, f) => n + f.features.length, 0));
    for (const row of rows) expect(row.split(" | ")[1]!.length, row).toBeGreaterThan(3);
    expect(text).toContain("| `Contrast` | Contrast = Σ (i − j)² p(i, j). | ACUI | `cm.contrast` | `original_glcm_Contrast` | — | pyradiomics, ibsi | 0 |");
  });
});
