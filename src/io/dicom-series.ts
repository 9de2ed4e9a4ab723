/**
 * DICOM image series → {@link Volume}.
 *
 * Files are grouped by Series Instance UID; every frame (a single-frame file, or one
 * frame of an enhanced multi-frame file) becomes a slice. Slices are sorted by the
 * projection of Image Position (Patient) on the slice normal (row direction × column
 * direction), and the slice spacing is measured from those positions, never taken from
 * Slice Thickness. The reader refuses, with a message that names the files, series whose
 * slices disagree in orientation or size, overlap, are missing, or are unevenly spaced.
 *
 * Voxel values are Rescale Slope · stored value + Rescale Intercept, held in the smallest
 * of Int16, Uint16 or Int32 that fits when every slope and intercept is an integer, and in
 * Float32 otherwise (as ITK does).
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { decodedVolume, type Mat3, type Vec3, type Volume, type VoxelArray } from "../volume.js";
import {
  cross,
  decimals,
  dicomSourceOf,
  dot,
  firstItem,
  functionalGroup,
  items,
  parseDicomFile,
  pixelByteOrder,
  requiredDecimals,
  requiredString,
  sopOf,
  type DataSet,
  type DicomFile,
} from "./dicom.js";

/** Options for {@link readDicomSeries}. */
export interface DicomSeriesOptions {
  /** Series Instance UID to read when the files hold several series. */
  seriesUid?: string;
}

/** One series found among DICOM files. */
export interface DicomSeriesSummary {
  seriesUid: string;
  modality: string;
  description: string;
  /** Number of image frames (slices) in the series. */
  frames: number;
}

/** How a frame's stored pixel values are laid out in its file. */
interface PixelLayout {
  bytes: Uint8Array;
  /** Byte offset of the frame's first pixel. */
  offset: number;
  bitsAllocated: 8 | 16 | 32;
  bitsStored: number;
  signed: boolean;
  littleEndian: boolean;
}

/** One 2-D frame with its placement and rescale. */
export interface Frame {
  name: string;
  seriesUid: string;
  /** The file's dataset (its patient, study and instance attributes). */
  dataset: DataSet;
  position: Vec3;
  rowDirection: Vec3;
  columnDirection: Vec3;
  rows: number;
  columns: number;
  /** Pixel Spacing: [between rows, between columns] in mm. */
  pixelSpacing: [number, number];
  /** Spacing between slices stated in the file, for single-slice series. */
  statedSliceSpacing: number | undefined;
  slope: number;
  intercept: number;
  pixels: PixelLayout;
}

const ORIENTATION_TOLERANCE = 1e-4;
/** Largest in-plane drift (mm) allowed between a slice's position and the stack's axis. */
const STACK_TOLERANCE_MM = 0.01;

/**
 * Lists the image series among DICOM files (files without pixel data are ignored).
 * @example
 * ```ts
 * for (const s of listDicomSeries(dicomFiles)) console.log(s.seriesUid, s.modality, s.frames);
 * ```
 */
export function listDicomSeries(files: readonly DicomFile[]): DicomSeriesSummary[] {
  const byUid = new Map<string, DicomSeriesSummary>();
  for (const file of files) {
    const ds = parseDicomFile(file);
    if (!ds.elements.x7fe00010) continue;
    const uid = requiredString(ds, "x0020000e", "Series Instance UID", file.name);
    const summary = byUid.get(uid) ?? { seriesUid: uid, modality: ds.string("x00080060") ?? "", description: ds.string("x0008103e") ?? "", frames: 0 };
    summary.frames += Math.max(1, ds.intString("x00280008") ?? 1);
    byUid.set(uid, summary);
  }
  return [...byUid.values()];
}

/**
 * Reads one image series from DICOM files (single-frame slices or enhanced multi-frame
 * objects, uncompressed transfer syntaxes). Files without pixel data (RTSTRUCT, SR, …)
 * are ignored; a file that is not DICOM is an error.
 * @example
 * ```ts
 * const image = readDicomSeries(dicomFiles, { seriesUid: listDicomSeries(dicomFiles)[0]!.seriesUid });
 * ```
 */
export function readDicomSeries(files: readonly DicomFile[], options: DicomSeriesOptions = {}): Volume {
  const frames = files.flatMap((file) => framesOf(file));
  if (frames.length === 0) {
    throw new RadiomicsError("INVALID_INPUT", `no DICOM image found among ${files.length} file(s): none has pixel data`);
  }
  const series = chooseSeries(frames, options.seriesUid, files);
  const datasets = [...new Set(series.map((f) => f.dataset))];
  return { ...decodedVolume(stackFrames(series), series[0]!.name), dicom: dicomSourceOf(datasets[0]!, "image", datasets.map(sopOf)) };
}

