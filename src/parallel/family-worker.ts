/**
 * Worker entry of the family pool (parallel/families.ts): computes every planned family
 * of a job (one response map of an ROI).
 * @module
 */
import { roiInput } from "../extract.js";
import { familyEntries } from "../features/evaluate.js";
import { planFeatures } from "../features/registry.js";
import { kernelsFor } from "../kernels/backend.js";
import { serve } from "./endpoint.js";
import { isRadiomicsError } from "../errors.js";
import type { FamilyJob, FamilyOutcome, FamilyWorkerApi } from "./families.js";

const api: FamilyWorkerApi = {
  evaluate(job: FamilyJob): FamilyOutcome {
    try {
      const input = roiInput(job.image, job.intensityMask, job.morphologicalMask, job.settings, job.resegmentBounds, kernelsFor(job.backend));
      return { results: planFeatures(job.featureClasses, job.settings.profile).map((planned) => familyEntries(planned, input, job.prefix)) };
    } catch (err) {
      if (!isRadiomicsError(err)) throw err;
      return { error: { code: err.code, message: err.message, details: { ...err.details } } };
    }
  },
};

void serve(api);
