/**
 * Family jobs computed where they arrive (a family worker, or a batch worker that helps
 * this thread with a case): every planned family of one response map, or the texture
 * families of an ROI whose gray-level volume this thread laid out.
 * @module
 */
import { roiInput } from "../extract.js";
import { factsHere } from "../diagnostics.js";
import { claimNext } from "./split.js";
import { familyEntries, type FamilyResult } from "../features/evaluate.js";
import { planFeatures } from "../features/registry.js";
import type { TextureInput } from "../features/types.js";
import { kernelsFor } from "../kernels/backend.js";
import { giveBack } from "../scratch.js";
import { isRadiomicsError } from "../errors.js";
import { factOf, type FamilyJob, type FamilyOutcome, type FamilyWorkerApi, type TextureJob } from "./families.js";

/** The results of `compute`, or the typed error it raised (as data: errors lose their class between threads). */
function outcomeOf<R>(compute: () => R[]): FamilyOutcome<R> {
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
    const made: ArrayBufferView[] = [];
    const input = roiInput(job.image, job.intensityMask, job.morphologicalMask, job.settings, job.resegmentBounds, kernelsFor(job.backend), false, made);
    const results = planFeatures(job.featureClasses, job.settings.profile).map((planned) => familyEntries(planned, input, job.prefix));
    // The ROI's arrays go back to this thread's scratch for its next job (scratch.ts).
    giveBack(...made);
    return results;
  });
}

/**
 * The texture job's families that this worker claims, from the gray-level volume alone,
 * by claim index (null for those the other thread claimed).
 */
export function evaluateTextureJob(job: TextureJob): FamilyOutcome<FamilyResult | null> {
  return outcomeOf(() => {
    const volume = { ...job.volume, kernels: kernelsFor(job.backend) };
    const input: TextureInput = { settings: job.settings, texture: () => volume };
    const order = planFeatures(job.featureClasses, job.settings.profile);
    const results: Array<FamilyResult | null> = order.map(() => null);
    for (let i = claimNext(job.claims, order.length); i >= 0; i = claimNext(job.claims, order.length)) results[i] = familyEntries(order[i]!, input, job.prefix);
    return results;
  });
}

/** What a family worker serves (a batch worker too, between its cases). */
export const familyWorkerApi: FamilyWorkerApi = {
  evaluate: evaluateJob,
  evaluateTexture: evaluateTextureJob,
  volumeFacts: (requests, backend) => {
    const facts = factsHere(kernelsFor(backend));
    return Promise.all(requests.map((r) => factOf(facts, r)));
  },
};
