/**
 * Within-case parallelism: the response maps of one ROI spread over a worker pool and the
 * calling thread. The calling thread prepares the ROI (masks, re-segmentation, crop). An
 * image type chosen for a worker (`typesForWorker` in extract.ts) goes whole: the worker
 * filters the image (in shared memory) and computes every map's families. The calling
 * thread filters the other types; a map whose families a worker can take at once goes to
 * one, in shared memory (SharedArrayBuffer where the runtime allows, so no copy per task),
 * and the others are computed in the calling thread. A task is one map: the worker builds
 * its inputs once and computes every planned family. A single large map shares instead:
 * the worker gets the gray-level volume this thread laid out and computes some of its
 * texture families (parallel/split.ts). A worker also takes the diagnostics' hashes of a
 * large image in shared memory. Results come back in plan order, so a row is the same
 * whichever thread computed it.
 * @module
 */
import type { Remote } from "comlink";
import { RadiomicsError, type ErrorCode } from "../errors.js";
import type { FamilyResult } from "../features/evaluate.js";
import type { BackendChoice } from "../kernels/types.js";
import { settledLater, type ImageStats, type VolumeFacts } from "../diagnostics.js";
import type { FeatureFamily, TextureVolume } from "../features/types.js";
import type { Settings } from "../settings.js";
import { isShared, type BoundingBox, type Volume, type VoxelArray } from "../volume.js";
import { isNode } from "./endpoint.js";
import { packageModule } from "./location.js";
import { WorkerPool } from "./pool.js";

/** One ROI as the workers receive it. */
export interface FamilyJob {
  image: Volume;
  intensityMask: Volume<Uint8Array>;
  morphologicalMask: Volume<Uint8Array>;
  settings: Settings;
  resegmentBounds: [number | null, number | null] | null;
  featureClasses: Record<string, string[] | null>;
  prefix: string;
  backend: BackendChoice;
}

/**
 * Texture families of one ROI whose gray-level volume this thread has laid out: the
 * worker computes those it claims (parallel/split.ts) from the volume alone (its levels
 * and mask in shared memory).
 */
export interface TextureJob {
  volume: Omit<TextureVolume, "kernels">;
  settings: Settings;
  /** Texture families only ({@link FeatureFamily.texture}), in claim order. */
  featureClasses: Record<string, string[] | null>;
  /** The shared counter both threads claim families from. */
  claims: Int32Array;
  prefix: string;
  backend: BackendChoice;
}

/**
 * Every response map of one image type, its filter computed where the job arrives, and
 * every planned family of each map: the calling thread goes on with the other image types
 * meanwhile (see `typesForWorker` in extract.ts).
 */
export interface MapsJob {
  /** The image type's params-file name (filters/registry.ts). */
  imageType: string;
  /** The whole image the filter sees, in shared memory (the kernels read it there). */
  image: Volume;
  region: BoundingBox;
  /** The image cut to the region (what Original yields). */
  regionImage: Volume;
  intensityMask: Volume<Uint8Array>;
  morphologicalMask: Volume<Uint8Array>;
  /** The image type's settings. */
  settings: Settings;
  featureClasses: Record<string, string[] | null>;
  backend: BackendChoice;
  /** The whole image's range, where `image` is a window of it (see `FilterInput.range`). */
  range?: { min: number; max: number };
}

/** One whole-volume fact the diagnostics ask of a worker: a SHA-1 (of the samples, or of them as uint32) or the range and sum. */
export interface FactRequest {
  data: VoxelArray;
  fact: "sha1" | "sha1-uint32" | "stats";
}

/** A fact as `facts` computes it. */
export function factOf(facts: VolumeFacts, { data, fact }: FactRequest): Promise<string | ImageStats> {
  return fact === "stats" ? facts.stats(data) : facts.sha1(data, fact === "sha1-uint32");
}

/**
 * A job's results from a worker (with the warnings its filters gave, for a {@link MapsJob}),
 * or the typed error it raised (errors lose their class in transit).
 */
export type FamilyOutcome<R = FamilyResult> = { results: R[]; warnings?: string[] } | { error: { code: ErrorCode; message: string; details: Record<string, unknown> } };

/** What a family worker serves. */
export interface FamilyWorkerApi {
  /** Entries of every planned family of the job. */
  evaluate(job: FamilyJob): FamilyOutcome;
  /** Entries of the texture families it claims of a job whose gray-level volume is laid out already, by claim index (null: claimed by this thread). */
  evaluateTexture(job: TextureJob): FamilyOutcome<FamilyResult | null>;
  /** Entries of every planned family of every response map of an image type, the maps computed there. */
  evaluateMaps(job: MapsJob): FamilyOutcome;
  /** Whole-volume facts for the diagnostics (see {@link VolumeFacts}); the range by the `backend`'s kernel. */
  volumeFacts(requests: FactRequest[], backend: BackendChoice): Promise<Array<string | ImageStats>>;
  /** The SHA-1 of a label map file as uint32, read there (see `labelMapSha1` in io/stream-case.ts; null where it does not read the file so). */
  labelMapSha1(path: string): Promise<string | null>;
}

