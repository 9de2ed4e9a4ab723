/**
 * DICOM Segmentation (SEG) → binary mask of one segment on an image's voxel grid.
 *
 * A SEG object stores, for each segment, frames that lie on planes of the source image.
 * Every frame of the chosen segment is placed by its Image Position (Patient), Image
 * Orientation (Patient) and Pixel Spacing (per-frame or shared functional groups) and its
 * pixels are copied to the image voxels they fall on. The frames must lie on the image's
 * grid (same in-plane axes and spacing, slices at voxel positions; any subset of slices
 * and any in-plane offset by whole voxels): SEG objects made from the image are. BINARY
 * segmentations are bit-packed (1 bit per pixel, least significant bit first, frames
 * back to back); FRACTIONAL ones hold 0…Maximum Fractional Value per pixel, and a voxel is
 * inside when its fraction is at least one half.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { worldToIndexMapper, type Vec3, type Volume } from "../volume.js";
import { SOP_CLASS, choosePart, dicomSourceOf, firstItem, functionalGroup, items, parseDicomOfClass, pixelByteOrder, sopOf, type DataSet, type DicomFile } from "./dicom.js";
import { framePlacement } from "./dicom-series.js";
import type { Grid } from "./rtstruct.js";

/** One segment of a SEG object. */
export interface SegSegment {
  /** Segment Number (0062,0004). */
  number: number;
  /** Segment Label (0062,0005). */
  name: string;
  /** How many frames hold it. */
  frames: number;
}

/** Options for {@link readSeg}. */
export interface SegOptions {
  /** The segment, by label or number; may be omitted when the object holds one segment. */
  segment?: string | number;
  /** The segment number to read when `segment` is not given and the object holds several. */
  fallbackSegment?: number;
  /** The value written into the mask's inside voxels. @default 1 */
  value?: number;
}

/** Largest distance (voxels) of a frame pixel from a voxel centre of the image grid. */
const GRID_TOLERANCE = 0.01;

/** The segment number of each frame, from the per-frame Segment Identification. */
function frameSegments(ds: DataSet, name: string): number[] {
  const shared = firstItem(ds, "x52009229");
  const perFrame = items(ds, "x52009230");
  const count = Math.max(1, ds.intString("x00280008") ?? 1);
  return Array.from({ length: count }, (_, f) => {
    const number = functionalGroup(perFrame[f], shared, "x0062000a")?.uint16("x0062000b");
    if (number === undefined) throw new RadiomicsError("INVALID_FILE", `${name}: frame ${f + 1} names no Referenced Segment Number (0062,000B)`, { path: name });
    return number;
  });
}

/** The segments of a SEG dataset, given the segment number of each frame. */
function segmentsOf(ds: DataSet, perFrameSegment: number[]): SegSegment[] {
  return items(ds, "x00620002").map((segment) => {
    const number = segment.uint16("x00620004") ?? 0;
    return { number, name: segment.string("x00620005") ?? "", frames: perFrameSegment.filter((n) => n === number).length };
  });
}

/**
 * Lists the segments of a SEG file.
 * @example
 * ```ts
 * listSegSegments(dicomFiles[0]!).map((s) => s.name); // ["GTV", "Liver"]
 * ```
 */
export function listSegSegments(file: DicomFile): SegSegment[] {
  const ds = parseDicomOfClass(file, SOP_CLASS.segmentation, "a DICOM Segmentation");
  return segmentsOf(ds, frameSegments(ds, file.name));
}

/**
 * Reads one segment of a SEG file onto an image's grid; inside voxels hold `value` (1).
 * @example
 * ```ts
 * const liver = readSeg(dicomFiles[0]!, image, { segment: "Liver" });
 * ```
 */
export function readSeg(file: DicomFile, grid: Grid, options: SegOptions = {}): Volume<Uint8Array> {
  return segMask(parseDicomOfClass(file, SOP_CLASS.segmentation, "a DICOM Segmentation"), file.name, grid, options);
}

