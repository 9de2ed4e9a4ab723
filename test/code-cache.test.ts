/** The kernels' machine code kept between processes (src/kernels/code-cache.ts), as fresh processes find it. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, ROOT } from "./helpers/fixtures.js";
import { cacheFile, cacheOptions } from "../dist/esm/kernels/code-cache.js";
import { SIMD_MODULE_ID } from "../dist/esm/kernels/wasm-binaries.js";

const DIST = join(ROOT, "dist");

/**
 * A fresh process under `options` (each test's own `--stack-size`, so that its cache file is
 * its own): loads the SIMD kernels through the cache, says whether every exported kernel
 * is optimised code before any call (read from a cache; compiled lazily it is not), then
 * extracts the CT phantom through the CommonJS bundle and prints the row's values.
 */
function freshProcess(options: string[], env: Record<string, string> = {}): { ready: boolean; values: Record<string, number> } {
  const script = `
    const { kernelModuleOf } = require(${JSON.stringify(join(DIST, "cjs", "kernels", "code-cache.js"))});
    const { SIMD_MODULE, SIMD_MODULE_ID } = require(${JSON.stringify(join(DIST, "cjs", "kernels", "wasm-binaries.js"))});
    const module = kernelModuleOf(Buffer.from(SIMD_MODULE, "base64"), SIMD_MODULE_ID);
    const kernels = Object.values(new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 1 }) } }).exports).filter((k) => typeof k === "function");
    const optimised = ${options.includes("--allow-natives-syntax") ? "new Function('f', 'return %IsTurboFanFunction(f)')" : "() => false"};
    const ready = kernels.length > 40 && kernels.every(optimised);
    const { readVolumeFile, extract } = require(${JSON.stringify(join(DIST, "cjs", "bundle", "node.js"))});
    Promise.all([readVolumeFile(${JSON.stringify(fixture("ibsi1", "ct_phantom", "image.nii.gz"))}), readVolumeFile(${JSON.stringify(fixture("ibsi1", "ct_phantom", "mask.nii.gz"))})])
      .then(([image, mask]) => extract(image, mask, { setting: { profile: "pyradiomics" } }, { workers: 1 }))
      .then((row) => console.log(JSON.stringify({ ready, values: row.values })));`;
  const run = spawnSync(process.execPath, [...options, "-e", script], { encoding: "utf8", timeout: 120_000, env: { ...process.env, ...env } });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

/** Runs `check` with the cache file of `options`, removed before and after. */
function withCacheFile(options: string[], check: (file: string) => void): void {
  const file = cacheFile(SIMD_MODULE_ID, options);
  expect(file.startsWith(DIST)).toBe(true);
  rmSync(file, { force: true });
  try {
    check(file);
  } finally {
    rmSync(file, { force: true });
  }
}

/** A first process under `options` finds no cache and writes one; the next reads every kernel optimised and computes the same row (returned). */
function writtenThenRead(options: string[], file: string): Record<string, number> {
  const first = freshProcess(options);
  expect(first.ready).toBe(false);
  expect(existsSync(file)).toBe(true);
  const second = freshProcess(options);
  expect(second.ready).toBe(true);
  expect(second.values).toEqual(first.values);
  expect(Object.keys(first.values).length).toBeGreaterThan(100);
  return first.values;
}

describe("the kernels' code cache", () => {
  it("is written by a --no-liftoff process that finds none, read by the next (the same values), and replaced when damaged", () => {
    const options = ["--no-liftoff", "--allow-natives-syntax", "--stack-size=983"];
    withCacheFile(options, (file) => {
      const values = writtenThenRead(options, file);
      // One byte of the code changed: refused by the checksum, compiled as usual, then written whole again.
      const data = readFileSync(file);
      data[data.length >> 1]! ^= 0x55;
      writeFileSync(file, data);
      const damaged = freshProcess(options);
      expect(damaged.ready).toBe(false);
      expect(damaged.values).toEqual(values);
      expect(freshProcess(options).ready).toBe(true);
    });
  });

  it("is written and read under Node's default flags too, the baseline tier's kernels optimised before they are written", () => {
    const node = (execArgv: string[], env: Record<string, string> = {}) => cacheOptions({ release: { name: "node" }, execArgv, env, pid: 1, once: () => undefined });
    expect(node(["--stack-size=984", "--eval"])).toEqual(["--stack-size=984"]);
    expect(node([], { NODE_OPTIONS: "--no-liftoff --max-old-space-size=4096" })).toEqual(["--no-liftoff", "--max-old-space-size=4096"]);
    expect(node([], { RADIOMICS_V8_FLAGS: "--no-liftoff" })).toEqual(["--no-liftoff"]);
    expect(node(["--no-liftoff"], { RADIOMICS_KERNEL_CACHE: "0" })).toBe(null);
    const options = ["--allow-natives-syntax", "--stack-size=984"];
    withCacheFile(options, (file) => writtenThenRead(options, file));
  });

  it("keeps a file that V8 refuses though it is whole (made for another host): compiled here, not replaced", () => {
    // The code of one set of V8 flags under the name of another: V8 refuses it, as it refuses another processor's.
    const made = ["--no-liftoff", "--allow-natives-syntax", "--stack-size=986"], other = ["--allow-natives-syntax", "--stack-size=987"];
    withCacheFile(made, (source) => withCacheFile(other, (file) => {
      freshProcess(made);
      writeFileSync(file, readFileSync(source));
      const written = statSync(file).ino;
      expect(freshProcess(other).ready).toBe(false);
      expect(statSync(file).ino).toBe(written);
    }));
  });

  it("is not read by a worker thread (which sets no V8 flag of the process), nor written", () => {
    const options = ["--no-liftoff", "--allow-natives-syntax", "--stack-size=988"];
    withCacheFile(options, (file) => {
      // A worker's kernels, with no module on the main thread: compiled lazily, not read from the file there.
      const script = `
        const { Worker } = require("node:worker_threads");
        const code = \`const { kernelModuleOf } = require(\${JSON.stringify(process.argv[1])});
          const { SIMD_MODULE, SIMD_MODULE_ID } = require(\${JSON.stringify(process.argv[2])});
          const module = kernelModuleOf(Buffer.from(SIMD_MODULE, "base64"), SIMD_MODULE_ID);
          const kernels = Object.values(new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 1 }) } }).exports).filter((k) => typeof k === "function");
          const optimised = new Function("f", "return %IsTurboFanFunction(f)");
          require("node:worker_threads").parentPort.postMessage(kernels.some(optimised));\`;
        new Worker(code, { eval: true }).once("message", (ready) => console.log(ready ? "read" : "compiled"));`;
      const inWorker = () => spawnSync(process.execPath, [...options, "-e", script, join(DIST, "cjs", "kernels", "code-cache.js"), join(DIST, "cjs", "kernels", "wasm-binaries.js")], { encoding: "utf8" });
      let run = inWorker();
      expect(run.status, run.stderr).toBe(0);
      expect(existsSync(file)).toBe(false);
      freshProcess(options);
      expect(existsSync(file)).toBe(true);
      run = inWorker();
      expect(run.stdout.trim(), run.stderr).toBe("compiled");
    });
  });

  it("is left alone where the environment turns it off (RADIOMICS_KERNEL_CACHE=0)", () => {
    const options = ["--no-liftoff", "--allow-natives-syntax", "--stack-size=985"];
    withCacheFile(options, (file) => {
      expect(freshProcess(options, { RADIOMICS_KERNEL_CACHE: "0" }).ready).toBe(false);
      expect(existsSync(file)).toBe(false);
      // A cache there is not read either.
      freshProcess(options);
      const written = statSync(file).ino;
      expect(freshProcess(options, { RADIOMICS_KERNEL_CACHE: "0" }).ready).toBe(false);
      expect(freshProcess(options).ready).toBe(true);
      expect(statSync(file).ino).toBe(written);
    });
  });
});
