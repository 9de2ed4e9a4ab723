/**
 * Whether this is a Node process's main thread (src/builtins.ts): asked of Node, or told by
 * the command's marker, which spares loading node:worker_threads.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isNodeMainThread, MAIN_THREAD } from "../src/builtins.js";
import { ROOT } from "./helpers/fixtures.js";

describe("isNodeMainThread", () => {
  it("is true on a process's main thread, asked of Node or told by the command's marker", () => {
    expect(isNodeMainThread()).toBe(true);
    const global = globalThis as Record<symbol, unknown>;
    global[MAIN_THREAD] = true;
    try {
      expect(isNodeMainThread()).toBe(true);
    } finally {
      delete global[MAIN_THREAD];
    }
  });

  it("is false on a worker thread", async () => {
    const { Worker } = await import("node:worker_threads");
    // The built module, as a worker loads it (the test's TypeScript is not for a worker).
    const builtins = join(ROOT, "dist", "cjs", "builtins.js");
    const worker = new Worker(`require("node:worker_threads").parentPort.postMessage(require(${JSON.stringify(builtins)}).isNodeMainThread())`, { eval: true });
    const answer = await new Promise((resolve, reject) => worker.once("message", resolve).once("error", reject));
    await worker.terminate();
    expect(answer).toBe(false);
  });
});
