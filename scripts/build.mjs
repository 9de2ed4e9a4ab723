// Builds the WebAssembly kernels, then dist/esm (ES modules + types) and dist/cjs (CommonJS + types) with tsc.
// Runs from `npm install` (prepare) and `npm run build`.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, sep } from "node:path";

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
    // An ES-module bundle imports them by name (`import { createHash } from "node:crypto"`),
    // which esbuild would resolve by enumerating the module as it loads: those imports get a
    // module of their own ("lazy-esm").
    build.onResolve({ filter: new RegExp(`^(node:)?(${LAZY_MODULES.join("|")})$`) }, (args) =>
      args.namespace.startsWith("lazy") ? undefined : {
        path: args.path.replace(/^node:/, ""),
        namespace: build.initialOptions.format === "esm" && args.kind === "import-statement" ? "lazy-esm" : "lazy",
      });
    const load = (path) => `let loaded;\nconst real = () => (loaded ??= require(${JSON.stringify(path === "fflate" ? "fflate" : `node:${path}`)}));`;
    // The module's properties read from the real one at each access: its users read them
    // when they call (`zlib.createGunzip(...)`), never enumerate or replace them.
    build.onLoad({ filter: /.*/, namespace: "lazy" }, (args) => ({
      loader: "js",
      resolveDir: process.cwd(),
      contents: [
        load(args.path),
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
    // Each of the module's functions (and classes) as one that loads it when first called;
    // a name that is not a function cannot wait and fails the build where it is imported.
    build.onLoad({ filter: /.*/, namespace: "lazy-esm" }, (args) => {
      const real = require(args.path === "fflate" ? "fflate" : `node:${args.path}`);
      const names = Object.keys(real).filter((name) => name !== "default" && typeof real[name] === "function");
      return {
        loader: "js",
        resolveDir: process.cwd(),
        contents: [
          load(args.path),
          `const lazy = (name) => function (...args) { const f = real()[name]; return new.target ? Reflect.construct(f, args) : f.apply(this, args); };`,
          ...names.map((name) => `export const ${name} = lazy(${JSON.stringify(name)});`),
        ].join("\n"),
      };
    });
  },
};
/**
 * What every Node bundle shares. Without comments or indentation (names kept, so stack
 * traces still name functions): the command's bundle is 0.97 MB of ASCII instead of 1.40
 * MB with some non-ASCII comments, which V8 held as a two-byte string, 2.8 MB (reading it
 * 25 → 12 ms of a cold start, its code cache 0.8 → 0.5 MB; docs/decisions.md, Packaging).
 * Each build's inputs are kept (`metafile`) for the notices of the packages it holds.
 */
const bundled = [];
const nodeBuild = async (options) => {
  const result = await esbuild.build({
    bundle: true, platform: "node", target: "node20", logLevel: "warning",
    minifyWhitespace: true, legalComments: "none", charset: "ascii", plugins: [lazyModules], metafile: true, ...options,
  });
  bundled.push(result.metafile);
};
/** One CommonJS bundle for Node of `entry` and its dependencies. */
const nodeBundle = (entry, outfile) => nodeBuild({ entryPoints: [entry], outfile, format: "cjs" });
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
/**
 * Writes the CommonJS module `entry`, which exports what `bundle` (beside it) exports,
 * loaded through bin/load-bundle.cjs with `args` after the bundle's path; `what` names the
 * bundle in the module's comment.
 */
const writeBundleLoader = (entry, bundle, what, args) => {
  const bin = relative(dirname(entry), "bin/load-bundle.cjs").split(sep).join("/");
  writeFileSync(entry, [
    '"use strict";',
    `// Written by scripts/build.mjs: ${what} (./${basename(bundle)}) with V8's code cache.`,
    `module.exports = require(${JSON.stringify(bin)})(${[`require("node:path").join(__dirname, ${JSON.stringify(basename(bundle))})`, ...args.map((a) => JSON.stringify(a))].join(", ")});`,
    "",
  ].join("\n"));
};
// The CommonJS worker modules (batch and family workers, which the command line starts) as
// bundles too: a worker loads one file instead of some 150 (58–75 → 37 ms each), with V8's
// code cache (bin/load-bundle.cjs; the first worker that finds none writes it), which the
// module a worker is started on loads.
for (const entry of ["dist/cjs/batch-worker.js", "dist/cjs/parallel/family-worker.js"]) {
  const bundle = entry.replace(/\.js$/, ".bundle.js");
  await nodeBundle(entry, bundle);
  writeBundleLoader(entry, bundle, "the bundled worker", ["loaded"]);
}
// The library's entries for Node and Deno (package.json `exports`, conditions "node" and
// "deno"): `radiomics` and `radiomics/node` as bundles of the package and its dependencies,
// so that a process loads a few files instead of some 170 modules (the ES-module import of
// `radiomics/node` 180–200 → 53–58 ms; docs/decisions.md, Packaging). Both entries share
// one instance: the ES modules split their common code into chunks (Deno's), and the
// CommonJS root entry takes its names from the `radiomics/node` bundle, as Node's ES-module
// entries take theirs from the CommonJS ones (below). The bundles sit one folder below the build's
// root, as parallel/ does, so that src/parallel/location.ts finds the other modules from
// them; the ES-module bundle's family and batch workers are bundles beside it (the
// CommonJS build's worker modules load theirs, above). Browsers and deep imports keep
// the unbundled modules.
const BUNDLED_WORKERS = { "parallel/family-worker.js": "family-worker.js", "batch-worker.js": "batch-worker.js" };
const bundledWorkers = {
  name: "bundled-workers",
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]esm[\\/]parallel[\\/]location\.js$/ }, () => ({
      loader: "js",
      contents: [
        `const bundled = ${JSON.stringify(BUNDLED_WORKERS)};`,
        "export const packageModule = (path) => new URL(bundled[path] ? `./${bundled[path]}` : `../${path}`, import.meta.url);",
      ].join("\n"),
    }));
  },
};
await nodeBuild({
  entryPoints: {
    index: "dist/esm/index.js", node: "dist/esm/node.js",
    ...Object.fromEntries(Object.entries(BUNDLED_WORKERS).map(([module, bundle]) => [bundle.replace(/\.js$/, ""), `dist/esm/${module}`])),
  },
  outdir: "dist/esm/bundle", format: "esm", splitting: true, plugins: [lazyModules, bundledWorkers],
  // CommonJS dependencies (dicom-parser) and the lazy modules above call `require`.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
});
// The CommonJS entry loads its bundle with V8's code cache, as the command does (bin/load-bundle.cjs:
// `require("radiomics/node")` 49–52 → 30–34 ms), written by the library's extraction below
// and again by a process that finds it missing or made by another V8, at its successful exit.
await nodeBundle("dist/cjs/node.js", "dist/cjs/bundle/node.bundle.js");
writeBundleLoader("dist/cjs/bundle/node.js", "dist/cjs/bundle/node.bundle.js", "the bundle of `radiomics/node`", ["exit", false]);
const rootNames = Object.keys(require("../dist/cjs/index.js"));
writeFileSync("dist/cjs/bundle/index.js", [
  '"use strict";',
  "// Written by scripts/build.mjs: the root entry's names, from the bundle that `radiomics/node` loads (one instance for both).",
  'Object.defineProperty(exports, "__esModule", { value: true });',
  'const all = require("./node.js");',
  `for (const name of ${JSON.stringify(rootNames)}) Object.defineProperty(exports, name, { enumerable: true, get: () => all[name] });`,
  "",
].join("\n"));
// Node's ES-module entries (package.json `exports`, "node" then "import") are the CommonJS
// bundles under their names: Node 20 keeps no compiled code of ES modules, so the ES-module
// bundle compiled at every import (`import("radiomics/node")` 59–61 ms, through the
// CommonJS bundle and its code cache 37–38 ms), and ES modules and CommonJS now share one
// instance. The ES-module bundles above stay for runtimes without Node's loader (the
// "deno" condition).
const nodeNames = Object.keys(require("../dist/cjs/node.js"));
mkdirSync("dist/esm/over-cjs", { recursive: true });
for (const [entry, names] of [["index", rootNames], ["node", nodeNames]]) {
  writeFileSync(`dist/esm/over-cjs/${entry}.js`, [
    `// Written by scripts/build.mjs: the names of ../../cjs/bundle/${entry}.js (its bundle loaded with V8's code cache) as an ES module, for Node.`,
    'import { createRequire } from "node:module";',
    `const all = createRequire(import.meta.url)("../../cjs/bundle/${entry}.js");`,
    `export const { ${names.join(", ")} } = all;`,
    "",
  ].join("\n"));
}
// The notices of the packages the bundles hold (their licences ask that copies keep them).
const packages = new Set(bundled.flatMap((meta) => Object.keys(meta.inputs)).map((input) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]).filter(Boolean));
writeFileSync("dist/THIRD_PARTY_NOTICES.txt", [...packages].sort().map((dir) => {
  const { name, version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  return [`${name} ${version} (${license})`, file ? readFileSync(join(dir, file), "utf8").trim() : `licence: ${license}`].join("\n\n");
}).join(`\n\n${"-".repeat(78)}\n\n`) + "\n");
// V8's code cache of the command-line bundle (bin/radiomics.cjs loads it with the bundle):
// one extraction of the bundled sample, so the cache holds what a command compiles. That
// process also writes the kernels' machine code for the command's V8 flags, and a script's
// extraction under Node's default flags writes it for those (src/kernels/code-cache.ts).
const sample = ["examples/data/brain1_image.nrrd", "examples/data/brain1_label.nrrd"];
execFileSync(process.execPath, ["bin/radiomics.cjs", "extract", ...sample, "--profile", "pyradiomics"], { stdio: "ignore" });
execFileSync(process.execPath, ["-e", `require("./dist/cjs/bundle/node.js").extractFiles(...${JSON.stringify(sample)}, { setting: { profile: "pyradiomics" } })`], { stdio: "ignore" });
