/**
 * Provenance columns (`diagnostics_*`), named and formatted as PyRadiomics writes them
 * so that pipelines reading PyRadiomics output read ours.
 * @module
 */
import { crop, indexToWorld, shiftBox, voxelCount, type BoundingBox, type Grid, type Vec3, type Volume, type VoxelArray } from "./volume.js";
import { centerOfMassIndex, connectedComponents } from "./preprocess/mask.js";
import { jsKernels } from "./kernels/js.js";
import type { MaskFacts } from "./kernels/intensity.js";
import type { Kernels } from "./kernels/types.js";
import { sha1AndRangeBeside, sha1Hex, sha1OfUint32 } from "./sha1.js";
import { giveBack } from "./scratch.js";

/** Python-style tuple text: `(1, 2, 3)`; floats keep a decimal point (`2.0`) as Python prints them. */
export function pyTuple(values: ArrayLike<number>, floats = false): string {
  return `(${Array.from(values, (v) => (floats && Number.isInteger(v) ? v.toFixed(1) : String(v))).join(", ")})`;
}

/** What the diagnostics compute over whole volumes: SHA-1s and the samples' range and sum. */
export interface VolumeFacts {
  /** SHA-1 (hex) of the samples, or (`uint32`) of them cast to uint32, as PyRadiomics hashes masks. */
  sha1(data: VoxelArray, uint32: boolean): Promise<string>;
  /** Sum, minimum and maximum of the samples. */
  stats(data: VoxelArray): Promise<ImageStats>;
}

/** Sum, minimum and maximum of a volume's samples. */
export type ImageStats = ReturnType<Kernels["imageStats"]>;

/**
 * {@link VolumeFacts} computed on this thread (the range by `kernels`), the hashes on its
 * helper where it has one (see hashOn), and with an image's hash its range, asked for
 * after it (see sha1AndRangeBeside). `copies`: whether volumes in plain memory may be
 * copied for the helper; not while other threads work for this one (a pool), which the
 * helper would slow down more than it saves.
 */
export function factsHere(kernels: Kernels = jsKernels, copies = true): VolumeFacts {
  const ranges = new WeakMap<VoxelArray, Promise<ImageStats>>();
  return {
    sha1: (data, uint32) => {
      if (uint32) return sha1OfUint32(data, copies);
      const beside = sha1AndRangeBeside(data, copies);
      if (!beside) return sha1Hex(data, copies);
      ranges.set(data, beside.stats);
      return beside.hex;
    },
    stats: (data) => ranges.get(data) ?? Promise.resolve(kernels.imageStats(data)),
  };
}

/**
 * Diagnostics columns in PyRadiomics' order; a hash or a whole-image value is its promise
 * until {@link settleDiagnostics} (the key is placed when the work starts, so the order does
 * not depend on which finishes first; a worker or, in browsers, WebCrypto computes them
 * while the features are computed). A rejected one is reported when settled, not before.
 */
export type PendingDiagnostics = Record<string, string | number | Promise<string | number>>;

/** `value`, marked as handled: {@link settleDiagnostics} awaits it, and reports its failure then. */
export function settledLater<T>(value: Promise<T>): Promise<T> {
  value.catch(() => undefined);
  return value;
}

/** The diagnostics with every pending value awaited. */
export async function settleDiagnostics(pending: PendingDiagnostics): Promise<Record<string, string | number>> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(pending)) out[key] = await value;
  return out;
}

/** Image facts: `Image-<stage>_{Hash, Dimensionality, Spacing, Size, Mean, Minimum, Maximum}`; `facts` computes the hash and range. */
export function imageDiagnostics(stage: string, image: Volume, facts: VolumeFacts = factsHere()): PendingDiagnostics {
  // The hash first: a helper thread that takes it computes the range too.
  const hash = facts.sha1(image.data, false);
  return gridDiagnostics(stage, image, hash, facts.stats(image.data));
}

/** {@link imageDiagnostics} of an image's grid, given its samples' hash and range (an image not held whole: io/stream-case.ts). */
export function gridDiagnostics(stage: string, image: Grid, hash: Promise<string>, stats: Promise<ImageStats>): PendingDiagnostics {
  const p = `diagnostics_Image-${stage}_`;
  return {
    [`${p}Hash`]: hash,
    [`${p}Dimensionality`]: image.size[2] > 1 ? "3D" : "2D",
    [`${p}Spacing`]: pyTuple(image.spacing, true),
    [`${p}Size`]: pyTuple(image.size),
    [`${p}Mean`]: settledLater(stats.then((s) => s.sum / voxelCount(image.size))),
    [`${p}Minimum`]: settledLater(stats.then((s) => s.min)),
    [`${p}Maximum`]: settledLater(stats.then((s) => s.max)),
  };
}