/** {@link readSeg} on a parsed SEG dataset. */
export function segMask(ds: DataSet, name: string, grid: Grid, options: SegOptions = {}): Volume<Uint8Array> {
  const perFrameSegment = frameSegments(ds, name);
  const segments = segmentsOf(ds, perFrameSegment);
  const wanted = options.segment ?? (segments.length > 1 ? options.fallbackSegment : undefined);
  const segment = choosePart(segments, wanted, "segment", name);
  const rows = ds.uint16("x00280010") ?? 0;
  const columns = ds.uint16("x00280011") ?? 0;
  const pixelData = ds.elements.x7fe00010;
  if (!pixelData || rows < 1 || columns < 1) throw new RadiomicsError("INVALID_FILE", `${name}: the segmentation has no pixel data`, { path: name });
  pixelByteOrder(ds, name);
  const type = ds.string("x00620001");
  const isInside = pixelTest(ds, type, pixelData.dataOffset, name);
  const available = Math.min(pixelData.length, ds.byteArray.length - pixelData.dataOffset);
  const needed = type === "BINARY" ? Math.ceil((perFrameSegment.length * rows * columns) / 8) : perFrameSegment.length * rows * columns;
  if (available < needed) throw new RadiomicsError("TRUNCATED_FILE", `${name}: Pixel Data holds ${available} bytes but ${perFrameSegment.length} frames need ${needed}`, { path: name });

  const shared = firstItem(ds, "x52009229");
  const perFrame = items(ds, "x52009230");
  const toIndex = worldToIndexMapper(grid);
  const [nx, ny, nz] = grid.size;
  const data = new Uint8Array(nx * ny * nz);
  const value = options.value ?? 1;
  perFrameSegment.forEach((number, f) => {
    if (number !== segment.number) return;
    const frameName = `${name} frame ${f + 1}`;
    const placement = framePlacement(ds, perFrame[f], shared, frameName);
    const origin = toIndex(placement.position);
    const step = (direction: Vec3, spacing: number) => toIndex(placement.position.map((p, d) => p + spacing * direction[d]!) as Vec3).map((v, d) => v - origin[d]!);
    const alongColumn = step(placement.rowDirection, placement.pixelSpacing[1]);
    const alongRow = step(placement.columnDirection, placement.pixelSpacing[0]);
    for (const v of [...origin, ...alongColumn, ...alongRow]) {
      if (Math.abs(v - Math.round(v)) > GRID_TOLERANCE) {
        throw new RadiomicsError(
          "GEOMETRY_MISMATCH",
          `${frameName} does not lie on the image's voxel grid (orientation, spacing or position differ); resample the segmentation onto the image first`,
          { path: name },
        );
      }
    }
    const [oi, oj, ok] = origin.map(Math.round) as Vec3;
    const [ci, cj, ck] = alongColumn.map(Math.round) as Vec3;
    const [ri, rj, rk] = alongRow.map(Math.round) as Vec3;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        if (!isInside(f * rows * columns + r * columns + c)) continue;
        const i = oi + c * ci + r * ri;
        const j = oj + c * cj + r * rj;
        const k = ok + c * ck + r * rk;
        if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) {
          throw new RadiomicsError("GEOMETRY_MISMATCH", `${frameName}: segment pixels fall outside the image (voxel ${i}, ${j}, ${k})`, { path: name });
        }
        data[i + nx * (j + ny * k)] = value;
      }
    }
  });
  return {
    data, size: [...grid.size], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction],
    dicom: { ...dicomSourceOf(ds, "seg", [sopOf(ds)]), segmentNumber: segment.number },
  };
}

/** A test of pixel n (counted across frames) for BINARY or FRACTIONAL pixel data. */
function pixelTest(ds: DataSet, type: string | undefined, offset: number, name: string): (n: number) => boolean {
  const bytes = ds.byteArray;
  const bits = ds.uint16("x00280100");
  if (type === "BINARY" && bits === 1) return (n) => ((bytes[offset + (n >> 3)]! >> (n & 7)) & 1) === 1;
  if (type === "FRACTIONAL" && bits === 8) {
    const threshold = (ds.uint16("x0062000e") ?? 255) / 2;
    return (n) => bytes[offset + n]! >= threshold;
  }
  throw new RadiomicsError(
    "UNSUPPORTED_FORMAT",
    `${name}: Segmentation Type ${type ?? "missing"} with ${bits ?? "no"} Bits Allocated; BINARY (1 bit) and FRACTIONAL (8 bits) are read`,
    { path: name },
  );
}
