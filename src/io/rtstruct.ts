/**
 * RTSTRUCT → binary mask on an image's voxel grid.
 *
 * Each CLOSED_PLANAR contour of the chosen ROI is mapped into the image's continuous
 * voxel-index coordinates and assigned to the slice nearest to its plane. A voxel is
 * inside when its centre is inside the slice's contours by the even-odd rule: a scan
 * line through the row of voxel centres crosses the contour edges, the crossings are
 * sorted, and the voxels between the 1st and 2nd, 3rd and 4th, … crossing are set. So a
 * contour drawn inside another is a hole, and separate contours on one slice are separate
 * islands. A centre exactly on a left edge is inside, on a right edge outside.
 * POINT and OPEN contours carry no area and are ignored.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { worldToIndexMapper, type Grid, type Volume } from "../volume.js";
import { SOP_CLASS, choosePart, decimals, dicomSourceOf, items, parseDicomOfClass, sopOf, type DataSet, type DicomFile } from "./dicom.js";

/** One ROI of a structure set. */
export interface RtstructRoi {
  /** ROI Number (3006,0022). */
  number: number;
  /** ROI Name (3006,0026). */
  name: string;
  /** How many closed planar contours it has. */
  closedContours: number;
}

/** Options for {@link readRtstruct}. */
export interface RtstructOptions {
  /** The ROI to rasterise, by name or number; may be omitted when the file holds one ROI. */
  roi?: string | number;
}

/** A grid to rasterise onto: an image's size and geometry. */
export type { Grid };

/** The closed planar contours of each ROI number, as flat x,y,z world point lists. */
function contoursByRoi(ds: DataSet): Map<number, number[][]> {
  const byRoi = new Map<number, number[][]>();
  for (const roiContour of items(ds, "x30060039")) {
    const number = roiContour.intString("x30060084");
    if (number === undefined) continue;
    const list = byRoi.get(number) ?? [];
    for (const contour of items(roiContour, "x30060040")) {
      if (contour.string("x30060042") !== "CLOSED_PLANAR") continue;
      const points = decimals(contour, "x30060050");
      if (points && points.length >= 9) list.push(points);
    }
    byRoi.set(number, list);
  }
  return byRoi;
}

/** The ROIs of a structure set, given its contours by ROI number. */
function roisOf(ds: DataSet, contours: Map<number, number[][]>): RtstructRoi[] {
  return items(ds, "x30060020").map((roi) => {
    const number = roi.intString("x30060022") ?? 0;
    return { number, name: roi.string("x30060026") ?? "", closedContours: contours.get(number)?.length ?? 0 };
  });
}

/**
 * Lists the ROIs of an RTSTRUCT file.
 * @example
 * ```ts
 * listRtstructRois(dicomFiles[0]!).map((r) => r.name); // ["GTV-1", "Lung-Left", …]
 * ```
 */
export function listRtstructRois(file: DicomFile): RtstructRoi[] {
  const ds = parseDicomOfClass(file, SOP_CLASS.rtStructureSet, "an RT Structure Set");
  return roisOf(ds, contoursByRoi(ds));
}

/**
 * Rasterises one ROI of an RTSTRUCT file onto an image's grid; returns a 0/1 mask.
 * @example
 * ```ts
 * const gtv = readRtstruct(dicomFiles[0]!, image, { roi: "GTV-1" });
 * ```
 */
export function readRtstruct(file: DicomFile, grid: Grid, options: RtstructOptions = {}): Volume<Uint8Array> {
  return rtstructMask(parseDicomOfClass(file, SOP_CLASS.rtStructureSet, "an RT Structure Set"), file.name, grid, options);
}

