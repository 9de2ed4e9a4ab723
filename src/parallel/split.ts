/**
 * One large ROI on two threads: this thread lays out its gray-level volume, a worker
 * computes some of its texture families from that volume (in shared memory), and this
 * thread computes the others and everything that reads the image (shape, first order…).
 * Which families go where is decided by their measured cost, so that both threads end
 * at about the same time.
 * @module
 */
import type { FamilyPlan } from "../features/registry.js";

/**
 * Time of each family in ms per million ROI voxels, measured on the bench's 2.5 M-voxel
 * ellipsoid (one thread, WebAssembly with SIMD, a process's second extraction; GLCM
 * without the gray-level volume, which is laid out before the families are shared).
 * Only the ratios matter. shape2D runs on one slice; it is taken to cost what shape does
 * per voxel.
 */
export const FAMILY_COST: Readonly<Record<string, number>> = {
  shape: 23, shape2D: 23, morphology: 4750, firstorder: 10.5, statistics: 8.4, histogram: 9.2, ivh: 76, localintensity: 2130,
  glcm: 27, glrlm: 33, glszm: 25, gldzm: 55, gldm: 7.6, ngtdm: 7.2, ngldm: 8,
};

/** ROIs from this many voxels on share one response map's texture families with a worker (see {@link shareFamilies}). */
export const SPLIT_MIN_VOXELS = 500_000;
/**
 * ROIs above this many voxels keep their families in one thread: a worker's kernels
 * would hold a second copy of the ROI's matrices, and the 22.7 M-voxel case must stay
 * within 1.5 GB (issue 14).
 */
export const SPLIT_MAX_VOXELS = 8 << 20;

/**
 * Shares a response map's families between this thread and a worker: texture families,
 * costliest first, each to the thread with less work so far; the families that read the
 * image stay here, and with `alsoHere` (what this thread computes besides, such as shape)
 * they start this thread's load. Each side keeps plan order.
 * @example
 * ```ts
 * const plan = planFeatures({}, "pyradiomics");
 * const { here, there } = shareFamilies(plan.filter((p) => !p.family.geometric), plan.filter((p) => p.family.geometric));
 * there.map((p) => p.family.name); // ["glcm", "glrlm", "ngtdm"]
 * ```
 */
export function shareFamilies(plan: FamilyPlan[], alsoHere: FamilyPlan[] = []): { here: FamilyPlan[]; there: FamilyPlan[] } {
  const cost = (p: FamilyPlan) => FAMILY_COST[p.family.name] ?? 0;
  let hereLoad = 0, thereLoad = 0;
  for (const p of [...plan, ...alsoHere]) if (!p.family.texture) hereLoad += cost(p);
  const toWorker = new Set<FamilyPlan>();
  for (const p of plan.filter((q) => q.family.texture).sort((a, b) => cost(b) - cost(a))) {
    if (thereLoad < hereLoad) {
      toWorker.add(p);
      thereLoad += cost(p);
    } else {
      hereLoad += cost(p);
    }
  }
  return { here: plan.filter((p) => !toWorker.has(p)), there: plan.filter((p) => toWorker.has(p)) };
}
