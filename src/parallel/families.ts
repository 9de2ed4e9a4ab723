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

/**
 * Shared-memory copies of the volumes sent to the family workers, in buffers reused once
 * their jobs are done. A SharedArrayBuffer is freed only when every thread that received it
 * has collected its handle, and workers that compute in WebAssembly seldom collect: a fresh
 * buffer per response map piled up (+450 MB over a 2.5 M-voxel ROI's eight wavelet maps).
 * The same volume (a mask sent with every map) is copied once while it is out.
 */
export class SharedVolumes {
  private readonly free: SharedArrayBuffer[] = [];
  /** The last copy of each original, by its samples (weakly: a response map is dropped once copied); current while its buffer is out. */
  private readonly copies = new WeakMap<VoxelArray, Volume>();
  /** Buffers out and how many jobs use each, by the copy's samples. */
  private readonly out = new Map<VoxelArray, { buffer: SharedArrayBuffer; users: number }>();

  /** A shared copy of `volume` (the volume itself where memory cannot be shared); `release` the copy when its job is done. */
  share<T extends VoxelArray>(volume: Volume<T>): Volume<T> {
    if (!canShare() || volume.data.buffer instanceof SharedArrayBuffer) return volume;
    const known = this.copies.get(volume.data);
    const entry = known && this.out.get(known.data);
    if (entry) {
      entry.users++;
      return known as Volume<T>;
    }
    const bytes = volume.data.byteLength;
    const at = this.free.findIndex((b) => b.byteLength >= bytes);
    const buffer = at >= 0 ? this.free.splice(at, 1)[0]! : new SharedArrayBuffer(bytes);
    const Ctor = volume.data.constructor as new (buffer: SharedArrayBuffer, offset: number, length: number) => T;
    const data = new Ctor(buffer, 0, volume.data.length);
    data.set(volume.data as never);
    const shared = { ...volume, data };
    this.copies.set(volume.data, shared);
    this.out.set(data, { buffer, users: 1 });
    return shared;
  }

  /** Returns the buffer of a copy (as {@link share} gave it) once its last job is done. */
  release(copy: Volume): void {
    const known = this.out.get(copy.data);
    if (!known || --known.users > 0) return;
    this.out.delete(copy.data);
    this.free.push(known.buffer);
  }
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
