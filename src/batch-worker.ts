/**
 * Worker entry of `runBatch`'s pool: runs cases with `runCase` (which writes each case's
 * result file) and returns their errors, if any.
 * @module
 */
import { runCase, type BatchWorkerApi } from "./batch.js";
import { serve } from "./parallel/endpoint.js";

const api: BatchWorkerApi = { runCase };
void serve(api);
