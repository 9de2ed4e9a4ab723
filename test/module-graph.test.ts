/**
 * The source's import graph (type imports included) has no cycles: a module's types live
 * below every module that needs them, so load order never depends on which file comes first.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";

const SRC = join(ROOT, "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "assembly" ? [] : sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Relative imports and re-exports of a file, as source paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const targets = [...text.matchAll(/(?:import|export)[^;]*?from\s+"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]!);
  return targets.map((t) => resolve(dirname(file), t.replace(/\.js$/, ".ts")));
}

it("has no import cycles among src/ modules", () => {
  const files = sources(SRC);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    path.push(f);
    for (const t of graph.get(f)!) {
      if (state.get(t) === "open") cycles.push([...path.slice(path.indexOf(t)), t].map((p) => relative(SRC, p)).join(" → "));
      else if (!state.has(t)) visit(t);
    }
    path.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  expect(files.length).toBeGreaterThan(50);
  expect(cycles).toEqual([]);
});
