#!/usr/bin/env node
"use strict";
// Entry point of the `radiomics` command: the bundled CommonJS build (fastest start-up).
// WebAssembly goes straight to optimised code (for this process and its workers): a kernel
// call is one long function call, and V8's baseline code is not replaced in the middle of
// a call (docs/decisions.md, Engine).
require("node:v8").setFlagsFromString("--no-liftoff");
const helper = warmKernels(process.argv.slice(2));
const { main } = loadBundle(require("node:path").join(__dirname, "..", "dist", "cjs", "cli", "radiomics.js"));
main(process.argv, helper).then((code) => {
  process.exitCode = code;
});

/**
 * Loads the bundle with V8's code cache: Node's own compile cache where the runtime has it
 * (Node ≥ 22.1), else the bundle's compiled code kept beside it (`radiomics.js.cache`,
 * written by the build and again by any run that finds it missing or made by another V8).
 * Compiling the 1 MB bundle costs about 20 ms of a cold start that way less (Engine,
 * "Start-up"); a cache V8 rejects changes nothing but that time.
 */
function loadBundle(file) {
  const Module = require("node:module");
  if (typeof Module.enableCompileCache === "function") {
    Module.enableCompileCache();
    return require(file);
  }
  const fs = require("node:fs"), vm = require("node:vm"), path = require("node:path");
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the command, so the cache holds the functions it compiled; a folder we may not write to keeps none.
    process.once("beforeExit", () => {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, cacheFile);
      } catch {
        fs.rmSync(temp, { force: true });
      }
    });
  }
  return module.exports;
}

/**
 * For the one-case commands (`extract`, `filter`), compiles the WebAssembly kernels on
 * another thread (./warm-kernels.cjs) while this one loads the library and reads the
 * inputs: the first call of each kernel then finds it compiled (a cold `radiomics extract`
 * of the CT phantom 236 → 220 ms). Then the thread hashes the volumes `extract` reads into
 * shared memory for the diagnostics, beside the features; returns it for that (undefined
 * when there is none). A batch has its own workers to start and gained nothing.
 * Not for `--backend js`, not with one thread or core to run on, and not under an
 * address-space limit (`ulimit -v`): each WebAssembly memory reserves about 10 GB of
 * addresses, and the command's own must not be the one refused.
 */
function warmKernels(args) {
  if (!["extract", "filter"].includes(args[0])) return;
  const option = (long, short) => {
    const at = args.findIndex((a) => a === long || a === short || a.startsWith(`${long}=`));
    return at < 0 ? undefined : args[at].startsWith(`${long}=`) ? args[at].slice(long.length + 1) : args[at + 1];
  };
  const backend = option("--backend") ?? "auto";
  if (!["auto", "wasm-simd", "wasm"].includes(backend)) return;
  // One thread asked for (--workers 1); one core to run on (a second thread would only
  // compete) or an address-space limit (see roomForHelperThread).
  if (option("--workers", "-w") === "1" || !require("../dist/cjs/parallel/room.js").roomForHelperThread()) return;
  try {
    // A large image (a file over 64 MB): 15 ms matter nothing there, the thread's 3 MB do.
    if (require("node:fs").statSync(args[1]).size > 64 << 20) return;
  } catch {
    // Not a file (a folder, a URL): warm up.
  }
  // Only a head start: it keeps the process alive only while hashes are pending, and neither
  // its failure (its hashes are then computed here) nor a runtime that refuses threads
  // (Node's permission model without --allow-worker) changes the command.
  try {
    const { Worker } = require("node:worker_threads");
    const worker = new Worker(require("node:path").join(__dirname, "warm-kernels.cjs"), { workerData: backend });
    worker.on("error", () => undefined).unref();
    return worker;
  } catch {
    // no second thread: the command compiles its kernels and hashes itself
    return undefined;
  }
}
