/**
 * PyRadiomics `shape2D`: 10 features of a 2-D ROI (9 enabled; SphericalDisproportion is
 * deprecated upstream). IBSI defines no 2-D morphology, so none has an IBSI code.
 *
 * The ROI must be one voxel thick along the slice axis `force2Ddimension` (0 = z, 1 = y,
 * 2 = x, numpy order as PyRadiomics), and either the image is 2-D or `force2D` is set.
 * Glossary: the contour is marching squares on the padded slice, vertices at edge
 * midpoints, in mm; A = its enclosed area, P = its perimeter; N_p = ROI pixels of
 * area s_a s_b; λ_major ≥ λ_minor are the eigenvalues of the covariance of pixel centres.
 * Worked example: one 1 × 1 mm pixel gives a diamond with A = ½ and P = 2√2.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { symmetricEigenvalues } from "../math/eigen.js";
import { convexHull2D, maxSquaredDistance } from "../shape/hull.js";
import { marchingSquares, type Contour } from "../shape/mesh.js";
import { boundingBox, crop } from "../volume.js";
import { wholeRoi, type FeatureDefinition, type FeatureFamily, type RoiInput } from "./types.js";

interface Shape2DContext {
  contour: Contour;
  pixels: number;
  pixelArea: number;
  /** Covariance eigenvalues, ascending. */
  eigenvalues: Float64Array;
}

/** The slice of the ROI as a 2-D mask in PyRadiomics' axis order (a slower, b faster). */
function buildContext(input: RoiInput): Shape2DContext {
  const { settings } = input;
  const source = settings.resegmentShape ? input.intensityMask : input.morphologicalMask;
  const mask = crop(source, boundingBox(source)!);
  const slicedAxis = 2 - settings.force2Ddimension; // numpy axis d is our axis 2 − d
  if (!settings.force2D && source.size[2] > 1) {
    throw new RadiomicsError("INVALID_SETTING", "shape2D needs a 2-D image or force2D: true (with force2Ddimension naming the slice axis)", { featureClass: "shape2D" });
  }
  if (mask.size[slicedAxis] !== 1) {
    throw new RadiomicsError(
      "INVALID_ROI",
      `shape2D needs an ROI one voxel thick along force2Ddimension ${settings.force2Ddimension}; this ROI spans ${mask.size[slicedAxis]} slices`,
      { slices: mask.size[slicedAxis] },
    );
  }
  const [b, a] = [0, 1, 2].filter((axis) => axis !== slicedAxis) as [number, number];
  const na = mask.size[a]!, nb = mask.size[b]!;
  const sa = mask.spacing[a]!, sb = mask.spacing[b]!;
  const stride = [1, mask.size[0], mask.size[0] * mask.size[1]];
  const plane = new Uint8Array(na * nb);
  let pixels = 0;
  const sum = [0, 0], sq = [0, 0, 0, 0];
  for (let ia = 0; ia < na; ia++) {
    for (let ib = 0; ib < nb; ib++) {
      if (!mask.data[ia * stride[a]! + ib * stride[b]!]) continue;
      plane[ib + nb * ia] = 1;
      pixels++;
      const p = [ia * sa, ib * sb];
      sum[0]! += p[0]!;
      sum[1]! += p[1]!;
      for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) sq[2 * r + c]! += p[r]! * p[c]!;
    }
  }
  const cov = sq.map((v, rc) => v / pixels - (sum[rc >> 1]! / pixels) * (sum[rc & 1]! / pixels));
  return {
    contour: marchingSquares(plane, [nb, na], [sb, sa]),
    pixels,
    pixelArea: sa * sb,
    eigenvalues: symmetricEigenvalues(cov, 2).map((v) => (v < 0 && v > -1e-10 ? 0 : v)),
  };
}

const A = (c: Shape2DContext) => c.contour.area;
const P = (c: Shape2DContext) => c.contour.perimeter;

const features: FeatureDefinition<Shape2DContext>[] = [
  /** Mesh surface: the area A enclosed by the contour. No IBSI code. */
  { name: "MeshSurface", ibsiCode: null, ibsiTag: null, compute: A },
  /** Pixel surface N_p s_a s_b. No IBSI code. */
  { name: "PixelSurface", ibsiCode: null, ibsiTag: null, compute: (c) => c.pixels * c.pixelArea },
  /** Perimeter P of the contour. No IBSI code. */
  { name: "Perimeter", ibsiCode: null, ibsiTag: null, compute: P },
  /** Perimeter to surface ratio P/A. No IBSI code. */
  { name: "PerimeterSurfaceRatio", ibsiCode: null, ibsiTag: null, compute: (c) => P(c) / A(c) },
  /** Sphericity 2√(πA)/P. No IBSI code. */
  { name: "Sphericity", ibsiCode: null, ibsiTag: null, compute: (c) => (2 * Math.sqrt(Math.PI * A(c))) / P(c) },
  /** Spherical disproportion P/(2√(πA)) (deprecated upstream). No IBSI code. */
  { name: "SphericalDisproportion", ibsiCode: null, ibsiTag: null, deprecated: true, compute: (c) => P(c) / (2 * Math.sqrt(Math.PI * A(c))) },
  /** Maximum diameter: the largest distance between contour vertices. No IBSI code. */
  {
    name: "MaximumDiameter", ibsiCode: null, ibsiTag: null,
    compute: (c) => Math.sqrt(maxSquaredDistance(c.contour.vertices, 2, convexHull2D(c.contour.vertices))),
  },
  /** Major axis length 4√λ_major. No IBSI code. */
  { name: "MajorAxisLength", ibsiCode: null, ibsiTag: null, compute: (c) => 4 * Math.sqrt(c.eigenvalues[1]!) },
  /** Minor axis length 4√λ_minor. No IBSI code. */
  { name: "MinorAxisLength", ibsiCode: null, ibsiTag: null, compute: (c) => 4 * Math.sqrt(c.eigenvalues[0]!) },
  /** Elongation √(λ_minor/λ_major). No IBSI code. */
  { name: "Elongation", ibsiCode: null, ibsiTag: null, compute: (c) => Math.sqrt(c.eigenvalues[0]! / c.eigenvalues[1]!) },
];

/** The PyRadiomics shape2D family. */
export const shape2DFamily: FeatureFamily<Shape2DContext> = {
  name: "shape2D",
  title: "PyRadiomics 2-D shape of a single-slice ROI",
  geometric: true,
  evaluate: wholeRoi(buildContext),
  features,
};
