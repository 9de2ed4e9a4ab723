"use strict";
// Worker of bin/radiomics.cjs: compiles the WebAssembly kernels while the command's own
// thread loads the library and reads its inputs, then hashes the volumes it is sent (in
// shared memory) for the diagnostics, beside the features (src/hash-worker.ts). V8
// compiles each kernel at its first call and shares compiled code between the threads of
// a process (modules with the same bytes), so calling every kernel once here leaves the
// command nothing to compile (Engine, "Start-up", in docs/decisions.md). Where the
// package's cache of the kernels' code is read (src/kernels/code-cache.ts) the module
// comes compiled, and the calls cost about a millisecond.
const { workerData } = require("node:worker_threads");
const { SIMD_MODULE, SIMD_MODULE_ID, SCALAR_MODULE, SCALAR_MODULE_ID } = require("../dist/cjs/kernels/wasm-binaries.js");
const { kernelModuleOf, compileEveryKernel } = require("../dist/cjs/kernels/code-cache.js");

const compile = (simd) => kernelModuleOf(Buffer.from(simd ? SIMD_MODULE : SCALAR_MODULE, "base64"), simd ? SIMD_MODULE_ID : SCALAR_MODULE_ID);
let compiled;
try {
  compiled = compile(workerData !== "wasm");
} catch {
  // A runtime without SIMD: `auto` takes the scalar module there.
  compiled = compile(false);
}
compileEveryKernel(compiled);

require("../dist/cjs/hash-worker.js");
