/**
 * A case read from its files a piece at a time, keeping only a window around the ROI
 * (Node.js, Deno). A CT of 512 × 512 × 120 voxels and its label map are 94 MB of files,
 * a tumour's window a few: reading both whole puts every byte in memory the process has
 * not touched, which costs a page fault each 4 kB and, for memory a read has just filled,
 * as much again at its first use (docs/decisions.md, Engine). Here each file is read in
 * pieces of up to a megabyte into two buffers used again and again (a gzip stream
 * inflated by Node's zlib on its own threads meanwhile); each piece is hashed and summed
 * for the diagnostics as it passes, and the window's samples are copied out.
 * @module
 */
import { openFile, type OpenFile } from "./node-files.js";
import type { Kernels } from "../kernels/types.js";
import type { WindowedCase } from "../extract.js";
import { geometryDifferences } from "../preprocess/geometry.js";
import { sampleSd, squaresInOrder, sumInOrder } from "../preprocess/intensity.js";
import { nodeSha1, updateAsUint32, type Sha1 } from "../sha1.js";
import { giveBack, takeArray } from "../scratch.js";
import { copyWindowPart, indexToWorld, padBox, voxelCount, type BoundingBox, type Grid, type Vec3, type VoxelArray } from "../volume.js";
import { emptyLanes, combineLanes, lanePlanes } from "../kernels/intensity.js";
import type { ImageStats } from "../diagnostics.js";
import { isNifti, niftiLayout, scaled } from "./nifti.js";
import { isNrrd, nrrdLayout } from "./nrrd.js";
import { inflatedHead, isGzip } from "./gzip.js";
import { once } from "../once.js";
import { HOST_LITTLE_ENDIAN, sampleArray, sampleBytes, swapBytes, viewSamples, type RawLayout } from "./samples.js";
import { RadiomicsError } from "../errors.js";

/**
 * Bytes of a raw file read at a time (whole planes, at least one). The pieces go into two
 * buffers used again, so their size is what reading touches of new memory: 1 MB rather
 * than 4 took 1.6 k page faults off a `radiomics extract` of a 512 × 512 × 120 CT
 * (docs/decisions.md, Engine, "Twenty-ninth steps").
 */
const PIECE_BYTES = 1 << 20;
/**
 * Bytes of compressed data read, and of inflated data made, at a time from a gzip stream;
 * a gzipped file's pieces are as large. Each is a new buffer (Node's zlib makes one per
 * output chunk): 512 kB was the fastest of 64 kB to 2 MB for a gzipped CT (from 2 MB on,
 * the allocator maps each buffer afresh).
 */
const INFLATE_BYTES = 512 << 10;

/** Node's modules for a gzip stream, imported when a gzipped file is read (1–1.5 ms of a cold command that reads none). */
const gunzip = once(async () => {
  const [stream, zlib] = await Promise.all([import("node:stream"), import("node:zlib")]);
  return { Readable: stream.Readable, createGunzip: zlib.createGunzip };
});

/** Bytes {@link headOf} reads from the start of a file: a NIfTI header, most NRRD headers, or enough gzip for either. */
const HEADER_BYTES = 64 << 10;

/**
 * The first {@link HEADER_BYTES} of an open file (fewer when it is shorter), inflated when
 * they begin a gzip stream (a `.nii.gz`, whose header is its first inflated bytes):
 * what a header is parsed from. `gzipped` says which.
 */
export async function headOf(file: OpenFile, path: string): Promise<{ head: Uint8Array; gzipped: boolean }> {
  const { bytesRead, buffer } = await file.read(new Uint8Array(HEADER_BYTES), 0, HEADER_BYTES, 0);
  const head = buffer.subarray(0, bytesRead);
  return isGzip(head) ? { head: inflatedHead(head, path), gzipped: true } : { head, gzipped: false };
}

