#!/usr/bin/env node
"use strict";
// Entry point of the `radiomics` command: the bundled CommonJS build (fastest start-up).
// WebAssembly goes straight to optimised code (for this process and its workers): a kernel
// call is one long function call, and V8's baseline code is not replaced in the middle of
// a call (docs/decisions.md, Engine). The kernels' machine code for these flags comes from
// the package's cache (src/kernels/code-cache.ts).
require("node:v8").setFlagsFromString("--no-liftoff");
// This is a process's main thread: the library need not load node:worker_threads to ask (src/builtins.ts).
globalThis[Symbol.for("radiomics.mainThread")] = true;
// Named for the code caches of this process's threads (./load-bundle.cjs), which V8 ties to its flags.
process.env.RADIOMICS_V8_FLAGS = "--no-liftoff";
// With V8's code cache (./load-bundle.cjs), written after a command that computes features
// and succeeds, so that it holds what an extraction compiles (not only what `--help` does).
const writesCache = ["extract", "batch", "filter"].includes(process.argv[2]);
const { main } = require("./load-bundle.cjs")(require("node:path").join(__dirname, "..", "dist", "cjs", "cli", "radiomics.js"), writesCache ? "exit" : "never");
main(process.argv).then((code) => {
  process.exitCode = code;
});
