/**
 * Worker-thread entry of `runBatch`: receives cases, runs each with `runCase` (which
 * writes the case's result file) and reports back.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { runCase, type BatchCase } from "./batch.js";

const { config, settingsHash, casesDir } = workerData as { config: Parameters<typeof runCase>[1]; settingsHash: string; casesDir: string };
parentPort!.on("message", (c: BatchCase) => {
  void runCase(c, config, settingsHash, casesDir).then((error) => parentPort!.postMessage({ c, error }));
});
