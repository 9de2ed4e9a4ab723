/**
 * Family jobs computed where they arrive (a family worker, or a batch worker that helps
 * this thread with a case): every planned family of one response map, or the texture
 * families of an ROI whose gray-level volume this thread laid out.
 * @module
 */
import { roiInput } from "../extract.js";
import { sha1Here } from "../diagnostics.js";
import { familyEntries, type FamilyResult } from "../features/evaluate.js";
import { planFeatures } from "../features/registry.js";
import type { TextureInput } from "../features/types.js";
import { kernelsFor } from "../kernels/backend.js";
import { isRadiomicsError } from "../errors.js";
import type { FamilyJob, FamilyOutcome, FamilyWorkerApi, TextureJob } from "./families.js";

/** The results of `compute`, or the typed error it raised (as data: errors lose their class between threads). */
function outcomeOf(compute: () => FamilyResult[]): FamilyOutcome {
  try {
    return { results: compute() };
  } catch (err) {
    if (!isRadiomicsError(err)) throw err;
    return { error: { code: err.code, message: err.message, details: { ...err.details } } };
  }
}

/** The job's family results in plan order. */
export function evaluateJob(job: FamilyJob): FamilyOutcome {
  return outcomeOf(() => {
    const input = roiInput(job.image, job.intensityMask, job.morphologicalMask, job.settings, job.resegmentBounds, kernelsFor(job.backend));
    return planFeatures(job.featureClasses, job.settings.profile).map((planned) => familyEntries(planned, input, job.prefix));
  });
}

/** The texture job's family results in plan order, from its gray-level volume alone. */
export function evaluateTextureJob(job: TextureJob): FamilyOutcome {
  return outcomeOf(() => {
    const volume = { ...job.volume, kernels: kernelsFor(job.backend) };
    const input: TextureInput = { settings: job.settings, texture: () => volume };
    return planFeatures(job.featureClasses, job.settings.profile).map((planned) => familyEntries(planned, input, job.prefix));
  });
}

/** What a family worker serves (a batch worker too, between its cases). */
export const familyWorkerApi: FamilyWorkerApi = {
  evaluate: evaluateJob,
  evaluateTexture: evaluateTextureJob,
  sha1: (volumes) => Promise.all(volumes.map((v) => sha1Here(v.data, v.uint32))),
};
