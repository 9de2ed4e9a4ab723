/**
 * Worker entry of the family pool (parallel/families.ts): computes one family of a job,
 * keeping the last job's ROI inputs so its other families reuse them.
 * @module
 */
import { roiInput } from "../extract.js";
import { familyEntries } from "../features/evaluate.js";
import { planFeatures, type FamilyPlan } from "../features/registry.js";
import type { RoiInput } from "../features/types.js";
import { kernelsFor } from "../kernels/backend.js";
import { serve } from "./endpoint.js";
import { isRadiomicsError } from "../errors.js";
import type { FamilyJob, FamilyOutcome, FamilyWorkerApi } from "./families.js";

let last: { id: string; input: RoiInput; plan: FamilyPlan[] } | null = null;

const api: FamilyWorkerApi = {
  evaluate(job: FamilyJob, index: number): FamilyOutcome {
    try {
      if (last?.id !== job.id) {
        last = {
          id: job.id,
          input: roiInput(job.image, job.intensityMask, job.morphologicalMask, job.settings, job.resegmentBounds, kernelsFor(job.backend)),
          plan: planFeatures(job.featureClasses, job.settings.profile),
        };
      }
      return { result: familyEntries(last.plan[index]!, last.input, job.prefix) };
    } catch (err) {
      if (!isRadiomicsError(err)) throw err;
      return { error: { code: err.code, message: err.message, details: { ...err.details } } };
    }
  },
};

void serve(api);
