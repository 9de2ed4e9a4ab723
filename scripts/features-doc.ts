/**
 * Writes docs/features.md, the feature reference, from the feature registry: for each
 * feature its formula (the doc comment of its definition in src/features/, the one place the
 * formula is written), IBSI code and tag, PyRadiomics column, unit, the profiles that compute
 * it by default, and the values it takes on two degenerate ROIs, computed here by `extract`.
 *
 *   npm run docs:features        (test/features-doc.test.ts checks that the file is current)
 * @module
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { extract, resolveConfig, volumeFromArray, type FeatureRow, type Profile } from "../src/index.js";
import { DEFAULT_FAMILIES, FAMILIES, featureDictionary } from "../src/features/registry.js";
import { enabledByDefault, type FeatureDefinition } from "../src/features/types.js";
import { featureUnit } from "../src/features/units.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FEATURES_DIR = join(ROOT, "src", "features");

/** Text of a JSDoc comment without its delimiters and leading asterisks, on one line. */
function commentText(raw: string): string {
  return raw.replace(/^\/\*\*|\*\/$/g, "").split("\n").map((l) => l.replace(/^\s*\* ?/, "").trim()).filter(Boolean).join(" ");
}

/** The module doc of a source file, paragraph by paragraph. */
function moduleParagraphs(source: ts.SourceFile): string[] {
  const first = ts.getLeadingCommentRanges(source.text, 0)?.find((r) => source.text.startsWith("/**", r.pos));
  if (!first) return [];
  const body = source.text.slice(first.pos, first.end).replace(/^\/\*\*|\*\/$/g, "").split("\n").map((l) => l.replace(/^\s*\* ?/, "")).filter((l) => !l.startsWith("@"));
  return body.join("\n").split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ").trim()).filter(Boolean);
}

/**
 * Feature name → the doc comment of the array element that defines it, in one source file:
 * object literals (`{ name: "Contrast", … }`), rows (`["smallEmphasis", "ShortRunEmphasis", …]`)
 * and calls (`def("Mean", …)`).
 */
