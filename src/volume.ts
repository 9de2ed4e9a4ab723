/**
 * `Volume`: a 3-D image as plain data, the type every other module reads and writes.
 *
 * Voxels are stored with x fastest (`index = x + nx·(y + ny·z)`), and the geometry is
 * expressed in LPS world coordinates (millimetres) as ITK and PyRadiomics use them:
 *
 *   world = origin + direction · diag(spacing) · [i, j, k]ᵀ
 *
 * `direction` is a 3×3 matrix in row-major order whose columns are the unit vectors of
 * the i, j and k axes. A Volume has no methods, so it crosses worker and WASM
 * boundaries unchanged.
 * @module
 */
import { RadiomicsError } from "./errors.js";
import { giveBack, takeArray } from "./scratch.js";

/** Typed arrays a Volume may hold. */
export type VoxelArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/**
 * An ROI's gray levels in scan order, in the narrowest type that holds them (see
 * `narrowLevels` in kernels/intensity.ts): u8 for up to 255 levels, u16 up to 65,535.
 */
export type LevelArray = Uint8Array | Uint16Array | Int32Array;

/** Whether a typed array's samples live in shared memory (a SharedArrayBuffer). */
export function isShared(array: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer === "function" && array.buffer instanceof SharedArrayBuffer;
}

/**
 * A zeroed array of `length` elements, in a SharedArrayBuffer when `shared` and the
 * runtime has one (workers then read it without a copy).
 * @example
 * ```ts
 * const levels = zeroedArray(Int32Array, 1000, true); // shared where the runtime allows
 * ```
 */
export function zeroedArray<T extends VoxelArray>(Ctor: { new (length: number): T; new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number, shared = false): T {
  return shared && typeof SharedArrayBuffer === "function" ? new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT)) : new Ctor(length);
}

/** Three numbers along x, y, z. */
export type Vec3 = [number, number, number];

/** A 3×3 matrix, row-major. */
export type Mat3 = [number, number, number, number, number, number, number, number, number];

/** The world placement of a voxel grid. */
export interface Geometry {
  /** Voxel spacing in mm along i, j, k. */
  spacing: Vec3;
  /** World (LPS, mm) position of the centre of voxel (0, 0, 0). */
  origin: Vec3;
  /** Row-major 3×3 whose columns are the world directions of the i, j, k axes. */
  direction: Mat3;
}

/** A voxel grid without its samples: its size and world placement (a header, a window's whole volume). */
export type Grid = Geometry & { size: Vec3 };

/** The DICOM objects a volume was read from, for reports that reference them (DICOM SR). */
export interface DicomSource {
  /** `image` for an image series; `seg` and `rtstruct` for masks (with the segment or ROI read). */
  kind: "image" | "seg" | "rtstruct";
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** The instances, in file order. */
  instances: Array<{ sopClassUid: string; sopInstanceUid: string }>;
  modality: string;
  /** Patient and study attributes, as the files hold them ("" when absent). */
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: string;
  studyDate: string;
  studyTime: string;
  studyId: string;
  accessionNumber: string;
  referringPhysicianName: string;
  /** SEG: the segment number read; RTSTRUCT: the ROI number and name read. */
  segmentNumber?: number;
  roiNumber?: number;
  roiName?: string;
}

/** A 3-D image: voxels (x fastest) plus their world geometry. */
export interface Volume<T extends VoxelArray = VoxelArray> extends Geometry {
  data: T;
  /** Number of voxels along i, j, k. */
  size: Vec3;
  /** The DICOM objects it was read from, when it was read from DICOM. */
  dicom?: DicomSource;
}

/** Inclusive voxel-index box. */
export interface BoundingBox {
  lower: Vec3;
  upper: Vec3;
}

export const IDENTITY_DIRECTION: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/**
 * Total number of voxels of a grid.
 * @example
 * ```ts
 * voxelCount([512, 512, 120]); // 31457280
 * ```
 */
export function voxelCount(size: Vec3): number {
  return size[0] * size[1] * size[2];
}

/**
 * Builds a Volume from a typed array laid out x fastest.
 * Geometry defaults to unit spacing, zero origin and identity direction.
 * @example
 * ```ts
 * const image = volumeFromArray(new Int16Array(64 * 64 * 20), [64, 64, 20], { spacing: [0.8, 0.8, 2.5] });
 * ```
 */