/** Workers that take family jobs: a pool of family workers ({@link createFamilyPool}), or a batch's workers between cases. */
export interface FamilyPool {
  /** Starts the workers now, ahead of the first job. */
  start(): void;
  /** Whether a job given now would start at once (or wait only for a worker that is starting). */
  hasCapacity(): boolean;
  /**
   * Whether its workers are working now (a job, or a worker starting): then this thread
   * leaves its hashes' helper alone (see hashOn), which would slow them more than it saves.
   * A pool without it counts as working.
   */
  busy?(): boolean;
  /**
   * Whether its workers are up (started, none starting): only then does a one-map ROI
   * share its texture families with one (see `ExtractOptions.workers`). A pool without
   * it counts as not up.
   */
  up?(): boolean;
  run<R>(task: (api: Remote<FamilyWorkerApi>) => Promise<R>): Promise<R>;
  /** Rejects queued jobs (with `reason`) and ends the workers. */
  close(reason?: unknown): Promise<void>;
}

/**
 * Tasks a family worker holds at once: the next map waits in its message queue, so the
 * worker goes on while the calling thread is busy filtering or computing a map itself.
 */
export const MAPS_PER_FAMILY_WORKER = 2;

/**
 * Starts (lazily) a pool of `size` family workers.
 * @example
 * ```ts
 * const cases: Array<{ image: Volume; mask: Volume }> = [];
 * const pool = createFamilyPool(3);
 * try {
 *   for (const c of cases) await extract(c.image, c.mask, config, { pool });
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export function createFamilyPool(size: number, signal?: AbortSignal): FamilyPool {
  return new WorkerPool<FamilyWorkerApi>(packageModule("parallel/family-worker.js"), size, signal, MAPS_PER_FAMILY_WORKER);
}

/** Whether typed arrays can live in shared memory here (Node; browsers only when cross-origin isolated). */
export function canShare(): boolean {
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

/**
 * Runs a job on a worker of the pool (`call` sends it: `(api) => api.evaluate(job)`):
 * its results, in the job's order (null for a family this thread claimed); its filters'
 * warnings go to `onWarnings`. A worker with a free slot has the job at once; otherwise it
 * is handed over when this thread lets events run.
 */
export function runOnPool<R extends FamilyResult | null>(
  pool: FamilyPool, call: (api: Remote<FamilyWorkerApi>) => Promise<FamilyOutcome<R>>, onFamily?: () => void,
  onWarnings?: (warnings: string[]) => void,
): Promise<R[]> {
  return pool.run(async (api) => {
    const outcome = await call(api);
    if ("error" in outcome) throw new RadiomicsError(outcome.error.code, outcome.error.message, outcome.error.details);
    if (outcome.warnings) onWarnings?.(outcome.warnings);
    for (const result of outcome.results) if (result) onFamily?.();
    return outcome.results;
  });
}

/**
 * Whole-volume facts off this thread: what the diagnostics ask in one synchronous stretch
 * (the image's hash and range, the label map's hash as uint32) of volumes in shared
 * memory goes to a worker of the pool as one job at the stretch's end; the rest is
 * computed here then. Volumes are not copied into shared memory for it: 71 MB took 55 ms
 * and as much memory, about what the facts cost (the command reads into shared memory
 * instead, where that pays).
 */
export function factsOnPool(pool: FamilyPool, here: VolumeFacts, backend: BackendChoice): VolumeFacts {
  type Asked = FactRequest & { resolve(value: string | ImageStats): void; reject(err: unknown): void };
  let asked: Asked[] = [];
  const flush = () => {
    const there: Asked[] = [];
    for (const a of asked) {
      if (isShared(a.data)) there.push(a);
      else factOf(here, a).then(a.resolve, a.reject);
    }
    asked = [];
    if (!there.length) return;
    const values = pool.run((api) => api.volumeFacts(there.map(({ data, fact }) => ({ data, fact })), backend));
    values.then((v) => there.forEach((a, i) => a.resolve(v[i]!)), (err: unknown) => there.forEach((a) => a.reject(err)));
  };
  const ask = <T extends string | ImageStats>(data: VoxelArray, fact: FactRequest["fact"]) =>
    settledLater(new Promise<T>((resolve, reject) => {
      if (!asked.length) queueMicrotask(flush);
      asked.push({ data, fact, resolve: resolve as (value: string | ImageStats) => void, reject });
    }));
  return {
    sha1: (data, uint32) => ask<string>(data, uint32 ? "sha1-uint32" : "sha1"),
    stats: (data) => ask<ImageStats>(data, "stats"),
  };
}
