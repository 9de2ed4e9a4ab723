/**
 * The diagnostics' hashes beside the features for extractions on Node's main thread: one
 * helper thread a process, started at the second extraction that hashes (a process that
 * extracts once would only pay for its start, on the core the first extraction's compiler
 * threads use), idle (and not keeping the process alive) between them. The volumes'
 * SHA-1s are about a third of a warm CT phantom's extraction; on the helper they cost this
 * thread a copy (see hashOn).
 * @module
 */
import { nodeBuiltin } from "./builtins.js";
import { isNode, workerExecArgv, workersAllowed } from "./parallel/endpoint.js";
import { packageModule } from "./parallel/location.js";
import { roomForHelperThread } from "./parallel/room.js";
import { hasHashHelper, hashOn, type HashWorker } from "./sha1.js";

let calls = 0;

/**
 * Called by each extraction that hashes; the second starts the hashing helper thread,
 * where there can be one: Node (not Deno, not a browser), its main thread (a worker's
 * thread already has a core of its own to itself or shares it with the batch), workers
 * allowed, room for a thread (a second core, no address-space limit: see
 * roomForHelperThread), none there already. Until the thread has loaded, and
 * wherever it cannot start, hashes are computed on this thread.
 */
export function hashBeside(): void {
  if (++calls !== 2) return;
  if (!isNode() || !workersAllowed() || hasHashHelper() || !roomForHelperThread()) return;
  const threads = nodeBuiltin<typeof import("node:worker_threads")>("node:worker_threads");
  if (!threads?.isMainThread) return;
  try {
    const loaded = new Int32Array(new SharedArrayBuffer(4));
    const worker = new threads.Worker(packageModule("hash-worker.js"), { workerData: { loaded }, execArgv: workerExecArgv() });
    hashOn(worker as unknown as HashWorker, { loaded });
  } catch {
    // No thread to be had (a resource limit): the hashes stay here.
  }
}
