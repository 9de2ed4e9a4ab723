/**
 * Quality-control pictures: the mask's outline over the image in the axial, coronal and
 * sagittal planes through the ROI's centre, so a reader sees at a glance whether a
 * segmentation is wrong, shifted or on another image.
 *
 * Planes are taken along the voxel axes that lie closest to the patient's (LPS) axes and
 * shown as radiologists read them: axial with the patient's left on the right of the
 * picture and posterior down, coronal with the left on the right and superior up,
 * sagittal with anterior on the left and superior up. Every panel has the same scale in
 * millimetres a pixel, sampled nearest-neighbour, so anisotropic voxels keep their shape.
 *
 * The grey window comes from the ROI's own intensities: from P1 − ½·(P99 − P1) to
 * P99 + ½·(P99 − P1), where P1 and P99 are the ROI's 1st and 99th percentiles (of at most
 * 65,536 ROI voxels taken at an even stride), so the region is contrasted and its
 * surroundings still visible.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { alignMask } from "../preprocess/geometry.js";
import { selectLabel } from "../preprocess/mask.js";
import type { Settings } from "../settings.js";
import { VERSION } from "../version.js";
import { checkVolume, type BoundingBox, type Mat3, type Vec3, type Volume } from "../volume.js";
import { encodePng, type RgbPicture } from "./png.js";

/** An anatomical plane. */
export type Plane = "axial" | "coronal" | "sagittal";

/** An axis: x, y or z (world), i, j or k (voxels). */
export type Axis = 0 | 1 | 2;

/** The planes of a QC picture, left to right. */
export const PLANES: readonly Plane[] = ["axial", "coronal", "sagittal"];

const AXES: readonly Axis[] = [0, 1, 2];

/** World (LPS) axes of a plane: across, down (with the world direction that goes down), and its normal. */
const LAYOUT: Record<Plane, { across: Axis; down: Axis; downSign: 1 | -1; normal: Axis }> = {
  axial: { across: 0, down: 1, downSign: 1, normal: 2 },
  coronal: { across: 0, down: 2, downSign: -1, normal: 1 },
  sagittal: { across: 1, down: 2, downSign: -1, normal: 0 },
};

/** Colour of the outline: red, visible on any grey. */
const OUTLINE: Vec3 = [255, 40, 40];

/** Pixels between panels. */
const GAP = 6;

/** ROI voxels the window's percentiles are taken from, at most. */
const WINDOW_SAMPLES = 65536;

/**
 * For each world axis (x, y, z) the voxel axis closest to it, and whether the voxel index
 * runs along (+1) or against (−1) it.
 * @example
 * ```ts
 * voxelAxesOf(image.direction).axis; // [0, 1, 2] for an axial acquisition
 * ```
 */
export function voxelAxesOf(direction: Mat3): { axis: [Axis, Axis, Axis]; sign: Vec3 } {
  const axis: [Axis, Axis, Axis] = [0, 0, 0], sign: Vec3 = [1, 1, 1];
  const placed = [false, false, false];
  const taken = [false, false, false];
  // Strongest alignment first, so an oblique grid still gets a permutation.
  const pairs = AXES.flatMap((w) => AXES.map((a) => ({ w, a, m: Math.abs(direction[w * 3 + a]!) })));
  pairs.sort((p, q) => q.m - p.m || p.w - q.w || p.a - q.a);
  for (const { w, a } of pairs) {
    if (placed[w] || taken[a]) continue;
    axis[w] = a;
    placed[w] = taken[a] = true;
    sign[w] = direction[w * 3 + a]! < 0 ? -1 : 1;
  }
  return { axis, sign };
}

/**
 * The voxel axes a plane shows: across the picture, down it, and the one its slices are taken along.
 * @example
 * ```ts
 * const { normal } = planeAxes(image.direction, "coronal");
 * const slices = image.size[normal];
 * ```
 */
export function planeAxes(direction: Mat3, plane: Plane): { across: Axis; down: Axis; normal: Axis } {
  const { axis } = voxelAxesOf(direction);
  const layout = LAYOUT[plane];
  return { across: axis[layout.across], down: axis[layout.down], normal: axis[layout.normal] };
}