export function volumeFromArray<T extends VoxelArray>(data: T, size: Vec3, geometry: Partial<Geometry> = {}): Volume<T> {
  const volume: Volume<T> = {
    data,
    size: [...size] as Vec3,
    spacing: [...(geometry.spacing ?? [1, 1, 1])] as Vec3,
    origin: [...(geometry.origin ?? [0, 0, 0])] as Vec3,
    direction: [...(geometry.direction ?? IDENTITY_DIRECTION)] as Mat3,
  };
  const problem = volumeProblem(volume);
  if (problem) throw new RadiomicsError("INVALID_INPUT", `volumeFromArray(): ${problem}`);
  return volume;
}

const VOXEL_ARRAYS = [Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array];
const list = (v: unknown) => (Array.isArray(v) ? `[${v.join(", ")}]` : String(v));
const numbers = (v: unknown, n: number, ok: (x: number) => boolean) => Array.isArray(v) && v.length === n && v.every((x) => typeof x === "number" && ok(x));

/** What keeps `v` from being a usable {@link Volume} (and what to do), or null if nothing does. */
function volumeProblem(v: unknown): string | null {
  if (v === null || v === undefined) return `got ${v}`;
  if (typeof (v as { then?: unknown }).then === "function") return "got a Promise; await it first (const image = await readVolumeFile(path))";
  if (typeof v !== "object") return `got a ${typeof v}`;
  if (!("size" in v) && "shape" in v && "stride" in v) return "got an ndarray; convert it with volumeFromNdarray(array, { spacing, origin, direction })";
  const { data, size, spacing, origin, direction } = v as Partial<Volume>;
  if (!VOXEL_ARRAYS.some((T) => data instanceof T)) {
    return `its data must be a typed array (${VOXEL_ARRAYS.map((T) => T.name).join(", ")}), got ${data === undefined ? "none" : (data as object)?.constructor?.name ?? typeof data}`;
  }
  if (!numbers(size, 3, (n) => Number.isInteger(n) && n >= 1)) return `size must be three positive integers, got ${list(size)}`;
  if (data!.length !== voxelCount(size!)) return `data has ${data!.length} elements but size ${list(size)} needs ${voxelCount(size!)}`;
  return gridProblem({ size: size!, spacing: spacing!, origin: origin!, direction: direction! });
}

/** What keeps a grid (size, spacing, origin, direction) from being usable, or null if nothing does. */
export function gridProblem({ size, spacing, origin, direction }: Grid): string | null {
  if (!numbers(size, 3, (n) => Number.isInteger(n) && n >= 1)) return `size must be three positive integers, got ${list(size)}`;
  if (!numbers(spacing, 3, (x) => x > 0 && Number.isFinite(x))) return `spacing must be three positive finite numbers (mm), got ${list(spacing)}`;
  if (!numbers(origin, 3, Number.isFinite)) return `origin must be three finite numbers (mm), got ${list(origin)}`;
  if (!numbers(direction, 9, Number.isFinite)) return `direction must be nine finite numbers (a row-major 3 × 3 matrix), got ${list(direction)}`;
  return null;
}

/**
 * A volume a reader decoded, checked as {@link checkVolume} checks arguments: a header that
 * describes no usable grid (zero or non-finite spacing, an origin of two numbers …) is an
 * INVALID_FILE error naming the file, never a volume that fails later.
 */
export function decodedVolume<T extends Volume>(volume: T, name: string): T {
  const problem = volumeProblem(volume);
  if (problem) throw new RadiomicsError("INVALID_FILE", `${name}: the header gives no usable voxel grid: ${problem}`, { path: name });
  return volume;
}

/**
 * Checks an argument at the public boundary: a {@link Volume} as this library makes them
 * (a typed array laid out as `size` says, finite geometry), or a typed error that names the
 * argument, what it got and what to pass instead.
 */
export function checkVolume(v: unknown, argument: string): asserts v is Volume {
  const problem = volumeProblem(v);
  if (problem) throw new RadiomicsError("INVALID_INPUT", `${argument} is not a volume: ${problem}`, { argument });
}

/** The part of an scijs `ndarray` this module reads (no dependency on the package). */
export interface NdarrayLike<T extends VoxelArray = VoxelArray> {
  data: T;
  shape: number[];
  stride: number[];
  offset: number;
}

