/**
 * Worker entry of the family pool (parallel/families.ts): computes every planned family
 * of a job (one response map of an ROI), or the texture families of a laid-out ROI.
 * @module
 */
import { serve } from "./endpoint.js";
import { familyWorkerApi } from "./job.js";

void serve(familyWorkerApi);