/** The frames a file contributes: none without pixel data, one per frame otherwise. */
function framesOf(file: DicomFile): Frame[] {
  const ds = parseDicomFile(file);
  const pixelData = ds.elements.x7fe00010;
  if (!pixelData) {
    if (ds.elements.x7fe00008 || ds.elements.x7fe00009) {
      throw new RadiomicsError("UNSUPPORTED_FORMAT", `${file.name}: floating-point pixel data is not read; store the image as integers with a rescale`, { path: file.name });
    }
    return [];
  }
  const name = file.name;
  const littleEndian = pixelByteOrder(ds, name) === "little";
  const samples = ds.uint16("x00280002") ?? 1;
  if (samples !== 1) {
    throw new RadiomicsError("UNSUPPORTED_FORMAT", `${name}: ${samples} samples per pixel (colour); radiomics reads grey-scale images only`, { path: name });
  }
  const bitsAllocated = ds.uint16("x00280100");
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw new RadiomicsError("UNSUPPORTED_FORMAT", `${name}: Bits Allocated ${bitsAllocated ?? "missing"}; images with 8, 16 or 32 bits per pixel are read`, { path: name });
  }
  const rows = ds.uint16("x00280010") ?? 0;
  const columns = ds.uint16("x00280011") ?? 0;
  if (rows < 1 || columns < 1) throw new RadiomicsError("INVALID_FILE", `${name}: Rows and Columns must be positive`, { path: name });
  const frameCount = Math.max(1, ds.intString("x00280008") ?? 1);
  const frameBytes = rows * columns * (bitsAllocated / 8);
  const available = Math.min(pixelData.length, ds.byteArray.length - pixelData.dataOffset);
  if (available < frameBytes * frameCount) {
    throw new RadiomicsError(
      "TRUNCATED_FILE",
      `${name}: Pixel Data holds ${available} bytes but ${frameCount} frame(s) of ${rows}×${columns}×${bitsAllocated / 8} need ${frameBytes * frameCount}`,
      { path: name },
    );
  }
  const seriesUid = requiredString(ds, "x0020000e", "Series Instance UID", name);
  const layout: Omit<PixelLayout, "offset"> = {
    bytes: ds.byteArray as Uint8Array,
    bitsAllocated,
    bitsStored: ds.uint16("x00280101") ?? bitsAllocated,
    signed: ds.uint16("x00280103") === 1,
    littleEndian,
  };
  const shared = firstItem(ds, "x52009229");
  const perFrame = items(ds, "x52009230");
  const frames: Frame[] = [];
  for (let f = 0; f < frameCount; f++) {
    const own = perFrame[f];
    const frameName = frameCount > 1 ? `${name} frame ${f + 1}` : name;
    const placement = framePlacement(ds, own, shared, frameName);
    frames.push({
      name: frameName,
      seriesUid,
      dataset: ds,
      rows,
      columns,
      ...placement,
      pixels: { ...layout, offset: pixelData.dataOffset + f * frameBytes },
    });
  }
  return frames;
}

/** Position, orientation, spacing and rescale of a frame, from functional groups or the top level. */
export function framePlacement(
  ds: DataSet,
  own: DataSet | undefined,
  shared: DataSet | undefined,
  name: string,
): Pick<Frame, "position" | "rowDirection" | "columnDirection" | "pixelSpacing" | "statedSliceSpacing" | "slope" | "intercept"> {
  const positionSource = functionalGroup(own, shared, "x00209113") ?? ds;
  const orientationSource = functionalGroup(own, shared, "x00209116") ?? ds;
  const measuresSource = functionalGroup(own, shared, "x00289110") ?? ds;
  const rescaleSource = functionalGroup(own, shared, "x00289145") ?? ds;
  const position = requiredDecimals(positionSource, "x00200032", 3, "Image Position (Patient)", name) as Vec3;
  const orientation = requiredDecimals(orientationSource, "x00200037", 6, "Image Orientation (Patient)", name);
  const spacing = requiredDecimals(measuresSource, "x00280030", 2, "Pixel Spacing", name);
  if (spacing.some((s) => !(s > 0))) throw new RadiomicsError("INVALID_FILE", `${name}: Pixel Spacing must be positive, found ${spacing.join("\\")}`, { path: name });
  const between = decimals(measuresSource, "x00180088")?.[0] ?? decimals(measuresSource, "x00180050")?.[0];
  return {
    position,
    rowDirection: unit(orientation.slice(0, 3), name),
    columnDirection: unit(orientation.slice(3, 6), name),
    pixelSpacing: [spacing[0]!, spacing[1]!],
    statedSliceSpacing: between !== undefined && between > 0 ? between : undefined,
    slope: decimals(rescaleSource, "x00281053")?.[0] ?? 1,
    intercept: decimals(rescaleSource, "x00281052")?.[0] ?? 0,
  };
}

