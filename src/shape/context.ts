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
import type { Moments } from "../kernels/intensity.js";
import type { Kernels } from "../kernels/types.js";
import { convexHull3D, type Diameters, type Hull3D, type PlaneHulls } from "./hull.js";
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

/**
 * Covariance eigenvalues of the positions index × spacing of the mask's voxels, from the
 * exact index moments: cov(a, b) = s_a s_b (Σab / n − Σa Σb / n²).
 */
function principalMoments(mask: Volume<Uint8Array>, kernels: Kernels): Float64Array {
  const [n, sx, sy, sz, sxx, syy, szz, sxy, sxz, syz] = kernels.maskMoments(mask.data, mask.size) as unknown as Moments;
  const [hx, hy, hz] = mask.spacing;
  const mx = sx / n, my = sy / n, mz = sz / n;
  const cxy = hx * hy * (sxy / n - mx * my), cxz = hx * hz * (sxz / n - mx * mz), cyz = hy * hz * (syz / n - my * mz);
  const cov = [hx * hx * (sxx / n - mx * mx), cxy, cxz, cxy, hy * hy * (syy / n - my * my), cyz, cxz, cyz, hz * hz * (szz / n - mz * mz)];
  // Tiny negative eigenvalues of flat ROIs are rounding errors (PyRadiomics rounds > −1e-10 to 0).
  return symmetricEigenvalues(cov, 3).map((v) => (v < 0 && v > -1e-10 ? 0 : v));
}

/** Diameters from the plane hulls across each axis and the 3-D hull's vertices (the all-pairs search by `kernels`). */
function meshDiameters(vertices: Float64Array, spacing: readonly [number, number, number], zPlanes: PlaneHulls, hullVertices: readonly number[], kernels: Kernels): Diameters {
  return {
    d3: Math.sqrt(kernels.maxSquaredDistance(vertices, 3, hullVertices)),
    slice: Math.sqrt(zPlanes.diameterSquared),
    column: Math.sqrt(kernels.planeHulls(vertices, 1, spacing).diameterSquared),
    row: Math.sqrt(kernels.planeHulls(vertices, 0, spacing).diameterSquared),
  };
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
  const zPlanes = once(() => input.kernels.planeHulls(mesh().vertices, 2, mask.spacing));
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
    eigenvalues: once(() => principalMoments(mask, input.kernels)),
    mask,
    input,
  };
  contexts.set(input, context);
  return context;
}
