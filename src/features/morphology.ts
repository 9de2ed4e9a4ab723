/**
 * IBSI morphological features (family HCUG), in 3D (DHQ4).
 *
 * Glossary: V, A = volume and area of the marching-cubes mesh of the morphological
 * mask; N_v = its voxels; λ_major ≥ λ_minor ≥ λ_least = eigenvalues of the covariance of
 * its voxel centres; the intensity mask (after re-segmentation) holds N_{v,gl} voxels
 * with intensities X and mean μ. Enclosing shapes: the axis-aligned bounding box (AABB)
 * and the convex hull of the mesh vertices; the approximate enclosing ellipsoid (AEE,
 * semi-axes 2√λ); the minimum-volume enclosing ellipsoid (MVEE, Khachiyan's algorithm
 * on the hull vertices); the oriented minimum bounding box (OMBB, see `shape/ellipsoid.ts`).
 * Ellipsoid areas use IBSI's Legendre series to ν = 20.
 *
 * Moran's I and Geary's C pair every two intensity-mask voxels (weights 1/distance); they
 * are computed exactly by FFT convolution over the ROI box and are off unless named,
 * because their memory grows with eight times the box volume.
 * Worked example: a cube of 2 × 2 × 2 voxels of 1 mm has N_v v = 8 mm³ and an AABB of its
 * mesh vertices of 2 × 2 × 2 mm (vertices lie half a voxel beyond the outer centres).
 * @module
 */
import { autocorrelationSums } from "../kernels/autocorrelation.js";
import { ellipsoidArea, minimumVolumeEllipsoid, orientedBoundingBox } from "../shape/ellipsoid.js";
import { shapeContext, type ShapeContext } from "../shape/context.js";
import { RadiomicsError } from "../errors.js";
import { sumOf } from "../math/sum.js";
import { boundingBox, type Volume } from "../volume.js";
import { shapeFamily } from "./shape.js";
import { wholeRoi, type FeatureDefinition, type FeatureFamily } from "./types.js";

/** Largest padded box (voxels) the spatial autocorrelation FFT may use: 2²⁵ (1 GiB for its arrays). */
const MAX_AUTOCORRELATION_BOX = 2 ** 25;

type MorphologyContext = ShapeContext;

const V = (c: MorphologyContext) => c.mesh().volume;
const A = (c: MorphologyContext) => c.mesh().area;
/**
 * Eigenvalues of the sample covariance (N_v − 1 denominator) of the voxel centres, which
 * the IBSI reference values use (PyRadiomics' shape uses the population covariance).
 */
const pca = (c: MorphologyContext) => memo(c, "pca", () => c.eigenvalues().map((v) => (v * c.voxelCount) / (c.voxelCount - 1)));
const axis = (c: MorphologyContext, k: 0 | 1 | 2) => 4 * Math.sqrt(pca(c)[k]!);
const semiAxes = (c: MorphologyContext): [number, number, number] => [axis(c, 2) / 2, axis(c, 1) / 2, axis(c, 0) / 2];

/** Extents of the mesh vertices along x, y, z. */
function aabb(c: MorphologyContext): [number, number, number] {
  const v = c.mesh().vertices;
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < v.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k]!, v[i + k]!);
      hi[k] = Math.max(hi[k]!, v[i + k]!);
    }
  }
  return [0, 1, 2].map((k) => hi[k]! - lo[k]!) as [number, number, number];
}

const cache = new WeakMap<MorphologyContext, Map<string, unknown>>();
/** Memoised per-context value. */
function memo<T>(c: MorphologyContext, key: string, make: () => T): T {
  let m = cache.get(c);
  if (!m) cache.set(c, (m = new Map()));
  if (!m.has(key)) m.set(key, make());
  return m.get(key) as T;
}

const mvee = (c: MorphologyContext) => memo(c, "mvee", () => {
  const { vertices } = c.hull(), mesh = c.mesh().vertices;
  const pts = new Float64Array(3 * vertices.length);
  vertices.forEach((i, k) => pts.set(mesh.subarray(3 * i, 3 * i + 3), 3 * k));
  return minimumVolumeEllipsoid(pts, undefined, c.input.kernels);
});
const ombb = (c: MorphologyContext) => memo(c, "ombb", () => orientedBoundingBox(c.mesh().vertices, c.hull().vertices, c.hull().faces, c.input.kernels));

/** Positions (index × spacing) of a mask's voxels, as (x, y, z) sums weighted by `weight(n)`. */
function weightedCentroid(mask: Volume<Uint8Array>, weight: (n: number) => number): [number, number, number] {
  const [nx, ny, nz] = mask.size;
  const [sx, sy, sz] = mask.spacing;
  const sum = [0, 0, 0];
  let total = 0;
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (!mask.data[n]) continue;
        const w = weight(n);
        sum[0]! += w * i * sx;
        sum[1]! += w * j * sy;
        sum[2]! += w * k * sz;
        total += w;
      }
    }
  }
  return sum.map((s) => s / total) as [number, number, number];
}