function unit(v: number[], name: string): Vec3 {
  const length = Math.hypot(v[0]!, v[1]!, v[2]!);
  if (!(length > 0.5)) throw new RadiomicsError("INVALID_FILE", `${name}: Image Orientation (Patient) holds a zero direction`, { path: name });
  return [v[0]! / length, v[1]! / length, v[2]! / length];
}

/** The frames of the requested series, or of the only one; an error lists the series otherwise. */
function chooseSeries(frames: Frame[], seriesUid: string | undefined, files: readonly DicomFile[]): Frame[] {
  const uids = [...new Set(frames.map((f) => f.seriesUid))];
  if (seriesUid !== undefined) {
    const chosen = frames.filter((f) => f.seriesUid === seriesUid);
    if (chosen.length === 0) {
      throw new RadiomicsError("INVALID_INPUT", `series ${seriesUid} is not among the files; found: ${uids.join(", ")}`, { series: uids });
    }
    return chosen;
  }
  if (uids.length > 1) {
    const listing = listDicomSeries(files)
      .map((s) => `${s.seriesUid} (${[s.modality, s.description].filter(Boolean).join(" ") || "no description"}, ${s.frames} frames)`)
      .join("; ");
    throw new RadiomicsError(
      "INVALID_INPUT",
      `the files hold ${uids.length} image series: ${listing}. Choose one with the seriesUid option (CLI: --series UID)`,
      { series: uids },
    );
  }
  return frames;
}

/** Checks that frames agree in size, spacing and orientation, sorts them, and builds the volume. */
function stackFrames(frames: Frame[]): Volume {
  const first = frames[0]!;
  for (const frame of frames) checkSameGrid(first, frame);
  const normal = cross(first.rowDirection, first.columnDirection);
  const sorted = frames
    .map((frame) => ({ frame, along: dot(frame.position, normal) }))
    .sort((a, b) => a.along - b.along);
  const sliceSpacing = measureSliceSpacing(sorted, first.statedSliceSpacing);
  const origin = sorted[0]!.frame.position;
  for (const { frame, along } of sorted) {
    const offAxis = frame.position.map((p, d) => p - origin[d]! - (along - sorted[0]!.along) * normal[d]!);
    if (Math.hypot(...offAxis) > STACK_TOLERANCE_MM) {
      throw new RadiomicsError(
        "UNSUPPORTED_FORMAT",
        `${frame.name}: the slice is shifted ${Math.hypot(...offAxis).toFixed(3)} mm in-plane from the stack axis (gantry tilt or a sheared series); resample it to an orthogonal grid first`,
        { path: frame.name },
      );
    }
  }
  const r = first.rowDirection;
  const c = first.columnDirection;
  const direction: Mat3 = [r[0], c[0], normal[0], r[1], c[1], normal[1], r[2], c[2], normal[2]];
  const size: Vec3 = [first.columns, first.rows, sorted.length];
  return {
    data: fillVoxels(sorted.map((s) => s.frame), first.rows * first.columns),
    size,
    spacing: [first.pixelSpacing[1], first.pixelSpacing[0], sliceSpacing],
    origin: [...origin] as Vec3,
    direction,
  };
}

function checkSameGrid(reference: Frame, frame: Frame): void {
  if (frame.rows !== reference.rows || frame.columns !== reference.columns) {
    throw new RadiomicsError(
      "INVALID_INPUT",
      `${frame.name} is ${frame.columns}×${frame.rows} pixels but ${reference.name} is ${reference.columns}×${reference.rows}: slices of one series must share their size`,
      { path: frame.name },
    );
  }
  const referenceOrientation = [...reference.rowDirection, ...reference.columnDirection];
  const orientationDiffers = [...frame.rowDirection, ...frame.columnDirection].some((v, i) => Math.abs(v - referenceOrientation[i]!) > ORIENTATION_TOLERANCE);
  if (orientationDiffers) {
    throw new RadiomicsError("INVALID_INPUT", `${frame.name} has a different Image Orientation (Patient) than ${reference.name}: the series mixes orientations`, { path: frame.name });
  }
  const spacingDiffers = frame.pixelSpacing.some((s, i) => Math.abs(s - reference.pixelSpacing[i]!) > 1e-4 * reference.pixelSpacing[i]!);
  if (spacingDiffers) {
    throw new RadiomicsError(
      "INVALID_INPUT",
      `${frame.name} has Pixel Spacing ${frame.pixelSpacing.join("\\")} but ${reference.name} has ${reference.pixelSpacing.join("\\")}: slices of one series must share their spacing`,
      { path: frame.name },
    );
  }
}

