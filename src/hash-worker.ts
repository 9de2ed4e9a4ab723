/**
 * The hashing side of a helper thread (see hashOn in ./sha1.ts): the command's kernel
 * warm-up thread (bin/warm-kernels.cjs) loads it once it has compiled the kernels, and
 * then hashes the volumes `radiomics extract` reads into shared memory. It loads nothing
 * of the library but the hashing.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { hashReply, type HashRequest } from "./sha1.js";

parentPort!.on("message", (request: HashRequest) => {
  void hashReply(request).then((reply) => parentPort!.postMessage(reply));
});
