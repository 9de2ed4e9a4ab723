/**
 * Within-case parallelism: the families of one ROI spread over a worker pool. The main
 * thread prepares the ROI (masks, re-segmentation, crop) once and shares the volumes
 * (SharedArrayBuffer where the runtime allows, so no copy per task); each task computes
 * one family in a worker, which builds the ROI's inputs once per case and keeps them for
 * the case's other families. Results come back in plan order, so a row is the same
 * whether it was computed here or in the main thread.
 * @module
 */
import { RadiomicsError, type ErrorCode } from "../errors.js";
import type { FamilyResult } from "../features/evaluate.js";
import type { BackendChoice } from "../kernels/types.js";
import type { Settings } from "../settings.js";
import type { Volume, VoxelArray } from "../volume.js";
import { isNode } from "./endpoint.js";
import { packageModule } from "./location.js";
import { WorkerPool } from "./pool.js";

/** One ROI as the workers receive it. */
export interface FamilyJob {
  /** Unique per ROI: workers keep the inputs of the last job they saw. */
  id: string;
  image: Volume;
  intensityMask: Volume<Uint8Array>;
  morphologicalMask: Volume<Uint8Array>;
  settings: Settings;
  resegmentBounds: [number | null, number | null] | null;
  featureClasses: Record<string, string[] | null>;
  prefix: string;
  backend: BackendChoice;
}

/** A family's result from a worker, or the typed error it raised (errors lose their class in transit). */
export type FamilyOutcome = { result: FamilyResult } | { error: { code: ErrorCode; message: string; details: Record<string, unknown> } };

/** What a family worker serves. */
export interface FamilyWorkerApi {
  /** Entries of the job's `index`-th planned family. */
  evaluate(job: FamilyJob, index: number): FamilyOutcome;
}

/** A pool of family workers. */
export type FamilyPool = WorkerPool<FamilyWorkerApi>;

/** Starts (lazily) a pool of `size` family workers. */
export function createFamilyPool(size: number, signal?: AbortSignal): FamilyPool {
  return new WorkerPool<FamilyWorkerApi>(packageModule("parallel/family-worker.js"), size, signal);
}

/** Whether typed arrays can live in shared memory here (Node; browsers only when cross-origin isolated). */
function canShare(): boolean {
  return typeof SharedArrayBuffer === "function" && (isNode() || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);
}

/** A copy of a volume in shared memory (or the volume itself where memory cannot be shared). */
export function sharedVolume<T extends VoxelArray>(volume: Volume<T>): Volume<T> {
  if (!canShare() || volume.data.buffer instanceof SharedArrayBuffer) return volume;
  const Ctor = volume.data.constructor as new (buffer: SharedArrayBuffer) => T;
  const data = new Ctor(new SharedArrayBuffer(volume.data.byteLength));
  data.set(volume.data as never);
  return { ...volume, data };
}

let jobs = 0;
const session = Math.random().toString(36).slice(2);

/** A fresh job id. */
export function jobId(): string {
  return `${session}-${++jobs}`;
}

/** Runs `count` planned families of a job on the pool; results in plan order. */
export function evaluateOnPool(pool: FamilyPool, job: FamilyJob, count: number, onFamily?: () => void): Promise<FamilyResult[]> {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      pool.run(async (api) => {
        const outcome = await api.evaluate(job, index);
        if ("error" in outcome) throw new RadiomicsError(outcome.error.code, outcome.error.message, outcome.error.details);
        onFamily?.();
        return outcome.result;
      })),
  );
}