/** Where a mask that is a window of a larger grid lies in it (io/stream-case.ts): the window's first voxel, and the whole grid. */
export interface MaskWindow {
  lower: Vec3;
  grid: Grid;
}

/**
 * Mask facts: `Mask-<stage>_{Hash?, Spacing, Size, BoundingBox, VoxelNum, VolumeNum,
 * CenterOfMassIndex, CenterOfMass}`, plus Mean/Minimum/Maximum of the image inside the
 * ROI for stages other than `original`. `facts`: the mask's count and box, when the caller
 * has them already; `hash`: the hash of the label map the mask was selected from (see
 * {@link VolumeFacts.sha1}; PyRadiomics hashes it as uint32). `defer`: where the facts
 * that read the ROI's voxels (components, centre of mass, the image inside) are handed to
 * run later; their columns are then promises until that work runs. `window`: the mask is a
 * window of a larger grid, which the columns describe (`facts` are then in its indices).
 */
export function maskDiagnostics(
  stage: string,
  mask: Volume<Uint8Array>,
  extras: { hash?: Promise<string>; image?: Volume; kernels?: Kernels; facts?: MaskFacts; defer?: (work: () => void) => void; window?: MaskWindow } = {},
): PendingDiagnostics {
  const p = `diagnostics_Mask-${stage}_`;
  const { box, count } = extras.facts ?? (extras.kernels ?? jsKernels).maskFacts(mask.data, mask.size);
  const grid = extras.window?.grid ?? mask, lower = extras.window?.lower ?? ([0, 0, 0] as Vec3);
  const out: PendingDiagnostics = {};
  if (extras.hash) out[`${p}Hash`] = extras.hash;
  out[`${p}Spacing`] = pyTuple(grid.spacing, true);
  out[`${p}Size`] = pyTuple(grid.size);
  out[`${p}BoundingBox`] = box ? pyTuple([...box.lower, ...box.upper.map((u, a) => u - box.lower[a]! + 1)]) : "()";
  out[`${p}VoxelNum`] = count;
  type VoxelFacts = ReturnType<typeof roiVoxelFacts>;
  const measure = () => roiVoxelFacts(mask, box && shiftBox(box, lower), extras.image, extras.kernels, lower);
  const later = extras.defer;
  const measured = later
    ? settledLater(new Promise<VoxelFacts>((resolve, reject) => later(() => {
      try {
        resolve(measure());
      } catch (err) {
        reject(err);
      }
    })))
    : measure();
  const column = (pick: (f: VoxelFacts) => string | number) => (measured instanceof Promise ? settledLater(measured.then(pick)) : pick(measured));
  out[`${p}VolumeNum`] = column((f) => f.volumes);
  out[`${p}CenterOfMassIndex`] = column((f) => pyTuple(f.com, true));
  out[`${p}CenterOfMass`] = column((f) => pyTuple(indexToWorld(grid, f.com), true));
  if (extras.image) {
    out[`${p}Mean`] = column((f) => f.sum / f.n);
    out[`${p}Minimum`] = column((f) => f.min);
    out[`${p}Maximum`] = column((f) => f.max);
  }
  return out;
}

/**
 * The mask facts that read the ROI's voxels (within its box): components, centre of mass
 * (its index in a grid where the mask's first voxel is at `offset`) and, given an image,
 * the sum and range inside.
 */
function roiVoxelFacts(mask: Volume<Uint8Array>, box: BoundingBox | null, image: Volume | undefined, kernels: Kernels | undefined, offset: Vec3) {
  const roi = box ? crop(mask, box) : mask;
  // The box's place and the offset are whole numbers: added first, so that the index is rounded once.
  const com = centerOfMassIndex(roi, kernels).map((c, a) => c + ((box ? box.lower[a]! : 0) + offset[a]!)) as Vec3;
  const volumes = connectedComponents(roi, kernels);
  let sum = 0, n = 0, min = Infinity, max = -Infinity;
  if (image) {
    const inside = box ? crop(image, box) : image;
    for (let i = 0; i < roi.data.length; i++) {
      if (!roi.data[i]) continue;
      const v = inside.data[i]!;
      sum += v;
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // A crop is this function's own (crop gives the volume itself when the box is all of it).
    if (inside !== image) giveBack(inside.data);
  }
  if (roi !== mask) giveBack(roi.data);
  return { com, volumes, sum, n, min, max };
}

/** Name and version of the JavaScript runtime. */
export function runtimeVersion(): string {
  const g = globalThis as { Deno?: { version: { deno: string } }; process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } };
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  return g.navigator?.userAgent ?? "unknown";
}