/** What {@link streamCase} needs to know of the extraction. */
export interface StreamOptions {
  /** The label whose voxels are the ROI (a voxel's value cast to uint32, as PyRadiomics casts label maps). */
  label: number;
  /** Voxels kept beyond the ROI's box along each axis, given the image's spacing (without `window`). @default none */
  pad?: (spacing: Vec3) => number;
  /**
   * The box of the whole grid kept, given the ROI's box on it (it holds that box): what the
   * extraction reads (see `windowNeeded` in extract.ts). Null: no window will do, and null is returned.
   * @default the ROI's box padded by `pad`
   */
  window?: (roi: BoundingBox, grid: Grid) => BoundingBox | null;
  /** Whether the diagnostics' hashes and the image's range are computed (`additionalInfo`). */
  hashes: boolean;
  /** Whether the whole image's sum and range are computed without the hashes (image types scaled by the range read it). @default false */
  range?: boolean;
  /** Whether the whole image's mean and sample standard deviation are computed, as normalisation takes them (`normalize`: every plane read twice). @default false */
  moments?: boolean;
  /** The geometry tolerance of the mask against the image (`geometryTolerance`). */
  tolerance?: number;
  kernels: Kernels;
  /** Whether an image of this many voxels, gzipped or raw, is worth reading so (else null is returned once its header is read). @default always */
  worth?: (voxels: number, gzipped: boolean) => boolean;
  /**
   * With `hashes`: the label map's hash computed elsewhere (a family worker reading the
   * file itself, see `labelMapSha1`) while this thread finds the ROI's box and reads
   * the image; a null or failed answer is computed here after all. Asked only for a label
   * map stored raw (one in gzip would be inflated twice).
   */
  labelMapHashBeside?: (path: string) => Promise<string | null>;
}

/** An open file with raw samples, and their layout. */
interface RawFile {
  handle: OpenFile;
  layout: RawLayout;
  name: string;
}

/**
 * Reads the ROI's window of an image and its label map from their files ({@link WindowedCase}),
 * never holding either whole: NIfTI (`.nii`, `.nii.gz`) and NRRD (raw or gzip encoding,
 * attached data). Null where the files need more than that (detached, text or
 * multi-channel data, a mask on another grid, a label that is not there, a file shorter
 * than its header says, gzip data that does not inflate so): the caller then reads them
 * whole, which also says what is wrong.
 * @example
 * ```ts
 * const windowed = await streamCase("ct.nii", "gtv.nii", { label: 1, pad: () => 2, hashes: true, kernels: jsKernels });
 * ```
 */
export async function streamCase(imagePath: string, maskPath: string, options: StreamOptions): Promise<WindowedCase | null> {
  const image = await rawFile(imagePath);
  try {
    if (image && options.worth && !options.worth(voxelCount(image.layout.grid.size), image.layout.gzipAt !== null)) return null;
    const labelMap = image && await rawFile(maskPath);
    if (!image || !labelMap) return null;
    try {
      return await windowOf(image, labelMap, options);
    } catch (err) {
      // Gzip data that does not inflate as the header says: the whole readers say what is wrong with it.
      if (image.layout.gzipAt !== null || labelMap.layout.gzipAt !== null) return null;
      throw err;
    } finally {
      await labelMap.handle.close();
    }
  } finally {
    await image?.handle.close();
  }
}

/** The file opened, with its layout; null when it is not a NIfTI or NRRD file that {@link streamCase} reads (or not one whose stored samples are all there), or cannot be read. */
async function rawFile(path: string): Promise<RawFile | null> {
  let handle: OpenFile;
  try {
    handle = await openFile(path);
  } catch {
    return null;
  }
  try {
    const { size } = await handle.stat();
    const { head, gzipped } = await headOf(handle, path);
    if (gzipped) {
      // A .nii.gz: its samples are in the one gzip stream, from the file's start.
      const layout = isNifti(head) ? niftiLayout(head, path) : null;
      if (layout) return { handle, layout: { ...layout, gzipAt: 0 }, name: path };
    } else {
      const layout = isNifti(head) ? niftiLayout(head, path) : isNrrd(head) ? nrrdLayout(head, path) : null;
      // Samples stored as they are must all be there; a gzip stream's length says nothing of them.
      if (layout && (layout.gzipAt !== null || layout.offset + voxelCount(layout.grid.size) * sampleBytes(layout.type) <= size)) return { handle, layout, name: path };
    }
  } catch {
    // A header that does not parse: the whole reader says why.
  }
  await handle.close();
  return null;
}

