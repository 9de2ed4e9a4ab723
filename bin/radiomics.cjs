#!/usr/bin/env node
"use strict";
// Entry point of the `radiomics` command (CommonJS build: fastest start-up).
require("../dist/cjs/cli/main.js").main(process.argv).then((code) => {
  process.exitCode = code;
});
