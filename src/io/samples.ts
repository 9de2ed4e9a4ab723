/**
 * Turning raw sample bytes into typed arrays: element types, byte order, channels.
 * Shared by the NIfTI and NRRD readers.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { zeroedArray, type Grid, type VoxelArray } from "../volume.js";
import type { ReadBuffers } from "./read-buffers.js";

/** Element types a reader can decode. 64-bit integers are widened to Float64. */
export type SampleType = "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "float32" | "float64";

const BYTES: Record<SampleType, number> = {
  int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8, float32: 4, float64: 8,
};

/**
 * Where a file holds one volume's samples (one channel, in scan order, as they are or in
 * one gzip stream), for a reader that takes them a piece at a time instead of holding the whole
 * volume (io/stream-case.ts). The format readers describe their files so when they can
 * (`niftiLayout`, `nrrdLayout`), and read the same samples the same way.
 */
export interface RawLayout {
  /** The volume's size and world placement, as the reader gives them. */
  grid: Grid;
  type: SampleType;
  littleEndian: boolean;
  /** The offset of the first sample: in the file, or in the inflated bytes of its gzip stream (`gzipAt`). */
  offset: number;
  /** Where the gzip stream that holds the samples starts in the file (a `.nii.gz`, an NRRD of gzip encoding); null where they are stored as they are. */
  gzipAt: number | null;
  /** NIfTI's `scl_slope` and `scl_inter` where they change the samples (which are then float64: v · slope + inter). */
  scale: { slope: number; inter: number } | null;
}

/** Whether the host's byte order is little-endian. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Size in bytes of one sample. */
export function sampleBytes(type: SampleType): number {
  return BYTES[type];
}

/** Typed-array views of the sample types a view can serve. */
const VIEWS = {
  int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array,
} as const;

/** Where the readers put a volume's samples. */
export interface SampleMemoryOptions {
  /**
   * Put the samples in shared memory (a SharedArrayBuffer, where the runtime has one), so
   * that workers read them without a copy; the command line does this when it has workers
   * and nothing converts the whole image (filters, resampling and normalisation do, and V8
   * converts typed arrays out of shared memory about six times slower).
   */
  sharedMemory?: boolean;
  /**
   * Buffers to read files into, reused once their volumes are done with (a batch keeps one
   * per thread and recycles it between cases; see {@link ReadBuffers}). Without it each
   * file is read into new memory. Readers of paths only (`radiomics/node`).
   */
  readBuffers?: ReadBuffers;
  /**
   * The input bytes were read for this volume and nothing else holds them (the file readers
   * set this): with `shareBytes`, samples that do not start at a multiple of their size are
   * moved within them and viewed there, instead of copied into new memory. Not for bytes a
   * caller keeps: their end of header is overwritten.
   */
  ownBytes?: boolean;
}

/** The typed array that holds samples of `type` (not 64-bit integers). */
export function sampleArray(type: Exclude<SampleType, "int64" | "uint64">): (typeof VIEWS)[keyof typeof VIEWS] {
  return VIEWS[type];
}

/** `count` samples of `type` viewed where `bytes` holds them (host byte order, aligned; not 64-bit integers). */
export function viewSamples(bytes: Uint8Array, type: Exclude<SampleType, "int64" | "uint64">, count: number): VoxelArray {
  return new VIEWS[type](bytes.buffer as ArrayBuffer, bytes.byteOffset, count);
}

/**
 * Decodes `count` samples of `type` starting at `offset` of `bytes`. Copies into a
 * buffer of its own, unless `share` is set and the samples can be used where they are
 * (aligned, in the host's byte order, not 64-bit integers): then the result is a view of
 * `bytes`, which saves a copy of the whole volume (readers set it for bytes they own).
 * `movable`: the buffer under `bytes` is the reader's own to change (read from a file for
 * this volume), so samples that do not start at a multiple of their size (a NRRD header of
 * odd length before int16 samples) are moved back within it to the nearest such byte, over
 * the header's end, and viewed there: a copy into new memory costs a page fault every 4 kB (a 210 MB
 * image: about 51,000 of them), a move within read memory none.
 * `shared`: a copy goes into shared memory, as a view of shared `bytes` is.
 */
