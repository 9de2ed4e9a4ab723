/**
 * PyRadiomics `shape`: 17 features of the ROI's 3-D shape (14 enabled by default;
 * Compactness1, Compactness2 and SphericalDisproportion are deprecated upstream).
 *
 * Glossary: the mesh is marching cubes on the mask padded by one voxel, vertices at edge
 * midpoints, in mm (`shape/mesh.ts`); V = its enclosed volume, A = its surface area;
 * N_v = mask voxels, v = one voxel's volume; λ_major ≥ λ_minor ≥ λ_least are the
 * eigenvalues of the covariance of voxel-centre positions; diameters are the largest
 * distances between mesh vertices, over all pairs or over pairs in one axial (slice),
 * coronal (column) or sagittal (row) plane.
 * Worked example: one voxel of 1 mm³ gives an octahedron with V = 1/6 and A = √3.
 * @module
 */
import { shapeContext, type ShapeContext } from "../shape/context.js";
import { wholeRoi, type FeatureDefinition, type FeatureFamily } from "./types.js";

const V = (c: ShapeContext) => c.mesh().volume;
const A = (c: ShapeContext) => c.mesh().area;
const lambda = (c: ShapeContext, k: 0 | 1 | 2) => c.eigenvalues()[k]!;

const F = {
  meshVolume: V,
  voxelVolume: (c: ShapeContext) => c.voxelCount * c.voxelVolume,
  surfaceArea: A,
  surfaceVolumeRatio: (c: ShapeContext) => A(c) / V(c),
  sphericity: (c: ShapeContext) => Math.cbrt(36 * Math.PI * V(c) ** 2) / A(c),
  compactness1: (c: ShapeContext) => V(c) / Math.sqrt(Math.PI * A(c) ** 3),
  compactness2: (c: ShapeContext) => (36 * Math.PI * V(c) ** 2) / A(c) ** 3,
  sphericalDisproportion: (c: ShapeContext) => A(c) / Math.cbrt(36 * Math.PI * V(c) ** 2),
  maximum3DDiameter: (c: ShapeContext) => c.diameters().d3,
  majorAxis: (c: ShapeContext) => 4 * Math.sqrt(lambda(c, 2)),
  minorAxis: (c: ShapeContext) => 4 * Math.sqrt(lambda(c, 1)),
  leastAxis: (c: ShapeContext) => 4 * Math.sqrt(lambda(c, 0)),
  elongation: (c: ShapeContext) => Math.sqrt(lambda(c, 1) / lambda(c, 2)),
  flatness: (c: ShapeContext) => Math.sqrt(lambda(c, 0) / lambda(c, 2)),
};

const features: FeatureDefinition<ShapeContext>[] = [
  /** Mesh volume V. IBSI RNU0. */
  { name: "MeshVolume", ibsiCode: "RNU0", ibsiTag: "morph.vol", compute: F.meshVolume },
  /** Voxel volume N_v · v. IBSI YEKZ. */
  { name: "VoxelVolume", ibsiCode: "YEKZ", ibsiTag: "morph.approx.vol", compute: F.voxelVolume },
  /** Surface area A. IBSI C0JK. */
  { name: "SurfaceArea", ibsiCode: "C0JK", ibsiTag: "morph.area", compute: F.surfaceArea },
  /** Surface to volume ratio A/V. IBSI 2PR5. */
  { name: "SurfaceVolumeRatio", ibsiCode: "2PR5", ibsiTag: "morph.av", compute: F.surfaceVolumeRatio },
  /** Sphericity (36πV²)^{1/3}/A. IBSI QCFX. */
  { name: "Sphericity", ibsiCode: "QCFX", ibsiTag: "morph.sphericity", compute: F.sphericity },
  /** Compactness 1 = V/√(π A³) (deprecated upstream). IBSI SKGS. */
  { name: "Compactness1", ibsiCode: "SKGS", ibsiTag: "morph.comp.1", deprecated: true, compute: F.compactness1 },
  /** Compactness 2 = 36πV²/A³ (deprecated upstream). IBSI BQWJ. */
  { name: "Compactness2", ibsiCode: "BQWJ", ibsiTag: "morph.comp.2", deprecated: true, compute: F.compactness2 },
  /** Spherical disproportion A/(36πV²)^{1/3} (deprecated upstream). IBSI KRCK. */
  { name: "SphericalDisproportion", ibsiCode: "KRCK", ibsiTag: "morph.sph.dispr", deprecated: true, compute: F.sphericalDisproportion },
  /** Maximum 3-D diameter: the largest distance between mesh vertices. IBSI L0JK. */
  { name: "Maximum3DDiameter", ibsiCode: "L0JK", ibsiTag: "morph.diam", compute: F.maximum3DDiameter },
  /** Maximum 2-D diameter in an axial plane (vertices with equal z). No IBSI code. */
  { name: "Maximum2DDiameterSlice", ibsiCode: null, ibsiTag: null, compute: (c) => c.diameters().slice },
  /** Maximum 2-D diameter in a coronal plane (vertices with equal y). No IBSI code. */
  { name: "Maximum2DDiameterColumn", ibsiCode: null, ibsiTag: null, compute: (c) => c.diameters().column },
  /** Maximum 2-D diameter in a sagittal plane (vertices with equal x). No IBSI code. */
  { name: "Maximum2DDiameterRow", ibsiCode: null, ibsiTag: null, compute: (c) => c.diameters().row },
  /** Major axis length 4√λ_major. IBSI TDIC. */
  { name: "MajorAxisLength", ibsiCode: "TDIC", ibsiTag: "morph.pca.major", compute: F.majorAxis },
  /** Minor axis length 4√λ_minor. IBSI P9VJ. */
  { name: "MinorAxisLength", ibsiCode: "P9VJ", ibsiTag: "morph.pca.minor", compute: F.minorAxis },
  /** Least axis length 4√λ_least. IBSI 7J51. */
  { name: "LeastAxisLength", ibsiCode: "7J51", ibsiTag: "morph.pca.least", compute: F.leastAxis },
  /** Elongation √(λ_minor/λ_major). IBSI Q3CK. */
  { name: "Elongation", ibsiCode: "Q3CK", ibsiTag: "morph.pca.elongation", compute: F.elongation },
  /** Flatness √(λ_least/λ_major). IBSI N17B. */
  { name: "Flatness", ibsiCode: "N17B", ibsiTag: "morph.pca.flatness", compute: F.flatness },
];

/** The PyRadiomics shape family. */
export const shapeFamily: FeatureFamily<ShapeContext> = {
  name: "shape",
  title: "PyRadiomics 3-D shape (mesh, diameters, principal axes)",
  geometric: true,
  evaluate: wholeRoi(shapeContext),
  features,
};
