"use strict";
// Worker of bin/radiomics.cjs: compiles the WebAssembly kernels while the command's own
// thread loads the library and reads its inputs, then hashes the volumes it is sent (in
// shared memory) for the diagnostics, beside the features (src/hash-worker.ts). V8
// compiles each kernel at its first call and shares compiled code between the threads of
// a process (modules with the same bytes), so calling every kernel once here, with zero
// arguments (empty inputs; a trap is caught, the code is compiled by then), leaves the
// command nothing to compile (Engine, "Start-up", in docs/decisions.md).
const { workerData } = require("node:worker_threads");
const { SIMD_MODULE, SCALAR_MODULE } = require("../dist/cjs/kernels/wasm-binaries.js");

function compile(base64) {
  return new WebAssembly.Module(Buffer.from(base64, "base64"));
}

let compiled;
try {
  compiled = compile(workerData === "wasm" ? SCALAR_MODULE : SIMD_MODULE);
} catch {
  // A runtime without SIMD: `auto` takes the scalar module there.
  compiled = compile(SCALAR_MODULE);
}
const memory = new WebAssembly.Memory({ initial: 64 });
const kernels = new WebAssembly.Instance(compiled, { env: { memory } }).exports;
for (const kernel of Object.values(kernels)) {
  if (typeof kernel !== "function") continue;
  try {
    kernel();
  } catch {
    // Zero arguments may trap (a division, an address out of bounds): compiled all the same.
  }
}

require("../dist/cjs/hash-worker.js");