/** The window and facts of a case whose files are open; null when the mask's grid or label do not fit. */
async function windowOf(image: RawFile, labelMap: RawFile, options: StreamOptions): Promise<WindowedCase | null> {
  const grids = { image: image.layout.grid, labelMap: labelMap.layout.grid };
  if (geometryDifferences(grids.image, grids.labelMap, options.tolerance).length) return null;
  // The label map's hash elsewhere, asked at once, or here as its pieces pass. Not for a
  // gzipped one: inflated twice, it slowed the clinical CT's filtered case by 100 ms.
  const beside = options.hashes && options.labelMapHashBeside && labelMap.layout.gzipAt === null ? options.labelMapHashBeside(labelMap.name).catch(() => null) : null;
  const maskSha1 = options.hashes && !beside ? nodeSha1() : null;
  if (options.hashes && !beside && !maskSha1) return null;
  const roi = await labelFacts(labelMap, options.label, maskSha1, options.kernels);
  if (!roi.box) return null;
  const window = options.window ? options.window(roi.box, grids.image) : padBox(roi.box, options.pad?.(grids.image.spacing) ?? 0, grids.image.size);
  if (!window) return null;
  const size = window.upper.map((u, a) => u - window.lower[a]! + 1) as Vec3;
  // Zeroed, and only the ROI's voxels written: the label lies in its box, and pages of the
  // window beyond it are never touched (a filter's window is mostly image around the ROI).
  const mask = takeArray(Uint8Array, voxelCount(size));
  await eachPlanes(labelMap, roi.box.lower[2], roi.box.upper[2], 1, (samples, z0, planes) => options.kernels.labelWindow(samples, options.label, grids.labelMap.size, roi.box!, window, z0, planes, mask));
  const { samples, hashes, stats, moments } = await imageWindow(image, window, size, options, options.kernels);
  // Where it was not computed beside (a worker that failed), it is computed here.
  const labelMapHash = beside ? (await beside) ?? await labelMapSha1(labelMap.name) : maskSha1?.digest("hex");
  if (options.hashes && !labelMapHash) return null;
  return {
    image: { data: samples, size, spacing: [...grids.image.spacing], origin: indexToWorld(grids.image, window.lower), direction: [...grids.image.direction] },
    mask: { data: mask, size, spacing: [...grids.labelMap.spacing], origin: indexToWorld(grids.labelMap, window.lower), direction: [...grids.labelMap.direction] },
    window,
    grids,
    facts: { count: roi.count, box: roi.box, largest: 1 },
    hashes: hashes && labelMapHash ? { ...hashes, labelMap: labelMapHash } : null,
    stats,
    moments,
  };
}

/** Every plane of a label map, a piece at a time, into `sha1` cast to uint32 (as PyRadiomics hashes masks) where given, and to `take`. */
async function labelPlanes(file: RawFile, sha1: Sha1 | null, take?: (samples: VoxelArray, z0: number) => void): Promise<void> {
  const block = sha1 ? takeArray(Uint32Array, 1 << 16, false, false) : null;
  await eachPlanes(file, 0, file.layout.grid.size[2] - 1, 1, (samples, z0) => {
    if (sha1) updateAsUint32(sha1, samples, block!);
    take?.(samples, z0);
  });
  giveBack(block);
}

