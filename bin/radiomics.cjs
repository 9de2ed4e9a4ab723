#!/usr/bin/env node
"use strict";
// Entry point of the `radiomics` command: the bundled CommonJS build (fastest start-up).
// WebAssembly goes straight to optimised code (for this process and its workers): a kernel
// call is one long function call, and V8's baseline code is not replaced in the middle of
// a call (docs/decisions.md, Engine).
require("node:v8").setFlagsFromString("--no-liftoff");
require("../dist/cjs/cli/radiomics.js").main(process.argv).then((code) => {
  process.exitCode = code;
});
