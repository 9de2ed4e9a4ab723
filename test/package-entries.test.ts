/**
 * The library's entries for Node (package.json `exports`, condition "node"): bundles of the
 * built package (scripts/build.mjs), run as a user's process loads them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, ROOT } from "./helpers/fixtures.js";

/** Runs node with `args` in the package's folder (where `radiomics` names this package); returns its stdout as JSON. */
function nodeJson(args: string[]): unknown {
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

const ct = [fixture("ibsi1", "ct_phantom", "image.nii.gz"), fixture("ibsi1", "ct_phantom", "mask.nii.gz")];

describe("the library's Node entries (scripts/build.mjs)", () => {
  it("resolve to the bundles, which export what the modules export, one instance for both entries and both kinds of module", () => {
    const esm = nodeJson(["--input-type=module", "-e", `
      const [root, node] = [await import("radiomics"), await import("radiomics/node")];
      const require = (await import("node:module")).createRequire(import.meta.url);
      const [plainRoot, plainNode] = [await import("./dist/esm/index.js"), await import("./dist/esm/node.js")];
      console.log(JSON.stringify({
        files: ["radiomics", "radiomics/node"].map((name) => import.meta.resolve(name).split("/dist/")[1]),
        root: Object.keys(root).join() === Object.keys(plainRoot).join(),
        node: Object.keys(node).join() === Object.keys(plainNode).join(),
        shared: root.extract === node.extract && root.RadiomicsError === node.RadiomicsError && root.kernelsFor("auto") === node.kernelsFor("auto"),
        withCommonJs: node.extract === require("radiomics/node").extract && root.RadiomicsError === require("radiomics").RadiomicsError,
      }));`]);
    // Node's ES-module entries are the CommonJS bundles' names (scripts/build.mjs): one instance with require's.
    expect(esm).toEqual({ files: ["esm/over-cjs/index.js", "esm/over-cjs/node.js"], root: true, node: true, shared: true, withCommonJs: true });
    const cjs = nodeJson(["-e", `
      const [root, node] = [require("radiomics"), require("radiomics/node")];
      const [plainRoot, plainNode] = [require("./dist/cjs/index.js"), require("./dist/cjs/node.js")];
      const names = (m) => Object.keys(m).sort().join();
      console.log(JSON.stringify({
        files: ["radiomics", "radiomics/node"].map((name) => require.resolve(name).split("/dist/")[1]),
        root: names(root) === names(plainRoot),
        node: names(node) === names(plainNode),
        shared: root.extract === node.extract && root.RadiomicsError === node.RadiomicsError,
      }));`]);
    expect(cjs).toEqual({ files: ["cjs/bundle/index.js", "cjs/bundle/node.js"], root: true, node: true, shared: true });
  });

  it("load zlib and crypto at their first use, and find the worker modules from the bundle's folder", () => {
    // From a file: "node -e" loads crypto itself. The case is hashed on the helper thread
    // (hash-worker.js, found from the bundle) and inflated here; its maps go to a family
    // worker (parallel/family-worker.js), and the batch's second case to a batch worker.
    const dir = mkdtempSync(join(tmpdir(), "radiomics-entries-"));
    const manifest = join(dir, "cases.csv");
    writeFileSync(manifest, ["case_id,Image,Mask", `a,${ct[0]},${ct[1]}`, `b,${ct[0]},${ct[1]}`].join("\n") + "\n");
    // Node's three entries, and the ES-module bundle that the "deno" condition names.
    for (const [entry, load] of [["esm/over-cjs/node.js", "await import"], ["esm/bundle/node.js", "await import"], ["cjs/bundle/node.js", "require"]] as const) {
      const script = join(dir, entry.startsWith("esm") ? "load.mjs" : "load.cjs");
      writeFileSync(script, `const lazy = () => process.moduleLoadList.filter((m) => /^NativeModule (zlib|crypto)$/.test(m)).join(",");
        (async () => {
          const lib = ${load}(${JSON.stringify(join(ROOT, "dist", entry))});
          const before = lazy();
          const row = await lib.extractFiles(${JSON.stringify(ct[0])}, ${JSON.stringify(ct[1])}, { setting: { profile: "pyradiomics" }, imageType: { Original: {}, LoG: { sigma: [1, 2] } } }, { workers: 2 });
          const batch = await lib.runBatch(${JSON.stringify(manifest)}, { config: lib.resolveConfig({ setting: { binWidth: 25 } }), out: ${JSON.stringify(join(dir, `${entry.replace(/\W/g, "-")}.csv`))}, workers: 2 });
          console.log(JSON.stringify({ before, after: lazy(), hash: row.diagnostics["diagnostics_Image-original_Hash"], maps: Object.keys(row.values).filter((k) => k.startsWith("log-sigma-2-0-mm-3D_glcm_")).length, batch: batch.succeeded }));
        })();`);
      expect(nodeJson([script]), entry).toEqual({
        before: "", after: "NativeModule zlib,NativeModule crypto", hash: "90dc99f56755630db311639becd3787e8e9cab83", maps: 24, batch: 2,
      });
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("load the CommonJS bundle with the code cache the build wrote, which V8 takes as it is", () => {
    // Missing or refused, the cache would be written again at the process's exit: a new file.
    const cache = join(ROOT, "dist", "cjs", "bundle", "node.bundle.js.cache");
    const before = statSync(cache);
    const row = nodeJson(["-e", `require("radiomics/node").extractFiles(${JSON.stringify(ct[0])}, ${JSON.stringify(ct[1])}, { setting: { profile: "pyradiomics" } }, { workers: 1 })
      .then((row) => console.log(JSON.stringify(row.diagnostics["diagnostics_Image-original_Hash"])));`]);
    expect(row).toBe("90dc99f56755630db311639becd3787e8e9cab83");
    const after = statSync(cache);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it("come with the notices of the packages they hold", () => {
    const notices = readFileSync(join(ROOT, "dist", "THIRD_PARTY_NOTICES.txt"), "utf8");
    for (const name of ["comlink", "dicom-parser", "fflate", "hyparquet", "yaml"]) expect(notices).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+ \\(`, "m"));
  });
});
