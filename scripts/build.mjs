// Builds the WebAssembly kernels, then dist/esm (ES modules + types) and dist/cjs (CommonJS + types) with tsc.
// Runs from `npm install` (prepare) and `npm run build`.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, relative, sep } from "node:path";

const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
rmSync("dist", { recursive: true, force: true });
// The WebAssembly kernels first: tsc embeds them (src/kernels/wasm-binaries.ts).
execFileSync(process.execPath, ["scripts/build-wasm.mjs"], { stdio: "inherit" });
for (const config of ["tsconfig.build.json", "tsconfig.cjs.json"]) {
  execFileSync(process.execPath, [tsc, "-p", config], { stdio: "inherit" });
}
// Mark each tree with its module system, whatever the root package.json says.
mkdirSync("dist/cjs", { recursive: true });
writeFileSync("dist/cjs/package.json", JSON.stringify({ type: "commonjs" }) + "\n");
writeFileSync("dist/esm/package.json", JSON.stringify({ type: "module" }) + "\n");
// The CommonJS build finds its worker modules from __dirname (src/parallel/location.ts
// uses import.meta, which CommonJS lacks).
writeFileSync(
  "dist/cjs/parallel/location.js",
  [
    '"use strict";',
    'Object.defineProperty(exports, "__esModule", { value: true });',
    'const node_path = require("node:path");',
    'const node_url = require("node:url");',
    "/** URL of a built module, e.g. `packageModule(\"batch-worker.js\")`. */",
    'exports.packageModule = (path) => node_url.pathToFileURL(node_path.join(__dirname, "..", path));',
    "",
  ].join("\n"),
);
// The command line loads one bundled file (dist/cjs/cli/radiomics.js: the CommonJS build
// and its dependencies): Node resolves and compiles one module instead of some 150, and the
// library loads in about 40 ms instead of 70 (docs/decisions.md, Engine). It sits beside
// main.js, so the worker modules it starts resolve as from the unbundled build.
const esbuild = require("esbuild");
// Modules that a command or worker seldom uses, loaded at their first use instead of when
// the bundle loads: Node's child_process (with net and dgram) for commander's executable
// subcommands, which we have none of; zlib for gzipped inputs only (dicom-parser asks for
// it when it loads); crypto where this thread hashes (a command's helper thread does);
// fflate (its tables built when it loads) where a browser's gzip, a PNG or a deflated
// DICOM needs it. 20–30 ms of a cold start (docs/decisions.md, Packaging).
const LAZY_MODULES = ["child_process", "zlib", "crypto", "fflate"];
const lazyModules = {
  name: "lazy-modules",
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(node:)?(${LAZY_MODULES.join("|")})$`) }, (args) =>
      args.namespace === "lazy" ? undefined : { path: args.path.replace(/^node:/, ""), namespace: "lazy" });
    // The module's properties read from the real one at each access: its users read them
    // when they call (`zlib.createGunzip(...)`), never enumerate or replace them.
    build.onLoad({ filter: /.*/, namespace: "lazy" }, (args) => ({
      loader: "js",
      resolveDir: process.cwd(),
      contents: [
        `let loaded;`,
        `const real = () => (loaded ??= require(${JSON.stringify(args.path === "fflate" ? "fflate" : `node:${args.path}`)}));`,
        `module.exports = new Proxy({}, {`,
        `  get: (_, key) => real()[key],`,
        `  has: (_, key) => key in real(),`,
        `  ownKeys: () => Reflect.ownKeys(real()),`,
        `  getOwnPropertyDescriptor: (_, key) => {`,
        `    const own = Reflect.getOwnPropertyDescriptor(real(), key);`,
        `    return own && { ...own, configurable: true };`,
        `  },`,
        `});`,
      ].join("\n"),
    }));
  },
};
/**
 * One CommonJS bundle for Node of `entry` and its dependencies. Without comments or
 * indentation (names kept, so stack traces still name functions): the command's bundle is
 * 0.97 MB of ASCII instead of 1.40 MB with some non-ASCII comments, which V8 held as a
 * two-byte string, 2.8 MB (reading it 25 → 12 ms of a cold start, its code cache 0.8 →
 * 0.5 MB; docs/decisions.md, Packaging).
 */
const nodeBundle = (entry, outfile) => esbuild.build({
  entryPoints: [entry], outfile, bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "warning",
  minifyWhitespace: true, legalComments: "none", charset: "ascii", plugins: [lazyModules],
});
await nodeBundle("dist/cjs/cli/main.js", "dist/cjs/cli/radiomics.js");
// The browser example (examples/browser/): the page's script, its extraction worker and
// the family workers, each one ES module importing the package as a user's bundler would
// (`radiomics` resolves to this package's dist/esm). The Node-only branches (worker_threads)
// are never taken in a browser and stay out of the bundle.
esbuild.buildSync({
  entryPoints: ["app", "worker", "family-worker"].map((name) => `examples/browser/${name}.ts`),
  outdir: "examples/browser/dist",
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  external: ["node:*"],
  sourcemap: true,
  logLevel: "warning",
});
// The CommonJS worker modules (batch and family workers, which the command line starts) as
// bundles too: a worker loads one file instead of some 150 (58–75 → 37 ms each), with V8's
// code cache (bin/load-bundle.cjs; the first worker that finds none writes it), which the
// module a worker is started on loads.
for (const entry of ["dist/cjs/batch-worker.js", "dist/cjs/parallel/family-worker.js"]) {
  const bundle = entry.replace(/\.js$/, ".bundle.js");
  await nodeBundle(entry, bundle);
  const bin = relative(dirname(entry), "bin/load-bundle.cjs").split(sep).join("/");
  writeFileSync(entry, [
    '"use strict";',
    `// Written by scripts/build.mjs: the bundled worker (./${basename(bundle)}) with V8's code cache.`,
    `require(${JSON.stringify(bin)})(require("node:path").join(__dirname, ${JSON.stringify(basename(bundle))}), "loaded");`,
    "",
  ].join("\n"));
}
// V8's code cache of the command-line bundle (bin/radiomics.cjs loads it with the bundle):
// one extraction of the bundled sample, so the cache holds what a command compiles.
execFileSync(process.execPath, ["bin/radiomics.cjs", "extract", "examples/data/brain1_image.nrrd", "examples/data/brain1_label.nrrd", "--profile", "pyradiomics"], { stdio: "ignore" });
