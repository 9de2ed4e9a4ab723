/**
 * A family job computed where it arrives (a family worker, or a batch worker that helps
 * this thread with a case's maps): every planned family of one response map.
 * @module
 */
import { roiInput } from "../extract.js";
import { familyEntries } from "../features/evaluate.js";
import { planFeatures } from "../features/registry.js";
import { kernelsFor } from "../kernels/backend.js";
import { isRadiomicsError } from "../errors.js";
import type { FamilyJob, FamilyOutcome } from "./families.js";

/** The job's family results in plan order, or the typed error it raised (as data: errors lose their class between threads). */
export function evaluateJob(job: FamilyJob): FamilyOutcome {
  try {
    const input = roiInput(job.image, job.intensityMask, job.morphologicalMask, job.settings, job.resegmentBounds, kernelsFor(job.backend));
    return { results: planFeatures(job.featureClasses, job.settings.profile).map((planned) => familyEntries(planned, input, job.prefix)) };
  } catch (err) {
    if (!isRadiomicsError(err)) throw err;
    return { error: { code: err.code, message: err.message, details: { ...err.details } } };
  }
}
