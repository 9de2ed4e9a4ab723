"use strict";
// Loads a bundled CommonJS file with V8's code cache, for the command (bin/radiomics.cjs),
// the library's CommonJS entry (dist/cjs/bundle/node.js) and the CommonJS build's worker
// threads (dist/cjs/batch-worker.js and dist/cjs/parallel/family-worker.js); the build
// (scripts/build.mjs) writes the last three.

/**
 * Loads `file` with V8's code cache: Node's own compile cache where the runtime has it
 * (Node ≥ 22.1) and `processWide` allows turning it on for the whole process (the
 * command and its workers; not the library's entry, which leaves its caller's modules as
 * they were), else the file's compiled code kept beside it (`<file>.<flags>.cache`,
 * written by a run that finds it missing or made by another V8). V8 refuses a cache
 * made under other flags, and the command runs with `--no-liftoff` (which it names in
 * `RADIOMICS_V8_FLAGS`, so its worker threads know it) where a library's caller may not:
 * each set of Node options and such flags has its own file, so that the two do not
 * replace each other's. Compiling
 * the command's 1 MB bundle costs about 20 ms of a cold start that way less, a worker's
 * bundle 20–25 ms of the worker's start (Engine, "Start-up"); a cache V8 rejects changes
 * nothing but that time. `cacheAt`: when a missing cache is written, "exit" (when the
 * process has nothing left to do and succeeded, so that it holds the functions the
 * command compiled), "loaded" (at once: a worker thread is terminated, and never sees its
 * process's exit) or "never" (a run that compiles too little of the file to keep: a cache
 * is written once and then kept, and one written by `radiomics features` left every cold
 * `radiomics extract` of the CT phantom 27 ms slower).
 */
module.exports = function loadBundle(file, cacheAt = "exit", processWide = true) {
  const Module = require("node:module");
  // Deno and Bun load the file as CommonJS themselves: their V8 would refuse Node's cache
  // and write its own over it (measured: Deno replaced the build's), each runtime in turn.
  if ("Deno" in globalThis || "Bun" in globalThis) return require(file);
  if (processWide && typeof Module.enableCompileCache === "function") {
    Module.enableCompileCache();
    return require(file);
  }
  const fs = require("node:fs"), vm = require("node:vm"), path = require("node:path");
  // V8 takes a cache only under the flags it was made with: one cache for each set of the
  // process's options (src/v8-options.ts, as the kernels' code cache names its files).
  const { v8Options } = require("../dist/cjs/v8-options.js");
  const flags = v8Options(process).join(" ").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const cacheFile = `${file}${flags ? `.${flags.slice(0, 64)}` : ""}.cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrappedSource(fs, Module, file), { filename: file, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  if (cacheAt !== "never" && (cachedData === undefined || script.cachedDataRejected)) {
    // Written aside and renamed, so that a thread or process reading it never sees half of
    // it; a folder we may not write to keeps none.
    const write = () => {
      const temp = `${cacheFile}.${process.pid}.${require("node:worker_threads").threadId}.tmp`;
      try {
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, cacheFile);
      } catch {
        fs.rmSync(temp, { force: true });
      }
    };
    if (cacheAt === "loaded") write();
    else process.once("beforeExit", () => !process.exitCode && write());
  }
  return module.exports;
};

/**
 * `file`'s code inside CommonJS' wrapper (`Module.wrap`'s, a function of the five
 * arguments), as one string. The bundles are ASCII (esbuild's
 * `charset: "ascii"`, scripts/build.mjs), whose bytes read as Latin-1 are their text: V8
 * copies them into a string as they are, where UTF-8 is decoded, and the wrapper read
 * with them into one buffer spares the copy that joining strings costs when V8 compiles.
 * The command's 1 MB bundle, read and compiled from its cache: 24 ms as UTF-8 and wrapped
 * after, 17.5 ms this way (docs/decisions.md, Engine, "Thirty-second steps"). A file that
 * is not ASCII is decoded as UTF-8.
 */
function wrappedSource(fs, Module, file) {
  const [head, tail] = Module.wrap("\0").split("\0");
  const fd = fs.openSync(file, "r");
  let bytes;
  try {
    const size = fs.fstatSync(fd).size;
    bytes = Buffer.allocUnsafe(head.length + size + tail.length);
    bytes.write(head, 0, "latin1");
    for (let at = head.length, read; at < head.length + size; at += read) {
      read = fs.readSync(fd, bytes, at, head.length + size - at, null);
      if (read === 0) throw new Error(`${file} ended before its ${size} bytes`);
    }
    bytes.write(tail, head.length + size, "latin1");
  } finally {
    fs.closeSync(fd);
  }
  return require("node:buffer").isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}
