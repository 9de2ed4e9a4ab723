#!/usr/bin/env node
"use strict";
// Entry point of the `radiomics` command: the bundled CommonJS build (fastest start-up).
// WebAssembly goes straight to optimised code (for this process and its workers): a kernel
// call is one long function call, and V8's baseline code is not replaced in the middle of
// a call (docs/decisions.md, Engine).
require("node:v8").setFlagsFromString("--no-liftoff");
// Named for the code caches of this process's threads (./load-bundle.cjs), which V8 ties to its flags.
process.env.RADIOMICS_V8_FLAGS = "--no-liftoff";
const helper = warmKernels(process.argv.slice(2));
// With V8's code cache (./load-bundle.cjs), written after a command that computes features
// and succeeds, so that it holds what an extraction compiles (not only what `--help` does).
const writesCache = ["extract", "batch", "filter"].includes(process.argv[2]);
const { main } = require("./load-bundle.cjs")(require("node:path").join(__dirname, "..", "dist", "cjs", "cli", "radiomics.js"), writesCache ? "exit" : "never");
main(process.argv, helper).then((code) => {
  process.exitCode = code;
});

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