/** What {@link renderPlane} draws. */
export interface PlaneView {
  plane: Plane;
  /** Voxel index of the slice along the voxel axis normal to the plane. */
  slice: number;
  /** Grey window: values at or below the first are black, at or above the second white. */
  window: [number, number];
  /** Millimetres a pixel. */
  pixelMm: number;
  /** Voxels shown (inclusive); the whole image by default. */
  box?: BoundingBox;
}

/**
 * One plane of an image as an RGB picture, grey in the window, with the outline of a
 * binary mask (on the image's grid) in red: the mask's pixels that touch a pixel outside it
 * (4-neighbours, in the picture) or the picture's edge.
 * @example
 * ```ts
 * const slice = renderPlane(image, selectLabel(mask, 1), { plane: "axial", slice: 40, window: [-160, 240], pixelMm: 0.5 });
 * const png = encodePng(slice);
 * ```
 */
export function renderPlane(image: Volume, mask: Volume<Uint8Array> | null, view: PlaneView): RgbPicture {
  const { sign } = voxelAxesOf(image.direction);
  const layout = LAYOUT[view.plane];
  const { across: h, down: v, normal: n } = planeAxes(image.direction, view.plane);
  const box = view.box ?? { lower: [0, 0, 0], upper: [image.size[0] - 1, image.size[1] - 1, image.size[2] - 1] };
  const strides: Vec3 = [1, image.size[0], image.size[0] * image.size[1]];
  if (!Number.isInteger(view.slice) || view.slice < 0 || view.slice >= image.size[n]) {
    throw new RadiomicsError("INVALID_INPUT", `renderPlane(): ${view.plane} slice ${view.slice} is outside the image (0…${image.size[n] - 1} along voxel axis ${n})`);
  }
  // Voxel index of each column and row: pixel centres mapped into the box, flipped to the reading convention.
  const indices = (a: Axis, flip: boolean) => {
    const count = box.upper[a] - box.lower[a] + 1;
    const pixels = Math.max(1, Math.round((count * image.spacing[a]) / view.pixelMm));
    return Int32Array.from({ length: pixels }, (_, p) => {
      const k = Math.min(count - 1, Math.floor(((p + 0.5) * view.pixelMm) / image.spacing[a]));
      return (flip ? box.upper[a] - k : box.lower[a] + k) * strides[a];
    });
  };
  const columns = indices(h, sign[layout.across] < 0);
  const rows = indices(v, sign[layout.down] * layout.downSign < 0);
  const width = columns.length, height = rows.length;
  const base = view.slice * strides[n];
  const [low, high] = view.window;
  const scale = high > low ? 255 / (high - low) : 0;
  const rgb = new Uint8Array(width * height * 3);
  const inside = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const voxel = base + rows[y]! + columns[x]!;
      const grey = Math.max(0, Math.min(255, Math.round((Number(image.data[voxel]) - low) * scale)));
      rgb.fill(grey, (y * width + x) * 3, (y * width + x) * 3 + 3);
      if (mask) inside[y * width + x] = mask.data[voxel] ? 1 : 0;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (!inside[p]) continue;
      const edge = x === 0 || y === 0 || x === width - 1 || y === height - 1 || !inside[p - 1] || !inside[p + 1] || !inside[p - width] || !inside[p + width];
      if (edge) rgb.set(OUTLINE, p * 3);
    }
  }
  return { width, height, rgb };
}

/** Options of {@link qcPicture}. */
export interface QcOptions {
  /** Label of the region in the label map. @default 1 */
  label?: number;
  /** Show whole planes (`image`) or the ROI's box with a margin of half its extent, at least 10 mm (`roi`). @default "image" */
  fov?: "image" | "roi";
  /** Pixels along the longest side of the largest panel. @default 320 */
  panelSize?: number;
  /** Grey window; by default from the ROI's intensities (see the module doc). */
  window?: [number, number];
  /** Resample a mask on another grid onto the image's (as the setting of the same name). @default false */
  correctMask?: boolean;
  /** Largest geometry difference taken as the same grid (as the setting of the same name). */
  geometryTolerance?: number;
}

