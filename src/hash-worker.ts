/**
 * The hashing side of a helper thread (see hashOn in ./sha1.ts), which an extraction on
 * Node's main thread starts (./hash-helper.ts). It loads nothing of the library but the
 * hashing, and sets a flag once it has loaded.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { hashReply, type HashRequest } from "./sha1.js";

parentPort!.on("message", (request: HashRequest) => {
  // No reply for a request the asking thread has taken back (it computed it).
  void hashReply(request).then((reply) => reply && parentPort!.postMessage(reply));
});
// The flag hashOn's `loaded` reads, where the thread was given one.
const loaded = (workerData as { loaded?: Int32Array } | undefined)?.loaded;
if (loaded) Atomics.store(loaded, 0, 1);