/**
 * Slice spacing from the sorted positions: the mean gap, after checking that no two slices
 * coincide and that every gap is within 1 % (or 1 µm) of the median gap.
 */
function measureSliceSpacing(sorted: { frame: Frame; along: number }[], stated: number | undefined): number {
  if (sorted.length === 1) return stated ?? 1;
  const gaps = sorted.slice(1).map((s, i) => ({ gap: s.along - sorted[i]!.along, before: sorted[i]!.frame, after: s.frame }));
  const median = [...gaps].sort((a, b) => a.gap - b.gap)[Math.floor(gaps.length / 2)]!.gap;
  const tolerance = Math.max(1e-3, 0.01 * median);
  for (const { gap, before, after } of gaps) {
    if (gap < 1e-3) {
      throw new RadiomicsError(
        "INVALID_INPUT",
        `${before.name} and ${after.name} lie at the same position: the files hold duplicated slices or several acquisitions of one series`,
        { path: after.name },
      );
    }
    if (Math.abs(gap - median) > tolerance) {
      const missing = Math.round(gap / median) - 1;
      const hint = missing >= 1 && Math.abs(gap - (missing + 1) * median) <= tolerance ? ` (${missing} slice${missing > 1 ? "s" : ""} missing?)` : "";
      throw new RadiomicsError(
        "INVALID_INPUT",
        `uneven slice spacing: ${gap.toFixed(4)} mm between ${before.name} and ${after.name}, where slices are ${median.toFixed(4)} mm apart${hint}`,
        { path: after.name },
      );
    }
  }
  return (sorted[sorted.length - 1]!.along - sorted[0]!.along) / (sorted.length - 1);
}

/**
 * Decodes every frame into one array (rescaled), choosing the element type from the values.
 * Two passes over the stored values (range, then writing) instead of one into a Float64
 * copy of the whole volume, which would double the peak memory.
 */
function fillVoxels(frames: Frame[], perFrame: number): VoxelArray {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (const frame of frames) {
    integral &&= Number.isInteger(frame.slope) && Number.isInteger(frame.intercept);
    const [low, high] = valueRange(storedValues(frame, perFrame));
    const ends = [low * frame.slope + frame.intercept, high * frame.slope + frame.intercept];
    min = Math.min(min, ...ends);
    max = Math.max(max, ...ends);
  }
  const total = perFrame * frames.length;
  const data = !integral
    ? new Float32Array(total)
    : min >= -32768 && max <= 32767
      ? new Int16Array(total)
      : min >= 0 && max <= 65535
        ? new Uint16Array(total)
        : min >= -2147483648 && max <= 2147483647
          ? new Int32Array(total)
          : new Float64Array(total);
  frames.forEach((frame, k) => rescaleInto(data.subarray(k * perFrame, (k + 1) * perFrame), storedValues(frame, perFrame), frame.slope, frame.intercept));
  return data;
}

function valueRange(values: ArrayLike<number>): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}

function rescaleInto(out: VoxelArray, values: ArrayLike<number>, slope: number, intercept: number): void {
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * slope + intercept;
}

/** A frame's stored values, masked to Bits Stored and sign-extended when signed. */
function storedValues(frame: Frame, count: number): Uint8Array | Uint16Array | Uint32Array | Int32Array {
  const words = storedWords(frame.pixels, count);
  const { bitsAllocated, bitsStored, signed } = frame.pixels;
  if (!signed && bitsStored >= bitsAllocated) return words;
  const unused = 32 - bitsStored;
  const values = new Int32Array(count);
  if (signed) for (let i = 0; i < count; i++) values[i] = (words[i]! << unused) >> unused;
  else for (let i = 0; i < count; i++) values[i] = (words[i]! << unused) >>> unused;
  return values;
}

/**
 * The frame's stored words as a typed array in the host's byte order (little endian on
 * every platform JavaScript runs on): a view when the data is little endian and aligned,
 * else a copy (byte-swapped for big-endian files).
 */
function storedWords(p: PixelLayout, count: number): Uint8Array | Uint16Array | Uint32Array {
  const width = p.bitsAllocated / 8;
  let bytes = p.bytes.subarray(p.offset, p.offset + count * width);
  if (width === 1) return bytes;
  // Copies by the constructor (a Node Buffer's slice() is a view: swapping would change the caller's bytes).
  if (!p.littleEndian) {
    bytes = new Uint8Array(bytes);
    for (let at = 0; at < bytes.length; at += width) bytes.subarray(at, at + width).reverse();
  } else if (bytes.byteOffset % width !== 0) {
    bytes = new Uint8Array(bytes);
  }
  return width === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset, count) : new Uint32Array(bytes.buffer, bytes.byteOffset, count);
}
