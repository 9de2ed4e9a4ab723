/**
 * Every exported function and class of `radiomics` and `radiomics/node` has an `@example` in
 * its doc comment (the API reference shows it), and every example type-checks against the
 * library as a user's code would: each is compiled (strict) with the exports in scope and a
 * few variables a user already has (bytes, image, mask, row …).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";

/** Variables examples may use without defining them. */
const PRELUDE = `
declare const bytes: Uint8Array;
declare const maskBytes: Uint8Array;
declare const image: Volume;
declare const mask: Volume;
declare const labelMap: Volume;
declare const row: FeatureRow;
declare const rows: FeatureRow[];
declare const files: NamedBytes[];
declare const dicomFiles: DicomFile[];
declare const config: ExtractionConfig;
`;

interface Example {
  name: string;
  code: string;
}

/** The exported functions and classes of src/node.ts (which re-exports src/index.ts), with their examples. */
function exportedExamples(): { names: string[]; missing: string[]; examples: Example[]; typeNames: string[] } {
  const program = ts.createProgram([join(ROOT, "src", "node.ts")], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, "src", "node.ts"))!)!;
  const names: string[] = [], missing: string[] = [], examples: Example[] = [], typeNames: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (!declaration) continue;
    typeNames.push(exported.name);
    const isFunction = ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration);
    if (!isFunction) continue;
    names.push(exported.name);
    const tags = ts.getJSDocTags(declaration).filter((t) => t.tagName.text === "example");
    if (tags.length === 0) missing.push(exported.name);
    for (const tag of tags) {
      const text = ts.getTextOfJSDocComment(tag.comment) ?? "";
      examples.push({ name: exported.name, code: text.replace(/^\s*```(ts|typescript)?\s*\n?/, "").replace(/\n?\s*```\s*$/, "") });
    }
  }
  return { names, missing, examples, typeNames };
}

describe("API examples", () => {
  const found = exportedExamples();

  it("every exported function and class has one", () => {
    expect(found.names.length).toBeGreaterThan(80);
    expect(found.missing).toEqual([]);
  });

  it("every example type-checks against the library", () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-examples-"));
    const file = join(dir, "examples.ts");
    const header = `import { ${found.typeNames.join(", ")} } from ${JSON.stringify(join(ROOT, "src", "node.js"))};\n${PRELUDE}\n`;
    const body = found.examples.map((e, i) => `//@ ${e.name}\nexport async function example${i}() {\n${e.code}\n}\n`).join("\n");
    writeFileSync(file, header + body);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
      strict: true, noEmit: true, skipLibCheck: true, types: ["node"], lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], typeRoots: [join(ROOT, "node_modules", "@types")],
    });
    const problems = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file).map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      const owner = (header + body).split("\n").slice(0, line + 1).reverse().find((l) => l.startsWith("//@ ")) ?? "";
      return `${owner.slice(4)}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
    expect(problems).toEqual([]);
  });
});
