/**
 * Worker entry of the family pool (parallel/families.ts): computes every planned family
 * of a job (one response map of an ROI).
 * @module
 */
import { serve } from "./endpoint.js";
import type { FamilyWorkerApi } from "./families.js";
import { evaluateJob } from "./job.js";

const api: FamilyWorkerApi = { evaluate: evaluateJob };

void serve(api);