/** The ROI's voxel count and box over the whole label map, each piece fed to `sha1` (cast to uint32) on the way. */
async function labelFacts(file: RawFile, label: number, sha1: Sha1 | null, kernels: Kernels): Promise<{ count: number; box: BoundingBox | null }> {
  const [nx, ny, nz] = file.layout.grid.size;
  const lower: Vec3 = [nx, ny, nz], upper: Vec3 = [-1, -1, -1];
  let count = 0;
  await labelPlanes(file, sha1, (samples, z0) => {
    const facts = kernels.labelFacts(samples, label, [nx, ny, samples.length / (nx * ny)]);
    if (!facts.box) return;
    count += facts.count;
    for (let a = 0; a < 3; a++) {
      lower[a] = Math.min(lower[a]!, facts.box.lower[a]! + (a === 2 ? z0 : 0));
      upper[a] = Math.max(upper[a]!, facts.box.upper[a]! + (a === 2 ? z0 : 0));
    }
  });
  return { count, box: count ? { lower, upper } : null };
}

/**
 * The SHA-1 of a label map file's samples cast to uint32 (as PyRadiomics hashes masks), for
 * a NIfTI or NRRD file that {@link streamCase} reads, read here a piece at a time: what a
 * family worker computes beside a windowed case's reading (`labelMapHashBeside`). Null for
 * a file it does not read so, or without Node's hash.
 */
export async function labelMapSha1(path: string): Promise<string | null> {
  const file = await rawFile(path);
  const sha1 = file && nodeSha1();
  try {
    if (!file || !sha1) return null;
    await labelPlanes(file, sha1);
    return sha1.digest("hex");
  } finally {
    await file?.handle.close();
  }
}

/**
 * The image's samples in `window` (of `size` voxels); with `hashes` the SHA-1 of all its
 * samples, with `range` (or `hashes`) their sum and range, with `moments` their mean and
 * sample standard deviation (summed as normalisation sums them, the squares in a second
 * reading of every plane). Every plane is read when any of them is asked.
 */
async function imageWindow(
  file: RawFile, window: BoundingBox, size: Vec3, { hashes, range, moments: asked }: Pick<StreamOptions, "hashes" | "range" | "moments">, kernels: Kernels,
): Promise<{ samples: VoxelArray; hashes: { image: string; stats: ImageStats } | null; stats: ImageStats | null; moments: { mean: number; sd: number } | null }> {
  const whole = hashes || range === true;
  const { grid, type, scale } = file.layout;
  const Ctor = scale ? Float64Array : sampleArray(type as Parameters<typeof sampleArray>[0]);
  const samples: VoxelArray = takeArray(Ctor as Parameters<typeof takeArray<VoxelArray>>[0], voxelCount(size), false, false);
  const sha1 = hashes ? nodeSha1() : null;
  const lanes = emptyLanes();
  const plane = grid.size[0] * grid.size[1];
  // Whole planes, a multiple of four samples but the last piece (the range's lanes, see imageLanes).
  const quantum = lanePlanes(plane);
  let sum = 0;
  const [first, last] = whole || asked ? [0, grid.size[2] - 1] : [window.lower[2], window.upper[2]];
  await eachPlanes(file, first, last, quantum, (values, z0, planes) => {
    sha1?.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    if (whole) kernels.imageLanes(values, lanes);
    if (asked) sum = sumInOrder(values, sum);
    copyWindowPart(values, grid.size, z0, planes, window, samples);
  });
  const stats = whole ? combineLanes(lanes) : null;
  let moments: { mean: number; sd: number } | null = null;
  if (asked) {
    const n = voxelCount(grid.size), mean = sum / n;
    let ss = 0;
    await eachPlanes(file, first, last, quantum, (values) => void (ss = squaresInOrder(values, mean, ss)));
    moments = { mean, sd: sampleSd(ss, n) };
  }
  return { samples, hashes: sha1 && stats ? { image: sha1.digest("hex"), stats } : null, stats, moments };
}

/**
 * Calls `take` with the samples of planes `first` to `last` of a file, decoded (host byte
 * order, scaled as the header says), a piece of whole planes at a time (a multiple of
 * `quantum` planes but the last): the piece's samples, its first plane and how many it
 * holds. The next piece is read while `take` works on one; both buffers are this thread's
 * scratch, used again by the next file.
 */