/** Centre of mass shift: ‖CoM of the morphological mask − intensity-weighted CoM of the intensity mask‖. */
function centreOfMassShift(c: MorphologyContext): number {
  const { morphologicalMask, intensityMask, image } = c.input;
  const geometric = weightedCentroid(morphologicalMask, () => 1);
  const weighted = weightedCentroid(intensityMask, (n) => image.data[n]!);
  return Math.hypot(geometric[0] - weighted[0], geometric[1] - weighted[1], geometric[2] - weighted[2]);
}

/** Moran's I and Geary's C of the intensity mask. */
function spatialAutocorrelation(c: MorphologyContext): { moran: number; geary: number } {
  return memo(c, "autocorrelation", () => {
    const { intensityMask, image, values } = c.input;
    const box = boundingBox(intensityMask)!;
    const size = box.upper.map((u, a) => u - box.lower[a]! + 1) as [number, number, number];
    const padded = size.reduce((p, s) => p * 2 ** Math.ceil(Math.log2(2 * s - 1)), 1);
    if (padded > MAX_AUTOCORRELATION_BOX) {
      throw new RadiomicsError(
        "UNSUPPORTED_SETTING",
        `Moran's I and Geary's C need a ${padded.toLocaleString("en")}-voxel FFT box for this ROI (limit ${MAX_AUTOCORRELATION_BOX.toLocaleString("en")}); leave them out of featureClass morphology for ROIs this large`,
        { box: size },
      );
    }
    const n = values.length;
    const mean = sumOf(values, (v) => v) / n;
    const positions = new Int32Array(3 * n);
    const centred = new Float64Array(n);
    const [nx, ny] = intensityMask.size;
    let a = 0;
    for (let p = 0; p < intensityMask.data.length; p++) {
      if (!intensityMask.data[p]) continue;
      const i = p % nx, j = Math.floor(p / nx) % ny, k = Math.floor(p / (nx * ny));
      positions.set([i - box.lower[0], j - box.lower[1], k - box.lower[2]], 3 * a);
      centred[a++] = image.data[p]! - mean;
    }
    const variance = centred.reduce((s, z) => s + z * z, 0);
    const sums = autocorrelationSums(positions, centred, size, intensityMask.spacing, c.input.kernels);
    return {
      moran: ((n / sums.weights) * sums.moran) / variance,
      geary: ((n - 1) * sums.geary) / (2 * sums.weights * variance),
    };
  });
}

/**
 * A PyRadiomics shape feature whose definition IBSI shares (formula, code and tag as
 * documented in `shape.ts`); none is deprecated in IBSI.
 */
function fromShape(name: string): FeatureDefinition<MorphologyContext> {
  const { deprecated: _deprecated, ...feature } = shapeFamily.features.find((f) => f.name === name)!;
  return feature;
}

