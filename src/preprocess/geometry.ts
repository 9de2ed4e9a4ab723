/**
 * Image–mask geometry: the check that both share one voxel grid, and PyRadiomics'
 * `correctMask` (resampling the mask onto the image grid by nearest neighbour).
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { boundingBox, indexToWorld, worldToIndex, type Grid, type Volume, type Vec3 } from "../volume.js";

/** Default relative tolerance (SimpleITK's global coordinate and direction tolerance). */
export const DEFAULT_GEOMETRY_TOLERANCE = 1e-6;

const fmt = (v: ArrayLike<number>) => `(${Array.from(v).join(", ")})`;

/**
 * Differences between two grids, as sentences; empty when they match. Origins and
 * spacings are compared within `tolerance × image spacing[0]` mm, directions within
 * `tolerance`, as ITK does.
 * @example
 * ```ts
 * for (const d of geometryDifferences(image, mask)) console.warn(d); // "origin differs by …"
 * ```
 */
export function geometryDifferences(image: Grid, mask: Grid, tolerance = DEFAULT_GEOMETRY_TOLERANCE): string[] {
  const out: string[] = [];
  const coordTol = tolerance * image.spacing[0];
  if (image.size.some((s, a) => s !== mask.size[a])) out.push(`size ${fmt(image.size)} vs ${fmt(mask.size)}`);
  if (image.spacing.some((s, a) => Math.abs(s - mask.spacing[a]!) > coordTol)) out.push(`spacing ${fmt(image.spacing)} vs ${fmt(mask.spacing)}`);
  if (image.origin.some((o, a) => Math.abs(o - mask.origin[a]!) > coordTol)) out.push(`origin ${fmt(image.origin)} vs ${fmt(mask.origin)}`);
  if (image.direction.some((d, a) => Math.abs(d - mask.direction[a]!) > tolerance)) out.push(`direction ${fmt(image.direction)} vs ${fmt(mask.direction)}`);
  return out;
}

/**
 * Resamples a label map onto the image grid by nearest neighbour (PyRadiomics
 * `correctMask`). The mask's labelled voxels must lie inside the image's extent.
 * @example
 * ```ts
 * const onImageGrid = resampleMaskToImage(mask, image);
 * ```
 */
export function resampleMaskToImage<T extends Volume>(mask: T, image: Volume): Volume<T["data"]> {
  const box = boundingBox(mask);
  if (box) {
    // Every corner of the ROI box must map into the image (0.001 voxel slack, as PyRadiomics).
    for (const corner of corners(box.lower, box.upper)) {
      const at = worldToIndex(image, indexToWorld(mask, corner));
      if (at.some((v, a) => v < -0.5 - 1e-3 || v > image.size[a]! - 0.5 + 1e-3)) {
        throw new RadiomicsError(
          "GEOMETRY_MISMATCH",
          `correctMask: the ROI extends outside the image (mask voxel ${fmt(corner)} falls at image index ${fmt(at.map((v) => +v.toFixed(3)))}); the mask does not belong to this image`,
        );
      }
    }
  }
  const [nx, ny, nz] = image.size;
  const Ctor = mask.data.constructor as new (n: number) => T["data"];
  const out = new Ctor(nx * ny * nz);
  const [mx, my, mz] = mask.size;
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        const [x, y, z] = worldToIndex(mask, indexToWorld(image, [i, j, k])).map(Math.round) as Vec3;
        if (x >= 0 && y >= 0 && z >= 0 && x < mx && y < my && z < mz) out[n] = mask.data[x + mx * (y + my * z)]!;
      }
    }
  }
  return { data: out, size: [...image.size], spacing: [...image.spacing], origin: [...image.origin], direction: [...image.direction] };
}

function corners(lower: Vec3, upper: Vec3): Vec3[] {
  const out: Vec3[] = [];
  for (const x of [lower[0], upper[0]]) for (const y of [lower[1], upper[1]]) for (const z of [lower[2], upper[2]]) out.push([x, y, z]);
  return out;
}

/**
 * Returns a mask on the image grid: the mask itself when the grids match, the
 * resampled mask when they do not and `correctMask` is set.
 * @throws RadiomicsError `GEOMETRY_MISMATCH` naming each difference and the fixes.
 * @example
 * ```ts
 * const aligned = alignMask(image, mask, { correctMask: true }); // resampled only when the grids differ
 * ```
 */
export function alignMask<T extends Volume>(image: Volume, mask: T, options: { tolerance?: number | null; correctMask?: boolean } = {}): Volume<T["data"]> {
  const diffs = geometryDifferences(image, mask, options.tolerance ?? DEFAULT_GEOMETRY_TOLERANCE);
  if (diffs.length === 0) return mask;
  if (options.correctMask) return resampleMaskToImage(mask, image);
  throw new RadiomicsError(
    "GEOMETRY_MISMATCH",
    `image and mask do not share a voxel grid: ${diffs.join("; ")}. If the mask belongs to this image, set correctMask: true ` +
      `(resamples the mask onto the image grid) or raise geometryTolerance`,
    { differences: diffs },
  );
}