function definitionComments(source: ts.SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  const strings = (node: ts.Node): string[] => {
    if (ts.isObjectLiteralExpression(node)) {
      return node.properties.flatMap((p) => (ts.isPropertyAssignment(p) && p.name.getText(source) === "name" && ts.isStringLiteral(p.initializer) ? [p.initializer.text] : []));
    }
    if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((e) => (ts.isStringLiteral(e) ? [e.text] : []));
    if (ts.isCallExpression(node)) return node.arguments.flatMap((a) => (ts.isStringLiteral(a) ? [a.text] : []));
    return [];
  };
  const visit = (node: ts.Node): void => {
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) {
        const ranges = ts.getLeadingCommentRanges(source.text, element.getFullStart()) ?? [];
        const doc = ranges.filter((r) => source.text.startsWith("/**", r.pos)).at(-1);
        if (!doc) continue;
        for (const name of strings(element)) if (!out.has(name)) out.set(name, commentText(source.text.slice(doc.pos, doc.end)));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const parsed = new Map<string, ts.SourceFile>();
function sourceOf(file: string): ts.SourceFile {
  if (!parsed.has(file)) parsed.set(file, ts.createSourceFile(file, readFileSync(join(FEATURES_DIR, file), "utf8"), ts.ScriptTarget.ES2022, true));
  return parsed.get(file)!;
}

/** The feature files a family's file imports (shared definitions: statistics, size matrices, dependence). */
function localImports(file: string): string[] {
  const known = new Set(readdirSync(FEATURES_DIR));
  return sourceOf(file).statements.flatMap((s) =>
    ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && /^\.\/[^/]+\.js$/.test(s.moduleSpecifier.text) && known.has(s.moduleSpecifier.text.slice(2).replace(/\.js$/, ".ts"))
      ? [s.moduleSpecifier.text.slice(2).replace(/\.js$/, ".ts")]
      : [],
  );
}

/** A family's formula for a feature: its own file first, then the files it imports. */
function formulaOf(familyFile: string, feature: string): string {
  for (const file of [familyFile, ...localImports(familyFile)]) {
    const comment = definitionComments(sourceOf(file)).get(feature);
    // The IBSI code has its own column.
    if (comment) return comment.replace(/\s*IBSI [0-9A-Z]{4}\.\s*/g, " ").replace(/\s*No (separate )?IBSI code\.\s*/g, " ").trim();
  }
  throw new Error(`no doc comment defines ${feature} in ${familyFile} or its imports: write its formula there`);
}

/** The two degenerate ROIs, in a 5 × 5 × 5 image of 1 mm voxels: a cube of one intensity, and a 2 × 2 square in one slice whose rows are 100 and 200. */
function degenerateCases(): Record<"uniform" | "pair", { image: Int16Array; mask: Uint8Array }> {
  const at = (x: number, y: number, z: number) => x + 5 * (y + 5 * z);
  const cube = new Uint8Array(125), pair = new Uint8Array(125), two = new Int16Array(125).fill(100);
  for (let z = 1; z < 4; z++) for (let y = 1; y < 4; y++) for (let x = 1; x < 4; x++) cube[at(x, y, z)] = 1;
  for (const [x, y] of [[2, 2], [3, 2], [2, 3], [3, 3]] as const) pair[at(x, y, 2)] = 1;
  two[at(2, 3, 2)] = two[at(3, 3, 2)] = 200;
  return { uniform: { image: new Int16Array(125).fill(100), mask: cube }, pair: { image: two, mask: pair } };
}

const format = (v: number) => (Number.isNaN(v) ? "NaN" : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));

/** Values of every feature of a profile's default families (all their features named) on a degenerate ROI: family|feature → distinct values. */
async function degenerateValues(profile: Profile, kind: "uniform" | "pair"): Promise<Map<string, string>> {
  const { image, mask } = degenerateCases()[kind];
  const featureClass = Object.fromEntries(DEFAULT_FAMILIES[profile].map((f) => [f, FAMILIES.find((x) => x.name === f)!.features.map((x: FeatureDefinition<unknown>) => x.name)]));
  const row: FeatureRow = await extract(volumeFromArray(image, [5, 5, 5]), volumeFromArray(mask, [5, 5, 5]), resolveConfig({ setting: { binWidth: 25 }, featureClass }, { profile }), { backend: "js" });
  const out = new Map<string, Set<string>>();
  for (const f of row.features) {
    const key = `${f.family}|${f.feature}`;
    out.set(key, (out.get(key) ?? new Set()).add(format(f.value)));
  }
  return new Map([...out].map(([k, v]) => [k, [...v].join(" / ")]));
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** docs/features.md. */
export async function featuresMarkdown(): Promise<string> {
  const dictionary = new Map(featureDictionary().map((e) => [`${e.family}|${e.feature}`, e]));
  const degenerate: Record<Profile, Record<"uniform" | "pair", Map<string, string>>> = {
    pyradiomics: { uniform: await degenerateValues("pyradiomics", "uniform"), pair: await degenerateValues("pyradiomics", "pair") },
    ibsi: { uniform: await degenerateValues("ibsi", "uniform"), pair: await degenerateValues("ibsi", "pair") },
  };
  const lines = [
    "# Feature reference",
    "",
    "<!-- Generated by `npm run docs:features` from the feature registry and the formulas in src/features/; do not edit by hand. -->",
    "",
    "Every feature the library computes, family by family. Columns:",
    "",
    "- **Formula**: as written beside the feature's definition in `src/features/` (the glossary of each family's symbols is at the top of its file).",
    "- **IBSI code** and **IBSI tag**: the feature's permanent identifier and symbol in the IBSI 1 reference manual (the long output's `ibsi_tag`); empty where IBSI has no such feature.",
    "- **PyRadiomics column**: the wide-table column PyRadiomics writes for the same quantity on the original image, where there is one.",
    "- **Unit**: I is the image's intensity unit (HU for CT), bin a discretised gray level, — none. Texture features are functions of counts and gray-level indices and carry no unit.",
    "- **Default in**: the profiles that compute the feature when its family is enabled without a feature list (a feature that is in neither runs only when named, as PyRadiomics' deprecated ones).",
    "- **One intensity** and **2 × 2 square**: the value on two degenerate ROIs, computed by `extract` (bin width 25, 1 mm voxels) in the profile(s) of the column `Default in`, each named where their values differ: a 3 × 3 × 3 cube of one intensity, and a 2 × 2 square in one slice whose two rows have the intensities 100 and 200. Several values (a / b) are the aggregation methods of one feature. A single-voxel ROI is refused (`minimumROIDimensions`).",
    "",
  ];
  for (const family of FAMILIES) {
    const file = `${family.name.toLowerCase()}.ts`;
    const profiles = (Object.keys(DEFAULT_FAMILIES) as Profile[]).filter((p) => DEFAULT_FAMILIES[p].includes(family.name));
    lines.push(`## ${family.name}: ${family.title}`, "");
    lines.push(`Source: \`src/features/${file}\`. Enabled by default in: ${profiles.length ? profiles.map((p) => `\`${p}\``).join(", ") : "no profile (name it in `featureClass`)"}.`, "");
    for (const paragraph of moduleParagraphs(sourceOf(file)).filter((p) => /^Degenerate/.test(p))) lines.push(paragraph, "");
    lines.push("| Feature | Formula | IBSI code | IBSI tag | PyRadiomics column | Unit | Default in | One intensity | 2 × 2 square |");
    lines.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const feature of family.features as ReadonlyArray<FeatureDefinition<unknown>>) {
      const entry = dictionary.get(`${family.name}|${feature.name}`)!;
      const on = profiles.filter((p) => enabledByDefault(feature, p));
      const valued = (kind: "uniform" | "pair") => {
        const byProfile = (on.length ? on : profiles).flatMap((p) => {
          const v = degenerate[p][kind].get(`${family.name}|${feature.name}`);
          return v === undefined ? [] : [[p, v] as const];
        });
        if (byProfile.length === 0) return "n/a";
        return new Set(byProfile.map(([, v]) => v)).size === 1 ? byProfile[0]![1] : byProfile.map(([p, v]) => `${p}: ${v}`).join("; ");
      };
      lines.push(`| ${[
        `\`${feature.name}\``,
        cell(formulaOf(file, feature.name)),
        entry.ibsiCode,
        entry.ibsiTag ? `\`${entry.ibsiTag}\`` : "",
        entry.pyradiomicsName ? `\`${entry.pyradiomicsName}\`` : "",
        featureUnit(family.name, feature.name),
        on.join(", ") || "named only",
        valued("uniform"),
        valued("pair"),
      ].join(" | ")} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(ROOT, "docs", "features.md"), await featuresMarkdown());
  console.log("docs/features.md written");
}
