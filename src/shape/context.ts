/**
 * The shape context shared by PyRadiomics `shape` and the IBSI morphology family: the
 * mesh of the morphological mask, its hull, diameters, and the principal axes of the
 * voxel centres, each computed once per ROI and only when a feature needs it.
 * @module
 */
import type { RoiInput } from "../features/types.js";
import { symmetricEigenvalues } from "../math/eigen.js";
import { once, perObject } from "../once.js";
import { listedWith } from "../scratch.js";
import { crop, type Volume } from "../volume.js";
import type { Moments } from "../kernels/intensity.js";
import type { Kernels } from "../kernels/types.js";
import { convexHull3D, diameterCandidates, type Diameters, type Hull3D } from "./hull.js";
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

/** The shape context of an ROI (the morphological mask, or the re-segmented one with `resegmentShape`), built once. */
export const shapeContext = perObject((input: RoiInput): ShapeContext => {
  const source = input.settings.resegmentShape ? input.intensityMask : input.morphologicalMask;
  const { box, count: voxelCount } = input.kernels.maskFacts(source.data, source.size);
  // The crop and the mesh's vertices are on the thread's scratch, given back with the ROI's arrays.
  const mask = crop(source, box!);
  listedWith(input, mask.data);
  const mesh = once(() => {
    const m = input.kernels.marchingCubes(mask.data, mask.size, mask.spacing);
    listedWith(input, m.vertices);
    return m;
  });
  const planes = ([0, 1, 2] as const).map((axis) => once(() => input.kernels.planeHulls(mesh().vertices, axis, mask.spacing)));
  // A vertex of the 3-D hull is a vertex of the 2-D hull of its plane across each axis:
  // the vertices on all three plane hulls hold every 3-D hull vertex (and few others).
  // The largest distance is between hull vertices, so it is searched among these (those
  // that can be its ends: diameterCandidates), and the 3-D hull (IBSI morphology) is built
  // from them.
  const candidates = once(() => {
    const on = new Uint8Array(mesh().vertices.length / 3);
    for (const plane of planes) {
      const { hullVertices } = plane();
      for (let k = 0; k < hullVertices.length; k++) on[hullVertices[k]!]!++;
    }
    const out: number[] = [];
    for (let v = 0; v < on.length; v++) if (on[v] === 3) out.push(v);
    return out;
  });
  const hull = once(() => {
    const subset = candidates();
    const vertices = mesh().vertices;
    const points = new Float64Array(3 * subset.length);
    for (let k = 0; k < subset.length; k++) {
      for (let c = 0; c < 3; c++) points[3 * k + c] = vertices[3 * subset[k]! + c]!;
    }
    const h = convexHull3D(points);
    return { ...h, vertices: h.vertices.map((k) => subset[k]!), faces: h.faces.map(([a, b, c]) => [subset[a]!, subset[b]!, subset[c]!] as [number, number, number]) };
  });
  return {
    voxelCount,
    voxelVolume: mask.spacing[0] * mask.spacing[1] * mask.spacing[2],
    mesh,
    hull,
    diameters: once(() => ({
      d3: Math.sqrt(input.kernels.maxSquaredDistance(mesh().vertices, 3, diameterCandidates(mesh().vertices, candidates()))),
      slice: Math.sqrt(planes[2]!().diameterSquared),
      column: Math.sqrt(planes[1]!().diameterSquared),
      row: Math.sqrt(planes[0]!().diameterSquared),
    })),
    eigenvalues: once(() => principalMoments(mask, input.kernels)),
    mask,
    input,
  };
});