/**
 * Copies an scijs `ndarray` (any strides) into a Volume. `shape` is read as
 * [nx, ny, nz] (a 2-D array becomes one slice).
 * @example
 * ```ts
 * // ndarray(data, [nz, ny, nx]) from scijs, or any { data, shape, stride, offset }
 * const arr = { data: new Float32Array(24), shape: [2, 3, 4], stride: [12, 4, 1], offset: 0 };
 * const image = volumeFromNdarray(arr, { spacing: [1, 1, 3] });
 * ```
 */
export function volumeFromNdarray<T extends VoxelArray>(array: NdarrayLike<T>, geometry: Partial<Geometry> = {}): Volume<T> {
  const dims = array.shape.length;
  if (dims < 2 || dims > 3) {
    throw new RadiomicsError("INVALID_INPUT", `an ndarray of 2 or 3 dimensions is needed, got ${dims}`);
  }
  const size: Vec3 = [array.shape[0]!, array.shape[1]!, dims === 3 ? array.shape[2]! : 1];
  const [sx, sy] = array.stride as [number, number];
  const sz = dims === 3 ? array.stride[2]! : 0;
  const Ctor = array.data.constructor as new (n: number) => T;
  const out = new Ctor(voxelCount(size));
  let n = 0;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      let p = array.offset + j * sy + k * sz;
      for (let i = 0; i < size[0]; i++, p += sx) out[n++] = array.data[p]!;
    }
  }
  return volumeFromArray(out, size, geometry);
}

/**
 * Describes a Volume as ndarray constructor arguments: `ndarray(...toNdarrayArgs(v))`
 * gives a view with shape [nx, ny, nz] that shares the voxel buffer.
 * @example
 * ```ts
 * const [data, shape, stride, offset] = toNdarrayArgs(image); // ndarray(data, shape, stride, offset)
 * ```
 */
export function toNdarrayArgs<T extends VoxelArray>(volume: Volume<T>): [T, number[], number[], number] {
  const [nx, ny] = volume.size;
  return [volume.data, [...volume.size], [1, nx, nx * ny], 0];
}

/** The 3×3 matrix direction · diag(spacing), row-major. */
function indexToWorldMatrix(g: Geometry): Mat3 {
  const d = g.direction;
  const s = g.spacing;
  return [d[0] * s[0], d[1] * s[1], d[2] * s[2], d[3] * s[0], d[4] * s[1], d[5] * s[2], d[6] * s[0], d[7] * s[1], d[8] * s[2]];
}

/**
 * World (LPS, mm) position of a (possibly fractional) voxel index.
 * @example
 * ```ts
 * const centre = indexToWorld(image, [256, 256, 60]); // LPS millimetres
 * ```
 */
export function indexToWorld(g: Geometry, index: Vec3): Vec3 {
  const m = indexToWorldMatrix(g);
  const [i, j, k] = index;
  return [
    g.origin[0] + m[0] * i + m[1] * j + m[2] * k,
    g.origin[1] + m[3] * i + m[4] * j + m[5] * k,
    g.origin[2] + m[6] * i + m[7] * j + m[8] * k,
  ];
}

/**
 * Continuous voxel index of a world (LPS, mm) point.
 * @example
 * ```ts
 * const [i, j, k] = worldToIndex(image, [-12.5, 30.2, 104]).map(Math.round);
 * ```
 */
export function worldToIndex(g: Geometry, point: Vec3): Vec3 {
  return worldToIndexMapper(g)(point);
}

/** A function mapping world (LPS, mm) points to continuous voxel indices, with the inverse computed once. */
export function worldToIndexMapper(g: Geometry): (point: Vec3) => Vec3 {
  const inv = invert3(indexToWorldMatrix(g));
  const [ox, oy, oz] = g.origin;
  return (point) => {
    const x = point[0] - ox;
    const y = point[1] - oy;
    const z = point[2] - oz;
    return [inv[0] * x + inv[1] * y + inv[2] * z, inv[3] * x + inv[4] * y + inv[5] * z, inv[6] * x + inv[7] * y + inv[8] * z];
  };
}

/** Inverse of a 3×3 row-major matrix (cofactor formula). */
export function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (det === 0 || !Number.isFinite(det)) {
    throw new RadiomicsError("INVALID_INPUT", "the direction matrix is singular: its columns must be independent");
  }
  const r = 1 / det;
  return [
    A * r, -(b * i - c * h) * r, (b * f - c * e) * r,
    B * r, (a * i - c * g) * r, -(a * f - c * d) * r,
    C * r, -(a * h - b * g) * r, (a * e - b * d) * r,
  ];
}

