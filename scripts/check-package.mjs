// Checks the package as a user receives it: `npm pack`, install the tarball into an
// empty project, then use it through ESM import, CommonJS require, the Node entries'
// bundles, TypeScript types, `npx radiomics --help`, Deno, and the engine (WebAssembly
// backend, family and batch workers from ESM, Web Workers under Deno). Prints "N passed, N failed" and exits non-zero on failure.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "radiomics-pack-"));
const run = (cmd, args, cwd = work) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const tarball = join(work, run("npm", ["pack", "--silent", "--pack-destination", work], root).trim().split("\n").pop());
writeFileSync(join(work, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
// deno (a registry package that ships the binary) and typescript come from the project's own lock.
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")).packages;
const pinned = (name) => `${name}@${lock[`node_modules/${name}`].version}`;
run("npm", ["install", "--no-audit", "--no-fund", tarball, pinned("typescript"), pinned("deno"), pinned("@types/node")]);

const phantom = join(root, "test", "fixtures", "ibsi1", "digital_phantom");
const checks = {
  "ESM import": () => {
    writeFileSync(join(work, "esm.mjs"), `
      import { readFileSync } from "node:fs";
      import { readVolume, extract } from "radiomics";
      const img = readVolume(readFileSync(${JSON.stringify(join(phantom, "image.nii.gz"))}));
      const msk = readVolume(readFileSync(${JSON.stringify(join(phantom, "mask.nii.gz"))}));
      const row = await extract(img, msk, { setting: { binWidth: 1 }, featureClass: { statistics: ["Mean"] } });
      console.log(row.values.original_statistics_Mean.toFixed(2));`);
    return run("node", ["esm.mjs"]).trim() === "2.15";
  },
  "CommonJS require": () => {
    writeFileSync(join(work, "cjs.cjs"), `
      const { readVolumeFile, extract } = require("radiomics/node");
      (async () => {
        const img = await readVolumeFile(${JSON.stringify(join(phantom, "image.nii.gz"))});
        const msk = await readVolumeFile(${JSON.stringify(join(phantom, "mask.nii.gz"))});
        const row = await extract(img, msk, { setting: { binWidth: 1 }, featureClass: { statistics: ["Maximum"] } });
        console.log(row.values.original_statistics_Maximum);
      })();`);
    return run("node", ["cjs.cjs"]).trim() === "6";
  },
  // The Node entries are the CommonJS bundles (scripts/build.mjs): `radiomics` and `radiomics/node` one instance, for ESM and CommonJS alike.
  "Node entries: bundles, one instance for both and for both kinds of module": () => {
    writeFileSync(join(work, "entries.mjs"), `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const [root, node] = [await import("radiomics"), await import("radiomics/node")];
      const [cjsRoot, cjsNode] = [require("radiomics"), require("radiomics/node")];
      console.log([import.meta.resolve("radiomics/node"), require.resolve("radiomics")].map((p) => p.split("/dist/")[1]).join(),
        root.extract === node.extract, cjsRoot.RadiomicsError === cjsNode.RadiomicsError, node.extract === cjsNode.extract, "extractFiles" in root, "extractFiles" in cjsRoot);`);
    return run("node", ["entries.mjs"]).trim() === "esm/over-cjs/node.js,cjs/bundle/index.js true true true false false";
  },
  "TypeScript types (NodeNext and CommonJS resolution)": () => {
    const source = `import { extract, type FeatureRow, type Volume } from "radiomics";
      import { readVolumeFile } from "radiomics/node";
      export async function f(v: Volume, m: Volume): Promise<number> {
        const row: FeatureRow = await extract(v, m);
        await readVolumeFile("x.nii");
        return row.values["original_statistics_Mean"] ?? 0;
      }\n`;
    writeFileSync(join(work, "types.mts"), source);
    writeFileSync(join(work, "types.cts"), source.replace("type FeatureRow, type Volume", "FeatureRow, Volume"));
    const tsc = join(work, "node_modules", "typescript", "bin", "tsc");
    run("node", [tsc, "--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--types", "node", "types.mts", "types.cts"]);
    return true;
  },
  // A browser or Deno program has no @types/node, and type-checks its libraries (no skipLibCheck).
  "TypeScript types without Node's (browser/Deno consumer)": () => {
    writeFileSync(join(work, "browser.mts"), `import { extract, filterImage, readDicomSeries, readSeg, type FeatureRow, type Volume } from "radiomics";
      export async function f(v: Volume, m: Volume): Promise<number> {
        const row: FeatureRow = await extract(v, m);
        readSeg({ name: "seg.dcm", bytes: new Uint8Array(0) }, readDicomSeries([]));
        return row.values["original_statistics_Mean"] ?? filterImage(v, { imageType: { LoG: { sigma: [1] } } }).image.data[0]!;
      }\n`);
    writeFileSync(join(work, "tsconfig.browser.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", lib: ["es2022", "dom"], types: [], skipLibCheck: false },
      files: ["browser.mts"],
    }));
    // Out of reach while this check runs, so that nothing can resolve Node's types.
    const nodeTypes = join(work, "node_modules", "@types", "node");
    renameSync(nodeTypes, `${nodeTypes}.away`);
    try {
      run("node", [join(work, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.browser.json"]);
    } finally {
      renameSync(`${nodeTypes}.away`, nodeTypes);
    }
    return true;
  },
  "npx radiomics --help": () => run("npx", ["--no-install", "radiomics", "--help"]).includes("Usage: radiomics"),
  "Deno import": () => {
    writeFileSync(join(work, "deno.ts"), `
      import { readVolume, extract } from "radiomics";
      const img = readVolume(Deno.readFileSync(${JSON.stringify(join(phantom, "image.nii.gz"))}));
      const msk = readVolume(Deno.readFileSync(${JSON.stringify(join(phantom, "mask.nii.gz"))}));
      const row = await extract(img, msk, { setting: { binWidth: 1 }, featureClass: { statistics: ["Mean"] } });
      console.log(row.values.original_statistics_Mean.toFixed(2));`);
    const deno = join(work, "node_modules", ".bin", "deno");
    return run(deno, ["run", "--allow-read", "--allow-env", "--node-modules-dir=manual", "deno.ts"]).trim().endsWith("2.15");
  },
};

// A 90 × 80 × 60 ellipsoid ROI (about 226,000 voxels): large enough for the family workers.
const largeCase = `
  const size = [90, 80, 60];
  const image = new Int16Array(size[0] * size[1] * size[2]), mask = new Uint8Array(image.length);
  for (let z = 0, n = 0; z < size[2]; z++) for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++, n++) {
    image[n] = (x * 7 + y * 13 + z * 29) % 200;
    if (((x - 45) / 44) ** 2 + ((y - 40) / 39) ** 2 + ((z - 30) / 29) ** 2 <= 1) mask[n] = 1;
  }
  const img = volumeFromArray(image, size), msk = volumeFromArray(mask, size);
  const config = { setting: { profile: "pyradiomics", additionalInfo: false }, featureClass: { glcm: null, glszm: null } };
  const one = await extract(img, msk, config, { workers: 1 });
  const two = await extract(img, msk, config, { workers: 2, backend: "wasm" });
  const same = Object.keys(one.values).every((k) => one.values[k] === two.values[k]);`;
checks["ESM: WebAssembly SIMD backend, family workers, batch workers"] = () => {
  writeFileSync(join(work, "engine.mjs"), `
    import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
    import { tmpdir } from "node:os";
    import { join } from "node:path";
    import { extract, volumeFromArray, runBatch, resolveConfig } from "radiomics/node";
    ${largeCase}
    const dir = mkdtempSync(join(tmpdir(), "esm-batch-"));
    const rows = [0, 1, 2].map((i) => \`c\${i},${join(phantom, "image.nii.gz")},${join(phantom, "mask.nii.gz")}\`);
    writeFileSync(join(dir, "m.csv"), ["case_id,Image,Mask", ...rows].join(String.fromCharCode(10)));
    const summary = await runBatch(join(dir, "m.csv"), { config: resolveConfig({ setting: { binWidth: 1 }, featureClass: { statistics: ["Mean"] } }), out: join(dir, "t.csv"), workers: 2 });
    console.log(same, Object.keys(one.values).length, one.diagnostics.diagnostics_Configuration_Backend ?? "no-diag", summary.succeeded, readFileSync(join(dir, "t.csv"), "utf8").trim().split(String.fromCharCode(10)).length);`);
  return run("node", ["engine.mjs"]).trim() === "true 40 no-diag 3 4";
};
checks["Deno: family workers as Web Workers"] = () => {
  writeFileSync(join(work, "deno-workers.ts"), `
    import { extract, volumeFromArray } from "radiomics";
    ${largeCase}
    console.log(same, Object.keys(two.values).length);`);
  const deno = join(work, "node_modules", ".bin", "deno");
  return run(deno, ["run", "--allow-read", "--allow-env", "--node-modules-dir=manual", "deno-workers.ts"]).trim() === "true 40";
};

let passed = 0;
let failed = 0;
for (const [name, check] of Object.entries(checks)) {
  try {
    if (!check()) throw new Error("unexpected output");
    console.log(`ok   ${name}`);
    passed++;
  } catch (err) {
    console.log(`FAIL ${name}: ${String(err.stderr || err.stdout || err.message || err).trim().split("\n").slice(0, 8).join("\n     ")}`);
    failed++;
  }
}
console.log(`package: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