/**
 * The mask options of a QC picture as the extraction's settings give them (label, correctMask, geometryTolerance).
 * @example
 * ```ts
 * const png = qcPng(image, labelMap, { ...maskOptionsOf(config.settings), fov: "roi" });
 * ```
 */
export function maskOptionsOf(settings: Pick<Settings, "label" | "correctMask" | "geometryTolerance">): Pick<QcOptions, "label" | "correctMask" | "geometryTolerance"> {
  return { label: settings.label, correctMask: settings.correctMask, geometryTolerance: settings.geometryTolerance ?? undefined };
}

/** A QC picture and what it shows. */
export interface QcPicture extends RgbPicture {
  /** Voxel index of the slice each plane shows, along its normal voxel axis. */
  slices: Record<Plane, number>;
  window: [number, number];
  label: number;
  /** ROI voxels. */
  voxels: number;
}

/** Where a binary mask lies: its voxel count, centroid, box, voxels per slice along each axis, and a sample of the image under it. */
function roiLayout(image: Volume, mask: Volume<Uint8Array>) {
  const [nx, ny, nz] = mask.size;
  // Voxels per slice along each axis; count, centroid and box follow from them.
  const perSlice = [new Float64Array(nx), new Float64Array(ny), new Float64Array(nz)] as const;
  const m = mask.data;
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!m[i]) continue;
        perSlice[0][x]!++;
        perSlice[1][y]!++;
        perSlice[2][z]!++;
      }
    }
  }
  const count = perSlice[0].reduce((n, c) => n + c, 0);
  const centroid = perSlice.map((counts) => counts.reduce((s, c, k) => s + c * k, 0) / count) as Vec3;
  const lower = perSlice.map((counts) => counts.findIndex((c) => c > 0)) as Vec3;
  const upper = perSlice.map((counts) => {
    let k = counts.length - 1;
    while (k >= 0 && counts[k] === 0) k--;
    return k;
  }) as Vec3;
  const stride = Math.max(1, Math.ceil(count / WINDOW_SAMPLES));
  const sample = new Float64Array(Math.ceil(count / stride));
  for (let i = 0, seen = 0, k = 0; i < m.length; i++) if (m[i] && seen++ % stride === 0) sample[k++] = Number(image.data[i]);
  sample.sort();
  return { count, centroid, box: { lower, upper }, perSlice, sample };
}

/** The window from sorted ROI values (see the module doc). */
function roiWindow(sorted: Float64Array): [number, number] {
  const at = (q: number) => sorted[Math.round(q * (sorted.length - 1))]!;
  const [p1, p99] = [at(0.01), at(0.99)];
  if (p99 > p1) return [p1 - (p99 - p1) / 2, p99 + (p99 - p1) / 2];
  const half = p1 !== 0 ? Math.abs(p1) / 2 : 1;
  return [p1 - half, p1 + half];
}

/** The slice through the centroid, or the nearest one that holds ROI voxels. */
function sliceThrough(centre: number, counts: Float64Array): number {
  const c = Math.round(centre);
  for (let d = 0; d < counts.length; d++) {
    if (c - d >= 0 && counts[c - d]) return c - d;
    if (c + d < counts.length && counts[c + d]) return c + d;
  }
  return c;
}

/**
 * Where a QC picture looks for a binary mask on the image's grid: the slice through the
 * ROI's centroid in each plane, the grey window from its intensities (see the module doc),
 * its box and voxel count.
 * @example
 * ```ts
 * const { slices, window } = roiView(image, selectLabel(mask, 1));
 * const axial = renderPlane(image, selectLabel(mask, 1), { plane: "axial", slice: slices.axial, window, pixelMm: 1 });
 * ```
 */
export function roiView(image: Volume, mask: Volume<Uint8Array>): { slices: Record<Plane, number>; window: [number, number]; box: BoundingBox; voxels: number } {
  const roi = roiLayout(image, mask);
  const slices = Object.fromEntries(PLANES.map((p) => {
    const normal = planeAxes(image.direction, p).normal;
    return [p, sliceThrough(roi.centroid[normal], roi.perSlice[normal])];
  })) as Record<Plane, number>;
  return { slices, window: roiWindow(roi.sample), box: roi.box, voxels: roi.count };
}

