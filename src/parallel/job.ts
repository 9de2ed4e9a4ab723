/**
 * Family jobs computed where they arrive (a family worker, or a batch worker that helps
 * this thread with a case): every planned family of one response map, every response map
 * of one image type with their families, or the texture families of an ROI whose
 * gray-level volume this thread laid out.
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
import { imageTypeOf, inNameOrder } from "../filters/registry.js";
import { labelMapSha1 } from "../io/stream-case.js";
import type { FilterInput } from "../filters/types.js";
import type { Volume } from "../volume.js";
import { factOf, type FamilyJob, type FamilyOutcome, type FamilyWorkerApi, type MapsJob, type TextureJob } from "./families.js";

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

/**
 * The job's image type's response maps, filtered here, and every planned family of each,
 * in map order; the filters' warnings beside them.
 */
export function evaluateMapsJob(job: MapsJob): FamilyOutcome {
  const warnings: string[] = [];
  const outcome = outcomeOf(() => {
    const kernels = kernelsFor(job.backend);
    const input: FilterInput = {
      image: job.image, region: job.region, regionImage: job.regionImage, roi: job.intensityMask, settings: job.settings, kernels, warn: (w) => warnings.push(w),
      ...(job.range ? { range: job.range } : {}),
    };
    const order = planFeatures(job.featureClasses, job.settings.profile);
    const type = imageTypeOf(job.imageType);
    const byMap: Array<[string, FamilyResult[]]> = [];
    for (const map of type.responses(input)) {
      const onMap = map.maskOnMap ?? ((m: Volume<Uint8Array>) => m);
      const made: ArrayBufferView[] = [];
      const roi = roiInput(map.image, onMap(job.intensityMask), onMap(job.morphologicalMask), job.settings, null, kernels, false, made);
      byMap.push([map.name, order.map((planned) => familyEntries(planned, roi, map.name))]);
      // The map's arrays, and its samples where they are its own, go back for the next map.
      giveBack(...made, map.scratch ? map.image.data : null);
    }
    return inNameOrder(type.mapNames(job.settings), byMap).flat();
  });
  return "results" in outcome ? { ...outcome, warnings } : outcome;
}

/** What a family worker serves (a batch worker too, between its cases). */
export const familyWorkerApi: FamilyWorkerApi = {
  evaluate: evaluateJob,
  evaluateTexture: evaluateTextureJob,
  evaluateMaps: evaluateMapsJob,
  volumeFacts: (requests, backend) => {
    const facts = factsHere(kernelsFor(backend));
    return Promise.all(requests.map((r) => factOf(facts, r)));
  },
  labelMapSha1,
};
