/**
 * The shape context shared by PyRadiomics `shape` and the IBSI morphology family: the
 * mesh of the morphological mask, its hull, diameters, and the principal axes of the
 * voxel centres, each computed once per ROI and only when a feature needs it.
 * @module
 */
import type { RoiInput } from "../features/types.js";
import { symmetricEigenvalues } from "../math/eigen.js";
import { once } from "../once.js";
import { crop, type Volume } from "../volume.js";
import { convexHull3D, meshDiameters, planeHulls, type Diameters, type Hull3D } from "./hull.js";
import type { Mesh } from "./mesh.js";

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

/** Covariance eigenvalues of the positions index × spacing of the mask's voxels. */
function principalMoments(mask: Volume<Uint8Array>): Float64Array {
  const [nx, ny, nz] = mask.size;
  const [sx, sy, sz] = mask.spacing;
  let n = 0, mx = 0, my = 0, mz = 0, xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
  for (let k = 0, i = 0; k < nz; k++) {
    const z = k * sz;
    for (let j = 0; j < ny; j++) {
      const y = j * sy;
      for (let q = 0; q < nx; q++, i++) {
        if (!mask.data[i]) continue;
        const x = q * sx;
        n++;
        mx += x;
        my += y;
        mz += z;
        xx += x * x;
        yy += y * y;
        zz += z * z;
        xy += x * y;
        xz += x * z;
        yz += y * z;
      }
    }
  }
  mx /= n;
  my /= n;
  mz /= n;
  const cxy = xy / n - mx * my, cxz = xz / n - mx * mz, cyz = yz / n - my * mz;
  const cov = [xx / n - mx * mx, cxy, cxz, cxy, yy / n - my * my, cyz, cxz, cyz, zz / n - mz * mz];
  // Tiny negative eigenvalues of flat ROIs are rounding errors (PyRadiomics rounds > −1e-10 to 0).
  return symmetricEigenvalues(cov, 3).map((v) => (v < 0 && v > -1e-10 ? 0 : v));
}

const contexts = new WeakMap<RoiInput, ShapeContext>();

/** The shape context of an ROI (the morphological mask, or the re-segmented one with `resegmentShape`). */
export function shapeContext(input: RoiInput): ShapeContext {
  const cached = contexts.get(input);
  if (cached) return cached;
  const source = input.settings.resegmentShape ? input.intensityMask : input.morphologicalMask;
  const { box, count: voxelCount } = input.kernels.maskFacts(source.data, source.size);
  const mask = crop(source, box!);
  const mesh = once(() => input.kernels.marchingCubes(mask.data, mask.size, mask.spacing));
  const zPlanes = once(() => planeHulls(mesh().vertices, 2, mask.spacing));
  // Every 3-D hull vertex is also a vertex of its axial plane's 2-D hull: build the 3-D
  // hull from those only, then map its indices back to the mesh vertices.
  const hull = once(() => {
    const subset = zPlanes().hullVertices;
    const points = new Float64Array(3 * subset.length);
    subset.forEach((v, k) => points.set(mesh().vertices.subarray(3 * v, 3 * v + 3), 3 * k));
    const h = convexHull3D(points);
    return { ...h, vertices: h.vertices.map((k) => subset[k]!), faces: h.faces.map(([a, b, c]) => [subset[a]!, subset[b]!, subset[c]!] as [number, number, number]) };
  });
  const context: ShapeContext = {
    voxelCount,
    voxelVolume: mask.spacing[0] * mask.spacing[1] * mask.spacing[2],
    mesh,
    hull,
    diameters: once(() => meshDiameters(mesh().vertices, mask.spacing, zPlanes(), hull().vertices, input.kernels)),
    eigenvalues: once(() => principalMoments(mask)),
    mask,
    input,
  };
  contexts.set(input, context);
  return context;
}