async function eachPlanes(file: RawFile, first: number, last: number, quantum: number, take: (samples: VoxelArray, z0: number, planes: number) => void): Promise<void> {
  const { grid, type, littleEndian, offset, scale } = file.layout;
  const width = sampleBytes(type), planeBytes = grid.size[0] * grid.size[1] * width;
  const perPiece = Math.max(1, Math.floor((file.layout.gzipAt === null ? PIECE_BYTES : INFLATE_BYTES) / planeBytes / quantum)) * quantum;
  const pieceBytes = perPiece * planeBytes;
  const buffers = [0, 1].map(() => takeArray(Uint8Array, Math.min(pieceBytes, (last - first + 1) * planeBytes), false, false));
  const scaledOut = scale ? takeArray(Float64Array, buffers[0]!.length / width, false, false) : null;
  const inflated = file.layout.gzipAt === null ? null : inflatedFrom(file, offset + first * planeBytes, await gunzip());
  const read = (k: number, z: number) => {
    const piece = buffers[k]!.subarray(0, Math.min(perPiece, last - z + 1) * planeBytes);
    return inflated ? inflated.fill(piece) : readFully(file, piece, offset + z * planeBytes);
  };
  let pending: Promise<Uint8Array> | null = read(0, first);
  try {
    for (let z = first, k = 0; z <= last; z += perPiece, k ^= 1) {
      const bytes = await pending!;
      pending = z + perPiece <= last ? read(k ^ 1, z + perPiece) : null;
      if (width > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(bytes, width);
      const raw = viewSamples(bytes, type as never, bytes.length / width);
      take(scale ? scaled(raw, scale, scaledOut!.subarray(0, raw.length)) : raw, z, bytes.length / planeBytes);
    }
  } finally {
    // A read still under way writes into its buffer: it is given back once the read ends.
    await pending?.catch(() => undefined);
    inflated?.close();
    giveBack(...buffers, scaledOut);
  }
}

/**
 * A file's gzip stream inflated from byte `skip` of its inflated bytes on: `fill` fills a
 * buffer with the next bytes. Node's zlib inflates on its own threads while this thread
 * works on the last piece; a stream that ends short of a buffer is an error.
 */
function inflatedFrom(file: RawFile, skip: number, { Readable, createGunzip }: Awaited<ReturnType<typeof gunzip>>): { fill(bytes: Uint8Array): Promise<Uint8Array>; close(): void } {
  // The compressed bytes read from the open file (its handle stays open for the next pass).
  async function* compressed(): AsyncGenerator<Uint8Array> {
    for (let position = file.layout.gzipAt!; ;) {
      const { bytesRead, buffer } = await file.handle.read(new Uint8Array(INFLATE_BYTES), 0, INFLATE_BYTES, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }
  const input = Readable.from(compressed());
  const stream = input.pipe(createGunzip({ chunkSize: INFLATE_BYTES }));
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  let chunk: Uint8Array = new Uint8Array(0), at = 0, toSkip = skip;
  return {
    async fill(bytes) {
      for (let filled = 0; filled < bytes.length;) {
        if (at === chunk.length) {
          const next = await chunks.next();
          if (next.done) throw new RadiomicsError("TRUNCATED_FILE", `${file.name}: the gzip data ends before the voxel data the header describes`, { path: file.name });
          [chunk, at] = [next.value, 0];
        }
        const skipped = Math.min(toSkip, chunk.length - at);
        at += skipped;
        toSkip -= skipped;
        const n = Math.min(bytes.length - filled, chunk.length - at);
        bytes.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
      }
      return bytes;
    },
    close() {
      stream.destroy();
      input.destroy();
    },
  };
}

/** Fills `bytes` from the file at `position`. */
async function readFully(file: RawFile, bytes: Uint8Array, position: number): Promise<Uint8Array> {
  for (let at = 0; at < bytes.length;) {
    const { bytesRead } = await file.handle.read(bytes, at, bytes.length - at, position + at);
    if (bytesRead === 0) throw new RadiomicsError("IO_ERROR", `cannot read "${file.name}": the file ended while it was read (was it changed meanwhile?)`, { path: file.name });
    at += bytesRead;
  }
  return bytes;
}