const features: FeatureDefinition<MorphologyContext>[] = [
  ...["MeshVolume", "VoxelVolume", "SurfaceArea", "SurfaceVolumeRatio", "Compactness1", "Compactness2", "SphericalDisproportion", "Sphericity"].map(fromShape),
  /** Asphericity (A³/(36πV²))^{1/3} − 1. IBSI 25C7. */
  { name: "Asphericity", ibsiCode: "25C7", ibsiTag: "morph.asphericity", compute: (c) => Math.cbrt(A(c) ** 3 / (36 * Math.PI * V(c) ** 2)) - 1 },
  /** Centre of mass shift ‖CoM_geom − CoM_gl‖ (mm). IBSI KLMA. */
  { name: "CentreOfMassShift", ibsiCode: "KLMA", ibsiTag: "morph.com", compute: centreOfMassShift },
  fromShape("Maximum3DDiameter"),
  /** Major axis length 4√λ_major (sample covariance). IBSI TDIC. */
  { name: "MajorAxisLength", ibsiCode: "TDIC", ibsiTag: "morph.pca.major", compute: (c) => axis(c, 2) },
  /** Minor axis length 4√λ_minor. IBSI P9VJ. */
  { name: "MinorAxisLength", ibsiCode: "P9VJ", ibsiTag: "morph.pca.minor", compute: (c) => axis(c, 1) },
  /** Least axis length 4√λ_least. IBSI 7J51. */
  { name: "LeastAxisLength", ibsiCode: "7J51", ibsiTag: "morph.pca.least", compute: (c) => axis(c, 0) },
  // Elongation and flatness are ratios: the covariance normalisation cancels.
  fromShape("Elongation"),
  fromShape("Flatness"),
  /** Volume density (AABB) V/(Δx Δy Δz). IBSI PBX1. */
  { name: "VolumeDensityAABB", ibsiCode: "PBX1", ibsiTag: "morph.v.dens.aabb", compute: (c) => V(c) / aabb(c).reduce((p, e) => p * e, 1) },
  /** Area density (AABB) A/(2(Δx Δy + Δx Δz + Δy Δz)). IBSI R59B. */
  {
    name: "AreaDensityAABB", ibsiCode: "R59B", ibsiTag: "morph.a.dens.aabb",
    compute: (c) => {
      const [x, y, z] = aabb(c);
      return A(c) / (2 * (x * y + x * z + y * z));
    },
  },
  /** Volume density (OMBB) V/V_ombb. IBSI ZH1A (no IBSI reference value). */
  { name: "VolumeDensityOMBB", ibsiCode: "ZH1A", ibsiTag: "morph.v.dens.ombb", compute: (c) => V(c) / ombb(c).volume },
  /** Area density (OMBB) A/A_ombb. IBSI IQYR (no IBSI reference value). */
  { name: "AreaDensityOMBB", ibsiCode: "IQYR", ibsiTag: "morph.a.dens.ombb", compute: (c) => A(c) / ombb(c).area },
  /** Volume density (AEE) V/(4π abc/3), semi-axes 2√λ. IBSI 6BDE. */
  {
    name: "VolumeDensityAEE", ibsiCode: "6BDE", ibsiTag: "morph.v.dens.aee",
    compute: (c) => {
      const [a, b, cc] = semiAxes(c);
      return V(c) / ((4 * Math.PI * a * b * cc) / 3);
    },
  },
  /** Area density (AEE) A/A_aee (Legendre series). IBSI RDD2. */
  { name: "AreaDensityAEE", ibsiCode: "RDD2", ibsiTag: "morph.a.dens.aee", compute: (c) => A(c) / ellipsoidArea(...semiAxes(c)) },
  /** Volume density (MVEE) V/(4π abc/3) with the MVEE's semi-axes. IBSI SWZ1 (no IBSI reference value). */
  {
    name: "VolumeDensityMVEE", ibsiCode: "SWZ1", ibsiTag: "morph.v.dens.mvee",
    compute: (c) => {
      const [a, b, cc] = mvee(c);
      return V(c) / ((4 * Math.PI * a * b * cc) / 3);
    },
  },
  /** Area density (MVEE) A/A_mvee. IBSI BRI8 (no IBSI reference value). */
  { name: "AreaDensityMVEE", ibsiCode: "BRI8", ibsiTag: "morph.a.dens.mvee", compute: (c) => A(c) / ellipsoidArea(...mvee(c)) },
  /** Volume density (convex hull) V/V_hull. IBSI R3ER. */
  { name: "VolumeDensityConvexHull", ibsiCode: "R3ER", ibsiTag: "morph.v.dens.conv.hull", compute: (c) => V(c) / c.hull().volume },
  /** Area density (convex hull) A/A_hull. IBSI 7T7F. */
  { name: "AreaDensityConvexHull", ibsiCode: "7T7F", ibsiTag: "morph.a.dens.conv.hull", compute: (c) => A(c) / c.hull().area },
  /** Integrated intensity V · μ. IBSI 99N0. */
  {
    name: "IntegratedIntensity", ibsiCode: "99N0", ibsiTag: "morph.integ.int",
    compute: (c) => V(c) * (sumOf(c.input.values, (v) => v) / c.input.values.length),
  },
  /** Moran's I = (N_{v,gl}/Σw) Σ_{k₁≠k₂} w (X₁ − μ)(X₂ − μ) / Σ (X − μ)², w = 1/distance. IBSI N365. Off unless named. */
  { name: "MoransI", ibsiCode: "N365", ibsiTag: "morph.moran.i", profiles: [], compute: (c) => spatialAutocorrelation(c).moran },
  /** Geary's C = (N_{v,gl} − 1) Σ_{k₁≠k₂} w (X₁ − X₂)² / (2 Σw Σ (X − μ)²). IBSI NPT7. Off unless named. */
  { name: "GearysC", ibsiCode: "NPT7", ibsiTag: "morph.geary.c", profiles: [], compute: (c) => spatialAutocorrelation(c).geary },
];

/** The IBSI morphology family. */
export const morphologyFamily: FeatureFamily<MorphologyContext> = {
  name: "morphology",
  title: "IBSI morphological features (HCUG)",
  geometric: true,
  evaluate: wholeRoi(shapeContext),
  features,
};