/**
 * The QC picture of an image and a label map: axial, coronal and sagittal panels, left to
 * right, through the centroid of the ROI, with its outline (see the module doc).
 * @throws RadiomicsError as extraction would for the same mask: `LABEL_NOT_FOUND`, `GEOMETRY_MISMATCH`.
 * @example
 * ```ts
 * const { width, height, rgb, slices } = qcPicture(image, labelMap, { fov: "roi" });
 * ```
 */
export function qcPicture(image: Volume, labelMap: Volume, options: QcOptions = {}): QcPicture {
  checkVolume(image, "qcPicture(): the image");
  checkVolume(labelMap, "qcPicture(): the mask");
  const label = options.label ?? 1;
  const panelSize = options.panelSize ?? 320;
  if (!Number.isInteger(panelSize) || panelSize < 1 || panelSize > 4096) {
    throw new RadiomicsError("INVALID_SETTING", `the QC panel size must be an integer from 1 to 4096 pixels, got ${panelSize}`, { key: "panelSize", value: panelSize });
  }
  if (options.window && !(options.window[1] > options.window[0])) {
    throw new RadiomicsError("INVALID_SETTING", `a QC window must run from low to high, got [${options.window.join(", ")}]`, { key: "window" });
  }
  const mask = selectLabel(alignMask(image, labelMap, { tolerance: options.geometryTolerance, correctMask: options.correctMask }), label);
  const roi = roiView(image, mask);
  const window = options.window ?? roi.window;
  const box: BoundingBox = { lower: [0, 0, 0], upper: [image.size[0] - 1, image.size[1] - 1, image.size[2] - 1] };
  if (options.fov === "roi") {
    for (const a of AXES) {
      const extentMm = (roi.box.upper[a] - roi.box.lower[a] + 1) * image.spacing[a];
      const margin = Math.ceil(Math.max(10, extentMm / 2) / image.spacing[a]);
      box.lower[a] = Math.max(0, roi.box.lower[a] - margin);
      box.upper[a] = Math.min(image.size[a] - 1, roi.box.upper[a] + margin);
    }
  }
  const extents = AXES.map((a) => (box.upper[a] - box.lower[a] + 1) * image.spacing[a]);
  const axes = PLANES.map((p) => planeAxes(image.direction, p));
  const longest = Math.max(...axes.map((a) => Math.max(extents[a.across]!, extents[a.down]!)));
  const pixelMm = longest / panelSize;
  const { slices } = roi;
  const panels = PLANES.map((plane) => renderPlane(image, mask, { plane, slice: slices[plane], window, pixelMm, box }));
  const width = panels.reduce((w, p) => w + p.width, 0) + GAP * (panels.length - 1);
  const height = Math.max(...panels.map((p) => p.height));
  const rgb = new Uint8Array(width * height * 3);
  let left = 0;
  for (const panel of panels) {
    const top = Math.floor((height - panel.height) / 2);
    for (let y = 0; y < panel.height; y++) {
      rgb.set(panel.rgb.subarray(y * panel.width * 3, (y + 1) * panel.width * 3), ((top + y) * width + left) * 3);
    }
    left += panel.width + GAP;
  }
  return { width, height, rgb, slices, window, label, voxels: roi.voxels };
}

/**
 * The QC picture as a PNG file, its title and what it shows in its text chunks.
 * @example
 * ```ts
 * await writeFileAtomic("p01-qc.png", qcPng(image, labelMap, { title: "p01" }));
 * ```
 */
export function qcPng(image: Volume, labelMap: Volume, options: QcOptions & { title?: string } = {}): Uint8Array {
  const picture = qcPicture(image, labelMap, options);
  const { slices, window } = picture;
  const description =
    `Outline of label ${picture.label} (${picture.voxels} voxels) over axial slice ${slices.axial}, coronal slice ${slices.coronal}, ` +
    `sagittal slice ${slices.sagittal} (voxel indices); grey window ${window[0]} to ${window[1]}`;
  return encodePng(picture, { ...(options.title ? { Title: options.title } : {}), Description: description, Software: `radiomics ${VERSION}` });
}