export function decodeSamples(
  bytes: Uint8Array,
  offset: number,
  count: number,
  type: SampleType,
  littleEndian: boolean,
  what: string,
  share = false,
  shared = false,
  movable = false,
): VoxelArray {
  const width = BYTES[type];
  const needed = offset + count * width;
  if (bytes.length < needed) {
    throw new RadiomicsError(
      "TRUNCATED_FILE",
      `${what}: the voxel data needs ${needed} bytes but only ${bytes.length} are there; the file is truncated or its header is wrong`,
      { needed, available: bytes.length },
    );
  }
  const at = bytes.byteOffset + offset;
  const viewable = share && (width === 1 || littleEndian === HOST_LITTLE_ENDIAN) && type !== "int64" && type !== "uint64";
  if (viewable && at % width === 0) return new VIEWS[type](bytes.buffer as ArrayBuffer, at, count);
  if (viewable && movable) {
    // Within the whole buffer (a reader may pass the part after the header): over the header's last bytes.
    const to = at - (at % width);
    new Uint8Array(bytes.buffer, 0, at + count * width).copyWithin(to, at);
    return new VIEWS[type](bytes.buffer as ArrayBuffer, to, count);
  }
  // A copy: Node's Buffer.slice is a view, and the samples must not start at the file's first byte.
  const raw = zeroedArray(Uint8Array, needed - offset, shared);
  raw.set(bytes.subarray(offset, needed));
  if (width > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(raw, width);
  const buffer = raw.buffer;
  switch (type) {
    case "int8": return new Int8Array(buffer);
    case "uint8": return new Uint8Array(buffer);
    case "int16": return new Int16Array(buffer);
    case "uint16": return new Uint16Array(buffer);
    case "int32": return new Int32Array(buffer);
    case "uint32": return new Uint32Array(buffer);
    case "float32": return new Float32Array(buffer);
    case "float64": return new Float64Array(buffer);
    case "int64": return Float64Array.from(new BigInt64Array(buffer), Number);
    case "uint64": return Float64Array.from(new BigUint64Array(buffer), Number);
  }
}

/** Reverses each `width`-byte sample of `bytes` in place (the other byte order). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  for (let p = 0; p < bytes.length; p += width) {
    for (let a = p, b = p + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * Picks one channel of multi-channel data: sample `channel·channelStep + v·voxelStride`
 * for voxel v. Interleaved channels: (1, channels); one block per channel: (voxels, 1).
 */
export function selectChannel(data: VoxelArray, voxels: number, channel: number, channelStep: number, voxelStride: number): VoxelArray {
  const Ctor = data.constructor as new (n: number) => VoxelArray;
  const out = new Ctor(voxels);
  for (let v = 0, p = channel * channelStep; v < voxels; v++, p += voxelStride) out[v] = data[p]!;
  return out;
}

/** Checks a requested channel against the number available. */
export function checkChannel(channel: number | undefined, channels: number, what: string): number {
  if (channels === 1) {
    if (channel !== undefined && channel !== 0) {
      throw new RadiomicsError("INVALID_INPUT", `${what} has one channel; channel ${channel} does not exist`);
    }
    return 0;
  }
  if (channel === undefined) {
    throw new RadiomicsError(
      "UNSUPPORTED_FORMAT",
      `${what} has ${channels} channels (a 4-D or vector image); choose one with the channel option (0..${channels - 1}), or label_channel for masks`,
      { channels },
    );
  }
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
    throw new RadiomicsError("INVALID_INPUT", `${what}: channel ${channel} is out of range 0..${channels - 1}`, { channels });
  }
  return channel;
}
