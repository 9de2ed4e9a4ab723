/**
 * Worker entry of `runBatch`'s pool: claims and runs cases (see `caseClaimer`; `runCase`
 * writes each case's result file) and returns their errors, if any; once the batch has no
 * case left for it, it computes response maps of the case this thread still runs
 * (`evaluate`, `evaluateTexture`).
 * @module
 */
import { caseClaimer, type BatchWorkerApi } from "./batch.js";
import { serve } from "./parallel/endpoint.js";
import { familyWorkerApi } from "./parallel/job.js";

const api: BatchWorkerApi = { runClaimedCase: caseClaimer(), ...familyWorkerApi };
void serve(api);