/** {@link readRtstruct} on a parsed structure set. */
export function rtstructMask(ds: DataSet, name: string, grid: Grid, options: RtstructOptions = {}): Volume<Uint8Array> {
  const contours = contoursByRoi(ds);
  const roi = choosePart(roisOf(ds, contours), options.roi, "ROI", name);
  const polygons = contours.get(roi.number) ?? [];
  if (polygons.length === 0) {
    throw new RadiomicsError("EMPTY_ROI", `${name}: ROI "${roi.name}" has no closed planar contours to rasterise`, { roi: roi.name });
  }
  const mask = rasteriseContours(polygons, grid, `${name}, ROI "${roi.name}"`);
  return { ...mask, dicom: { ...dicomSourceOf(ds, "rtstruct", [sopOf(ds)]), roiNumber: roi.number, roiName: roi.name } };
}

/**
 * Rasterises closed planar contours (each a flat list of x, y, z world points, mm) onto a
 * grid with the even-odd rule at voxel centres; returns a 0/1 mask on that grid. Contours
 * on slices outside the grid are dropped; a contour not lying in a slice plane is an error
 * naming `what`.
 * @example
 * ```ts
 * // One closed square contour (x, y, z triplets in LPS mm) on the slice at z = 0.
 * const square = rasteriseContours([[0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 10, 0]], image);
 * ```
 */
export function rasteriseContours(contours: readonly number[][], grid: Grid, what = "contours"): Volume<Uint8Array> {
  const bySlice = polygonsBySlice(contours, grid, what);
  const [nx, ny] = grid.size;
  const data = new Uint8Array(nx * ny * grid.size[2]);
  for (const [k, slicePolygons] of bySlice) fillSlice(slicePolygons, nx, ny, data.subarray(k * nx * ny, (k + 1) * nx * ny));
  return { data, size: [...grid.size], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction] };
}

/** In-plane polygons (x, y in voxel-index units) grouped by the slice their plane falls on. */
function polygonsBySlice(polygons: readonly number[][], grid: Grid, what: string): Map<number, Float64Array[]> {
  const toIndex = worldToIndexMapper(grid);
  const bySlice = new Map<number, Float64Array[]>();
  for (const points of polygons) {
    const count = Math.floor(points.length / 3);
    const planar = new Float64Array(2 * count);
    let kMin = Infinity;
    let kMax = -Infinity;
    for (let p = 0; p < count; p++) {
      const [i, j, k] = toIndex([points[3 * p]!, points[3 * p + 1]!, points[3 * p + 2]!]);
      planar[2 * p] = i;
      planar[2 * p + 1] = j;
      kMin = Math.min(kMin, k);
      kMax = Math.max(kMax, k);
    }
    if (kMax - kMin > 0.5) {
      throw new RadiomicsError(
        "UNSUPPORTED_FORMAT",
        `${what}: a contour spans ${(kMax - kMin).toFixed(2)} slices; contours must lie in the image's slice planes`,
      );
    }
    const slice = Math.round((kMin + kMax) / 2);
    if (slice < 0 || slice >= grid.size[2]) continue;
    const list = bySlice.get(slice) ?? [];
    list.push(planar);
    bySlice.set(slice, list);
  }
  return bySlice;
}

/** Even-odd scan-line fill of one slice: voxel (i, j) is set when its centre is inside. */
function fillSlice(polygons: Float64Array[], nx: number, ny: number, slice: Uint8Array): void {
  const crossings: number[] = [];
  for (let j = 0; j < ny; j++) {
    crossings.length = 0;
    for (const polygon of polygons) {
      const n = polygon.length / 2;
      for (let a = 0, b = n - 1; a < n; b = a++) {
        const ya = polygon[2 * a + 1]!;
        const yb = polygon[2 * b + 1]!;
        if (ya <= j !== yb <= j) {
          const xa = polygon[2 * a]!;
          crossings.push(xa + ((j - ya) * (polygon[2 * b]! - xa)) / (yb - ya));
        }
      }
    }
    crossings.sort((p, q) => p - q);
    for (let c = 0; c + 1 < crossings.length; c += 2) {
      const from = Math.max(0, Math.ceil(crossings[c]!));
      const to = Math.min(nx - 1, Math.ceil(crossings[c + 1]!) - 1);
      slice.fill(1, j * nx + from, from <= to ? j * nx + to + 1 : j * nx + from);
    }
  }
}
