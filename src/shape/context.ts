/**
 * The shape context shared by PyRadiomics `shape` and the IBSI morphology family: the
 * mesh of the morphological mask, its hull, diameters, and the principal axes of the
 * voxel centres, each computed once per ROI and only when a feature needs it.
 * @module
 */
import type { RoiInput } from "../features/types.js";
import { symmetricEigenvalues } from "../math/eigen.js";
import { boundingBox, crop, type Volume } from "../volume.js";
import { convexHull3D, meshDiameters, type Diameters, type Hull3D } from "./hull.js";
import { marchingCubes, type Mesh } from "./mesh.js";

/** Lazily computed geometry of one ROI. */
export interface ShapeContext {
  /** Voxels of the (morphological) mask. */
  voxelCount: number;
  /** Volume of one voxel, mm³. */
  voxelVolume: number;
  mesh(): Mesh;
  hull(): Hull3D;
  diameters(): Diameters;
  /** Eigenvalues (ascending) of the covariance of voxel-centre positions (population, mm²). */
  eigenvalues(): Float64Array;
  /** The ROI the context describes (mask cropped to its box). */
  mask: Volume<Uint8Array>;
  input: RoiInput;
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Covariance eigenvalues of the positions index × spacing of the mask's voxels. */
function principalMoments(mask: Volume<Uint8Array>): Float64Array {
  const [nx, ny, nz] = mask.size;
  const [sx, sy, sz] = mask.spacing;
  let n = 0;
  const sum = [0, 0, 0];
  const sq = new Float64Array(9);
  for (let k = 0, i = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!mask.data[i]) continue;
        const p = [x * sx, j * sy, k * sz];
        n++;
        for (let r = 0; r < 3; r++) {
          sum[r]! += p[r]!;
          for (let c = 0; c < 3; c++) sq[r * 3 + c]! += p[r]! * p[c]!;
        }
      }
    }
  }
  const cov = sq.map((v, rc) => v / n - (sum[Math.floor(rc / 3)]! / n) * (sum[rc % 3]! / n));
  // Tiny negative eigenvalues of flat ROIs are rounding errors (PyRadiomics rounds > −1e-10 to 0).
  return symmetricEigenvalues(cov, 3).map((v) => (v < 0 && v > -1e-10 ? 0 : v));
}

const contexts = new WeakMap<RoiInput, ShapeContext>();

/** The shape context of an ROI (the morphological mask, or the re-segmented one with `resegmentShape`). */
export function shapeContext(input: RoiInput): ShapeContext {
  const cached = contexts.get(input);
  if (cached) return cached;
  const source = input.settings.resegmentShape ? input.intensityMask : input.morphologicalMask;
  const mask = crop(source, boundingBox(source)!);
  let voxelCount = 0;
  for (let i = 0; i < mask.data.length; i++) voxelCount += mask.data[i]!;
  const mesh = once(() => marchingCubes(mask.data, mask.size, mask.spacing));
  const hull = once(() => convexHull3D(mesh().vertices));
  const context: ShapeContext = {
    voxelCount,
    voxelVolume: mask.spacing[0] * mask.spacing[1] * mask.spacing[2],
    mesh,
    hull,
    diameters: once(() => meshDiameters(mesh().vertices, hull().vertices)),
    eigenvalues: once(() => principalMoments(mask)),
    mask,
    input,
  };
  contexts.set(input, context);
  return context;
}
