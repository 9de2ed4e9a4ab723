/**
 * One large case on two threads: this thread lays out an ROI's gray-level volume, and a
 * worker computes texture families from that volume (in shared memory) while this thread
 * computes what else reads the image (first order…). Both claim the texture families one
 * at a time from a shared counter, costliest first, so they end at about the same time
 * whatever else each had to do. Before that the worker takes a large image's diagnostics
 * facts and the ROI's shape, while this thread lays out the volume.
 * @module
 */
import type { FamilyPlan } from "../features/registry.js";

/**
 * Time of each texture family in ms per million ROI voxels, measured on the bench's
 * 2.5 M-voxel ellipsoid (one thread, WebAssembly with SIMD, the mean of a process's
 * second extractions; GLCM without the gray-level volume, which is laid out before the
 * families are shared). Only their order matters (see {@link claimOrder}).
 */
export const TEXTURE_COST: Readonly<Record<string, number>> = { glcm: 18, glrlm: 27, glszm: 20, gldzm: 58, gldm: 6.9, ngtdm: 7.1, ngldm: 7 };

/**
 * Images in shared memory from this many voxels on have a worker compute the diagnostics'
 * hashes and range: 40 ms and more of this thread's time for 8 M voxels (SHA-1 of the
 * image and of the label map as uint32, the sum and range), which a worker takes beside
 * the features.
 */
export const FACTS_MIN_VOXELS = 8 << 20;
/**
 * ...up to this many (64 M voxels, 128 MB of int16): a larger image may hold an ROI that
 * needs the memory a worker takes (the 22.7 M-voxel ROI in a 105 M-voxel image peaks
 * within 0.1 % of its 1.5 GB).
 */
export const FACTS_MAX_VOXELS = 64 << 20;

/**
 * Whether an image of `voxels` voxels has its diagnostics' facts computed by a worker
 * (when its samples are in shared memory and a worker can take them): from
 * {@link FACTS_MIN_VOXELS} to {@link FACTS_MAX_VOXELS}.
 * @example
 * ```ts
 * factsOnWorker(512 * 512 * 60); // false: the CT phantom's hashes stay on the thread that reads it
 * ```
 */
export function factsOnWorker(voxels: number): boolean {
  return voxels >= FACTS_MIN_VOXELS && voxels <= FACTS_MAX_VOXELS;
}

/** ROIs from this many voxels on share one response map's texture families with a worker (the two threads claim them; see this module). */
export const SPLIT_MIN_VOXELS = 500_000;
/**
 * ROIs above this many voxels keep their families in one thread: a worker's kernels
 * would hold a second copy of the ROI's matrices, and the 22.7 M-voxel case must stay
 * within 1.5 GB (issue 14).
 */
export const SPLIT_MAX_VOXELS = 8 << 20;

/**
 * The texture families of a plan in the order two threads claim them (see
 * {@link claimNext}): costliest first, so the last one claimed is short and both threads
 * end at about the same time.
 * @example
 * ```ts
 * claimOrder(planFeatures({}, "pyradiomics")).map((p) => p.family.name); // ["glrlm", "glszm", "glcm", "ngtdm", "gldm"]
 * ```
 */
export function claimOrder(plan: FamilyPlan[]): FamilyPlan[] {
  const cost = (p: FamilyPlan) => TEXTURE_COST[p.family.name] ?? 0;
  return plan.filter((p) => p.family.texture).sort((a, b) => cost(b) - cost(a));
}

/**
 * Claims the next of `count` families from a counter in shared memory that two threads
 * read: its index in claim order, or -1 when every one is claimed. Each thread computes
 * what it claims, so neither waits for the other while a family is left.
 * @example
 * ```ts
 * const claims = new Int32Array(new SharedArrayBuffer(4));
 * claimNext(claims, 2); // 0, then 1, then -1
 * ```
 */
export function claimNext(claims: Int32Array, count: number): number {
  const next = Atomics.add(claims, 0, 1);
  return next < count ? next : -1;
}