/**
 * Bounding box of the non-zero voxels, or `null` when there are none.
 * @example
 * ```ts
 * const box = boundingBox(mask); // null when the mask is empty
 * ```
 */
export function boundingBox(mask: Volume): BoundingBox | null {
  const [nx, ny, nz] = mask.size;
  const lower: Vec3 = [nx, ny, nz];
  const upper: Vec3 = [-1, -1, -1];
  const data = mask.data;
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (data[n] === 0) continue;
        if (i < lower[0]) lower[0] = i;
        if (i > upper[0]) upper[0] = i;
        if (j < lower[1]) lower[1] = j;
        if (j > upper[1]) upper[1] = j;
        if (k < lower[2]) lower[2] = k;
        if (k > upper[2]) upper[2] = k;
      }
    }
  }
  return upper[0] < 0 ? null : { lower, upper };
}

/** The box grown by `pad` voxels on every side (or only along `axes`), clipped to a grid of `size`. */
export function padBox(box: BoundingBox, pad: number, size: Vec3, axes: readonly number[] = [0, 1, 2]): BoundingBox {
  const grow = (a: number) => (axes.includes(a) ? pad : 0);
  return {
    lower: box.lower.map((v, a) => Math.max(0, v - grow(a))) as Vec3,
    upper: box.upper.map((v, a) => Math.min(size[a]! - 1, v + grow(a))) as Vec3,
  };
}

/** The smallest box that holds both boxes. */
export function enclosingBox(a: BoundingBox, b: BoundingBox): BoundingBox {
  return { lower: a.lower.map((v, i) => Math.min(v, b.lower[i]!)) as Vec3, upper: a.upper.map((v, i) => Math.max(v, b.upper[i]!)) as Vec3 };
}

/** The box in the coordinates of a grid whose first voxel is `origin` of this one. */
export function shiftBox(box: BoundingBox, origin: Vec3): BoundingBox {
  return { lower: box.lower.map((v, a) => v - origin[a]!) as Vec3, upper: box.upper.map((v, a) => v - origin[a]!) as Vec3 };
}

/**
 * Copies the voxels inside `box` (grown by `pad` voxels on every side, clipped to the
 * grid) into a new Volume whose origin keeps every voxel at its world position. A box
 * that covers the whole grid gives the volume itself: volumes are never modified once
 * made, so a copy would only cost time (a PyRadiomics-profile case is pre-cropped to the
 * region the features read, and was copied whole twice more). `shared`: the copy in
 * shared memory, where the runtime has it (for a worker to read). The copy is on the
 * thread's scratch: a caller that knows when it is done with it may give it back
 * (scratch.ts `giveBack`), and the next copy reuses its memory.
 * @example
 * ```ts
 * const box = boundingBox(mask)!;
 * const roiImage = crop(image, box, 2); // the ROI box and 2 voxels around it
 * ```
 */
export function crop<T extends VoxelArray>(volume: Volume<T>, box: BoundingBox, pad = 0, shared = false): Volume<T> {
  const { lower, upper } = padBox(box, pad, volume.size);
  const size = upper.map((u, a) => u - lower[a]! + 1) as Vec3;
  if (size.some((s) => s < 1)) throw new RadiomicsError("INVALID_INPUT", "crop box lies outside the volume");
  if (size.every((s, a) => s === volume.size[a] && lower[a] === 0)) return volume;
  // Every element is written: the copy may take a reused buffer as it is (see scratch.ts).
  const out = takeArray(volume.data.constructor as Parameters<typeof takeArray<T>>[0], voxelCount(size), shared, false);
  copyBox(volume.data, volume.size, lower, size, out);
  return { data: out, size, spacing: [...volume.spacing], origin: indexToWorld(volume, lower), direction: [...volume.direction] };
}

/** Grid rows up to this many bytes are copied a plane at a time by {@link copyBox}. */
const STRETCH_ROW_BYTES = 2048;

/**
 * Copies the box of `size` voxels from `lower` of a grid of `grid` voxels into `out`, in
 * scan order (converted to `out`'s type). A plane's rows are copied as the one stretch of the grid that holds them
 * (one view) and then moved together within `out` (`copyWithin`, which makes no object),
 * where that stretch fits in `out` and the grid's rows are at most 2 kB; otherwise row by
 * row, a view each. The row views were a third of what a warm CT extraction allocated
 * (1.3 of 3.45 MB), and so of its collections. Measured per row of the box: 46–89 ns
 * against 92–97 ns row by row for grid rows up to 2 kB; from 4 kB copying the rows' gaps
 * costs more than a view (110 against 98 ns).
 */
