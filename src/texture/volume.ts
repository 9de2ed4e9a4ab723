/**
 * The gray-level volume the texture kernels read: the ROI's discretised levels cropped
 * to the box of the morphological mask, with the 2-D slice axis moved last (so slices
 * are z-planes), and the slices that hold ROI voxels.
 * @module
 */
import type { RoiInput, TextureVolume } from "../features/types.js";
import type { BoundingBox, Vec3, Volume } from "../volume.js";
import { placedSize, type PlacedLevels, type Slab } from "../kernels/texture.js";
import type { Kernels } from "../kernels/types.js";
import { perObject } from "../once.js";
import { listFor, listedWith } from "../scratch.js";
import { RadiomicsError } from "../errors.js";
import type { Settings } from "../settings.js";

export type { TextureVolume };

/**
 * Axis order that puts the slice axis last. `force2Ddimension` counts numpy axes as
 * PyRadiomics does: 0 = z, 1 = y, 2 = x.
 */
function axisOrder(force2Ddimension: number): [number, number, number] {
  return force2Ddimension === 1 ? [0, 2, 1] : force2Ddimension === 2 ? [1, 2, 0] : [0, 1, 2];
}

/** The box of a mask, found once per mask. */
const boxOf = perObject((mask: Volume<Uint8Array>, kernels: Kernels): BoundingBox => kernels.maskFacts(mask.data, mask.size).box!);

/** The placement {@link textureVolume} laid each volume out by, for its slabs (see `Slab.placed`). */
const builtFrom = new WeakMap<TextureVolume, PlacedLevels>();

/**
 * Builds the texture volume of an ROI (levels from `input.levels()`); `input.texture()`
 * keeps it for the ROI's families. `shared`: levels and mask in shared memory, for a worker.
 * Its levels and mask are read from the placement on first use (a WebAssembly backend
 * copies them out of its memory only then, see {@link PlacedLevels}) and listed in `made`
 * as they are, for the caller to give back to the thread's scratch; so are the arrays its
 * families list with it (scratch.ts `listedWith`: a volume not built here, a worker's copy
 * of a shared one, leaves them to the collector).
 */
export function textureVolume(input: RoiInput, shared = false, made: ArrayBufferView[] = []): TextureVolume {
  const { intensityMask, morphologicalMask, settings } = input;
  const levelsInScanOrder = input.levels();
  // Every response map of a case shares the case's masks: their box is found once, not once a map.
  const box = boxOf(morphologicalMask, input.kernels);
  const order = axisOrder(settings.force2D ? settings.force2Ddimension : 0);
  const at = { size: intensityMask.size, lower: box.lower, upper: box.upper, order, shared };
  const size = placedSize(at);
  const spacing = order.map((a) => intensityMask.spacing[a]!) as Vec3;
  const placed = input.kernels.placeLevels(intensityMask.data, morphologicalMask.data, levelsInScanOrder, at);
  const { voxelsPerSlice } = placed;
  const counts = input.levelCounts();
  const ng = counts.length - 1;
  const slices: number[] = [];
  for (let z = 0; z < size[2]; z++) if (voxelsPerSlice[z]) slices.push(z);
  const present: number[] = [];
  for (let level = 1; level <= ng; level++) if (counts[level]) present.push(level);
  let levels: Int32Array | undefined, morphology: Uint8Array | undefined;
  const volume: TextureVolume = {
    get levels() {
      return (levels ??= listedWith(volume, placed.levels));
    },
    get morphology() {
      return (morphology ??= listedWith(volume, placed.morphology));
    },
    size, spacing, ng, present, slices, voxelsPerSlice, kernels: input.kernels,
  };
  builtFrom.set(volume, placed);
  listFor(volume, made);
  return volume;
}

/** The slab of one slice, or of the whole volume (its levels read from the volume when a kernel asks for them). */
export function slab(volume: TextureVolume, slice?: number): Slab {
  const [z0, z1] = slice === undefined ? [0, volume.size[2]] : [slice, slice + 1];
  return {
    get levels() {
      return volume.levels;
    },
    size: volume.size, z0, z1, placed: builtFrom.get(volume),
  };
}

/** Number of ROI voxels in a slab of a texture volume. */
export function slabVoxels(volume: TextureVolume, s: Slab): number {
  let n = 0;
  for (let z = s.z0; z < s.z1; z++) n += volume.voxelsPerSlice[z]!;
  return n;
}

/**
 * Bytes a family's matrices may take as float64 counts, as the features read them: 2 GB
 * (13 GLCMs of 4,500 gray levels). Beyond it an extraction would hold many gigabytes and,
 * for the GLCM's correlation coefficient, take hours.
 */
export const MATRIX_MAX_BYTES = 2 ** 31;

/**
 * Refuses a family's `matrices` of `rows` × `cols` cells (rows: the gray levels) beyond
 * {@link MATRIX_MAX_BYTES}, before they are allocated: such a count comes from a
 * discretisation far finer than the intensities (a binWidth of 0.001 on CT gives millions
 * of gray levels), and the message says so.
 */
export function requireMatrixRoom(family: string, matrices: number, rows: number, cols: number, settings: Pick<Settings, "binWidth" | "binCount">): void {
  const bytes = matrices * rows * cols * 8;
  if (bytes <= MATRIX_MAX_BYTES) return;
  const by = settings.binCount ? `binCount ${settings.binCount}` : `binWidth ${settings.binWidth}`;
  throw new RadiomicsError(
    "INVALID_SETTING",
    `${by} gives ${rows} gray levels: the ${family}'s ${matrices} matrices of ${rows} × ${cols} cells would take ${(bytes / 2 ** 30).toFixed(0)} GB; ` +
      "use a larger binWidth or a smaller binCount (tens to hundreds of gray levels are usual)",
    { key: settings.binCount ? "binCount" : "binWidth", grayLevels: rows, bytes },
  );
}