export function copyBox(data: VoxelArray, grid: Vec3, lower: Vec3, size: Vec3, out: VoxelArray): void {
  // Staged as bytes only between arrays of one type: `out` of another type converts the samples.
  if ((isShared(data) || isShared(out)) && data.constructor === out.constructor) {
    copyBoxStaged(data, grid, lower, size, out);
    return;
  }
  const [nx, ny] = grid;
  const [w, h] = size;
  const plane = w * h, stretch = nx * (h - 1) + w;
  const byPlane = nx * out.BYTES_PER_ELEMENT <= STRETCH_ROW_BYTES;
  let n = 0;
  for (let k = lower[2]; k < lower[2] + size[2]; k++, n += plane) {
    const first = lower[0] + nx * (lower[1] + ny * k);
    if (byPlane && n + stretch <= out.length) {
      out.set(data.subarray(first, first + stretch) as never, n);
      for (let j = 1; j < h; j++) out.copyWithin(n + j * w, n + j * nx, n + j * nx + w);
    } else {
      for (let j = 0; j < h; j++) out.set(data.subarray(first + j * nx, first + j * nx + w) as never, n + j * w);
    }
  }
}

/**
 * Copies what of `planes` whole planes of a grid of `size` voxels, the planes from `z0` on
 * (x-fastest `values`), lies in `window` into `samples`, the window's samples in scan order:
 * a grid passing a few planes at a time (a file read in pieces, a resampling's slabs) leaves
 * its window whole.
 */
export function copyWindowPart(values: VoxelArray, size: Vec3, z0: number, planes: number, window: BoundingBox, samples: VoxelArray): void {
  const from = Math.max(z0, window.lower[2]), to = Math.min(z0 + planes - 1, window.upper[2]);
  if (from > to) return;
  const [nx, ny] = [window.upper[0] - window.lower[0] + 1, window.upper[1] - window.lower[1] + 1];
  copyBox(values, [size[0], size[1], planes], [window.lower[0], window.lower[1], from - z0], [nx, ny, to - from + 1], samples.subarray((from - window.lower[2]) * nx * ny));
}

/**
 * {@link copyBox} where the grid or the box is in shared memory. V8 copies to or from
 * shared memory eight bytes at a time only where source and target lie equally far from a
 * multiple of 8, else a byte at a time: the rows of an int16 box land at every offset, and
 * a 6 M-voxel int16 crop between shared buffers took 20–29 ms against 3–10 in plain memory.
 * So a plane's stretch (or a row) goes first into plain scratch memory at the source's
 * offset modulo 8, its rows move together there to the target's offset modulo 8, and the
 * box's plane (or row) goes out in one copy: two equally aligned copies and a plain one.
 */
function copyBoxStaged(data: VoxelArray, grid: Vec3, lower: Vec3, size: Vec3, out: VoxelArray): void {
  const [nx, ny] = grid;
  const [w, h] = size;
  const bytes = out.BYTES_PER_ELEMENT, rowBytes = w * bytes;
  const byPlane = nx * bytes <= STRETCH_ROW_BYTES;
  // Rows read at once (a plane's, or one) and the bytes they span in the grid.
  const rows = byPlane ? h : 1, span = (nx * (rows - 1) + w) * bytes;
  const source = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const target = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  // The stretch read at [0, span + 8), the rows moved together from `packed` on.
  const packed = span + 15 - ((span + 15) % 8);
  const stage = takeArray(Uint8Array, packed + rows * rowBytes + 8, false, false);
  const misalign = (byte: number) => (byte - stage.byteOffset) & 7;
  for (let k = lower[2], n = 0; k < lower[2] + size[2]; k++) {
    for (let j0 = 0; j0 < h; j0 += rows, n += rows * rowBytes) {
      const from = (lower[0] + nx * (lower[1] + j0 + ny * k)) * bytes;
      const read = misalign(source.byteOffset + from), write = packed + misalign(target.byteOffset + n);
      stage.set(source.subarray(from, from + span), read);
      for (let j = 0; j < rows; j++) stage.copyWithin(write + j * rowBytes, read + j * nx * bytes, read + j * nx * bytes + rowBytes);
      target.set(stage.subarray(write, write + rows * rowBytes), n);
    }
  }
  giveBack(stage);
}
