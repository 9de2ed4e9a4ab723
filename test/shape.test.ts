/**
 * Shape and morphology: PyRadiomics' shape and shape2D (live values of current
 * PyRadiomics and its regression baselines), and geometry that can be checked by hand.
 */
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { extract, readVolume, volumeFromArray, type Volume } from "../src/index.js";
import { autocorrelationSums } from "../src/kernels/autocorrelation.js";
import { jsKernels } from "../src/kernels/js.js";
import { ellipsoidArea, minimumVolumeEllipsoid, orientedBoundingBox } from "../src/shape/ellipsoid.js";
import { convexHull2D, convexHull3D, diameterCandidates, maxSquaredDistance, planeHulls } from "../src/shape/hull.js";
import { marchingCubes, marchingSquares } from "../src/shape/mesh.js";
import { csvRecords, readFixture, readGzText } from "./helpers/fixtures.js";

const live = (name: string): Record<string, number> =>
  JSON.parse(gunzipSync(readFixture("pyradiomics", "live", `${name}.json.gz`)).toString("utf8")).features;
const relative = (got: number, expected: number) => (expected === 0 ? Math.abs(got) : Math.abs(1 - got / expected));

describe("PyRadiomics shape", () => {
  const cases = [
    { name: "brain1_default", image: ["pyradiomics", "brain1_image.nrrd"], mask: ["pyradiomics", "brain1_label.nrrd"] },
    { name: "ct_phantom_default", image: ["ibsi1", "ct_phantom", "image.nii.gz"], mask: ["ibsi1", "ct_phantom", "mask.nii.gz"] },
  ];
  it.each(cases)("matches current PyRadiomics on $name to 1e-9 relative", async ({ name, image, mask }) => {
    const row = await extract(readVolume(readFixture(...image)), readVolume(readFixture(...mask)), {
      setting: { profile: "pyradiomics" }, featureClass: { shape: null },
    });
    const expected = Object.entries(live(name)).filter(([k]) => k.includes("_shape_"));
    expect(expected).toHaveLength(14);
    expect(Object.keys(row.values).sort()).toEqual(expected.map(([k]) => k).sort());
    for (const [k, v] of expected) expect(relative(row.values[k]!, v), `${k}: ${row.values[k]} vs ${v}`).toBeLessThan(1e-9);
  });

  it("matches the brain1 regression baseline: 1e-6 relative, mesh features within 3 % (the baseline predates the current mesh)", async () => {
    const baseline = csvRecords(readGzText("pyradiomics", "baseline_shape.csv.gz")).filter((r) => r["featureName"]!.startsWith("original_shape_"));
    const row = await extract(readVolume(readFixture("pyradiomics", "brain1_image.nrrd")), readVolume(readFixture("pyradiomics", "brain1_label.nrrd")), {
      setting: { profile: "pyradiomics", minimumROIDimensions: 1 }, featureClass: { shape: null },
    });
    const mesh = ["MeshVolume", "SurfaceArea", "SurfaceVolumeRatio", "Sphericity"].map((f) => `original_shape_${f}`);
    for (const r of baseline) {
      const name = r["featureName"]!;
      const tolerance = mesh.includes(name) ? 0.03 : 1e-6;
      expect(relative(row.values[name]!, Number(r["brain1"])), name).toBeLessThan(tolerance);
    }
  });

  it("matches the brain1_resampling shape baseline (B-spline to 2 mm on PyRadiomics' grid) to 1e-6 relative", async () => {
    const baseline = csvRecords(readGzText("pyradiomics", "baseline_shape.csv.gz")).filter((r) => r["featureName"]!.startsWith("original_shape_"));
    const row = await extract(readVolume(readFixture("pyradiomics", "brain1_image.nrrd")), readVolume(readFixture("pyradiomics", "brain1_label.nrrd")), {
      setting: { profile: "pyradiomics", resampledPixelSpacing: [2, 2, 2], interpolator: "sitkBSpline" }, featureClass: { shape: null },
    });
    expect(baseline).toHaveLength(14);
    for (const r of baseline) expect(relative(row.values[r["featureName"]!]!, Number(r["brain1_resampling"])), r["featureName"]).toBeLessThan(1e-6);
  });

  it("computes the deprecated features when named", async () => {
    const row = await extract(readVolume(readFixture("pyradiomics", "brain1_image.nrrd")), readVolume(readFixture("pyradiomics", "brain1_label.nrrd")), {
      setting: { profile: "pyradiomics" }, featureClass: { shape: ["Compactness2", "Sphericity"] },
    });
    // Compactness 2 = Sphericity³ (both from V and A).
    expect(row.values["original_shape_Compactness2"]).toBeCloseTo(row.values["original_shape_Sphericity"]! ** 3, 12);
  });
});

describe("PyRadiomics shape2D", () => {
  it("matches the brain1_2D baseline (single-slice mask, correctMask) to 1e-6 relative", async () => {
    const baseline = csvRecords(readGzText("pyradiomics", "baseline_shape2D.csv.gz")).filter((r) => r["featureName"]!.startsWith("original_shape2D_"));
    expect(baseline).toHaveLength(9);
    const row = await extract(readVolume(readFixture("pyradiomics", "brain1_image.nrrd")), readVolume(readFixture("pyradiomics", "brain1_label_2D.nrrd")), {
      setting: { profile: "pyradiomics", force2D: true, correctMask: true }, featureClass: { shape2D: null },
    });
    for (const r of baseline) expect(relative(row.values[r["featureName"]!]!, Number(r["brain1_shape2D"])), r["featureName"]).toBeLessThan(1e-6);
  });

  it("refuses an ROI that spans several slices", async () => {
    await expect(extract(readVolume(readFixture("pyradiomics", "brain1_image.nrrd")), readVolume(readFixture("pyradiomics", "brain1_label.nrrd")), {
      setting: { profile: "pyradiomics", force2D: true }, featureClass: { shape2D: null },
    })).rejects.toThrow(/one voxel thick along force2Ddimension 0; this ROI spans 7 slices/);
  });
});

describe("geometry by hand", () => {
  it("one voxel is an octahedron: V = 1/6, A = √3; one pixel a diamond: A = 1/2, P = 2√2", () => {
    const mesh = marchingCubes([1], [1, 1, 1], [1, 1, 1]);
    expect(mesh.volume).toBeCloseTo(1 / 6, 14);
    expect(mesh.area).toBeCloseTo(Math.sqrt(3), 14);
    expect(mesh.vertices.length / 3).toBe(6);
    const contour = marchingSquares([1], [1, 1], [1, 1]);
    expect(contour.area).toBeCloseTo(0.5, 14);
    expect(contour.perimeter).toBeCloseTo(2 * Math.SQRT2, 14);
  });

  it("a 2 × 2 × 2 block: the box [−½, 3/2]³ with bevelled edges and corners, V = 17/3 and A = 6 + 6√2 + √3", () => {
    // Volume: 8 − 12 edge prisms of ⅛ − 8 corner pieces of 5/48. Area: 6 unit squares,
    // 12 bevels of 1 × √2/2, 8 equilateral corner triangles of side √2/2.
    const mesh = marchingCubes(new Uint8Array(8).fill(1), [2, 2, 2], [1, 1, 1]);
    expect(mesh.volume).toBeCloseTo(17 / 3, 12);
    expect(mesh.area).toBeCloseTo(6 + 6 * Math.SQRT2 + Math.sqrt(3), 12);
  });

  it("a ball of radius 20 voxels: volume within 1 % and area within 10 % of the sphere's (measured +8.5 %: a binary mask's mesh is terraced)", () => {
    const r = 20, n = 2 * r + 3;
    const mask = new Uint8Array(n ** 3);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      if ((x - r - 1) ** 2 + (y - r - 1) ** 2 + (z - r - 1) ** 2 <= r * r) mask[x + n * (y + n * z)] = 1;
    }
    const mesh = marchingCubes(mask, [n, n, n], [0.5, 0.5, 0.5]);
    const radius = r * 0.5;
    expect(Math.abs(mesh.volume / ((4 / 3) * Math.PI * radius ** 3) - 1)).toBeLessThan(0.01);
    expect(mesh.area / (4 * Math.PI * radius ** 2) - 1).toBeGreaterThan(0);
    expect(mesh.area / (4 * Math.PI * radius ** 2) - 1).toBeLessThan(0.1);
    // Moving the ball within a larger grid changes nothing: its mesh has no ambiguous cube.
    const shifted = new Uint8Array((n + 2) ** 3);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) shifted[x + 2 + (n + 2) * (y + 1 + (n + 2) * z)] = mask[x + n * (y + n * z)]!;
    const moved = marchingCubes(shifted, [n + 2, n + 2, n + 2], [0.5, 0.5, 0.5]);
    expect(moved.area).toBeCloseTo(mesh.area, 9);
    expect(moved.volume).toBeCloseTo(mesh.volume, 9);
  });

  it("the convex hull of a cube's corners and inner points is the cube", () => {
    const pts = [0, 1].flatMap((x) => [0, 1].flatMap((y) => [0, 1].flatMap((z) => [2 * x, 3 * y, 4 * z])));
    for (let i = 0; i < 50; i++) pts.push(Math.random() * 2, Math.random() * 3, Math.random() * 4);
    const hull = convexHull3D(Float64Array.from(pts));
    expect(hull.volume).toBeCloseTo(24, 9);
    expect(hull.area).toBeCloseTo(2 * (6 + 8 + 12), 9);
    expect(hull.vertices.sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Math.sqrt(maxSquaredDistance(Float64Array.from(pts), 3, hull.vertices))).toBeCloseTo(Math.hypot(2, 3, 4), 12);
  });

  it("IBSI's ellipsoid area series: 4πr² for a sphere, and its terms by hand for a spheroid", () => {
    expect(ellipsoidArea(3, 3, 3)).toBeCloseTo(4 * Math.PI * 9, 9);
    // a = 2, b = c = 1.5: α = β = √(7/16), αβ = 7/16 and P_ν(1) = 1, so the series is
    // Σ (7/16)^ν / (1 − 4ν²) for ν = 0 … 20.
    let series = 0;
    for (let nu = 0; nu <= 20; nu++) series += (7 / 16) ** nu / (1 - 4 * nu * nu);
    expect(ellipsoidArea(2, 1.5, 1.5)).toBeCloseTo(4 * Math.PI * 2 * 1.5 * series, 9);
  });

  it("the minimum-volume ellipsoid of a cube's corners is the sphere through them", () => {
    const corners = [-1, 1].flatMap((x) => [-1, 1].flatMap((y) => [-1, 1].flatMap((z) => [x, y, z])));
    for (const s of minimumVolumeEllipsoid(corners)) expect(s).toBeCloseTo(Math.sqrt(3), 5);
  });

  it("a 2-D hull is the same, in the same order, with the points inside the extremes' octagon left out before the sort", () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const sets: number[][] = [
      // A cloud, points on a circle (all on the hull), a grid (collinear runs and ties in x), repeats, a few points.
      Array.from({ length: 4000 }, () => rnd() * 10 - 5),
      Array.from({ length: 500 }, (_, k) => [Math.cos(k), Math.sin(k)]).flat(),
      Array.from({ length: 900 }, (_, k) => [k % 30, Math.floor(k / 30)]).flat(),
      Array.from({ length: 600 }, () => [Math.round(rnd() * 4), Math.round(rnd() * 4)]).flat(),
      Array.from({ length: 40 }, () => 3),
      [0, 0, 1, 0, 0, 1, 1, 1, 0.5, 0.5],
      Array.from({ length: 3000 }, () => (rnd() - 0.5) * 1e-6 + 1e6),
    ];
    for (const set of sets) {
      const points = Float64Array.from(set);
      const hull = convexHull2D(points);
      expect(hull).toEqual(convexHull2D(points, false));
      expect(hull.length).toBeGreaterThan(0);
    }
  });

  it("the oriented bounding box of a rotated box is the box", () => {
    const c = Math.cos(0.5), s = Math.sin(0.5);
    const pts = [0, 1].flatMap((x) => [0, 1].flatMap((y) => [0, 1].flatMap((z) => {
      const [px, py, pz] = [4 * x, 2 * y, 1 * z];
      return [c * px - s * py, s * px + c * py, pz];
    })));
    const points = Float64Array.from(pts);
    const hull = convexHull3D(points);
    const box = orientedBoundingBox(points, hull.vertices, hull.faces);
    expect(box.volume).toBeCloseTo(8, 9);
    expect([...box.dimensions].sort((p, q) => p - q).map((v) => +v.toFixed(9))).toEqual([1, 2, 4]);
  });

  it("spatial autocorrelation by FFT equals the direct pair sums", () => {
    const positions: number[] = [], values: number[] = [];
    for (let k = 0; k < 3; k++) for (let j = 0; j < 4; j++) for (let i = 0; i < 5; i++) {
      if ((i + 2 * j + 3 * k) % 4 !== 0) {
        positions.push(i, j, k);
        values.push(Math.sin(i + j * k));
      }
    }
    const spacing: [number, number, number] = [0.7, 1.2, 2.5];
    let weights = 0, moran = 0, geary = 0;
    for (let a = 0; a < values.length; a++) for (let b = 0; b < values.length; b++) {
      if (a === b) continue;
      const w = 1 / Math.hypot(...[0, 1, 2].map((d) => (positions[3 * a + d]! - positions[3 * b + d]!) * spacing[d]!));
      weights += w;
      moran += w * values[a]! * values[b]!;
      geary += w * (values[a]! - values[b]!) ** 2;
    }
    const sums = autocorrelationSums(Int32Array.from(positions), Float64Array.from(values), [5, 4, 3], spacing, jsKernels);
    expect(sums.weights).toBeCloseTo(weights, 9);
    expect(sums.moran).toBeCloseTo(moran, 9);
    expect(sums.geary).toBeCloseTo(geary, 9);
  });
});

describe("morphology family on hand-made masks", () => {
  let cube: Volume;
  beforeAll(() => {
    cube = volumeFromArray(new Uint8Array(27).fill(1), [3, 3, 3]);
  });
  it("a 3 × 3 × 3 cube: voxel volume 27, AABB of the mesh 3 × 3 × 3 (vertices half a voxel out), equal axes", async () => {
    const image = volumeFromArray(new Int16Array(27).fill(5), [3, 3, 3]);
    const row = await extract(image, cube, { featureClass: { morphology: ["VoxelVolume", "VolumeDensityAABB", "MeshVolume", "Elongation", "Flatness", "CentreOfMassShift", "IntegratedIntensity"] } });
    expect(row.values["original_morphology_VoxelVolume"]).toBe(27);
    expect(row.values["original_morphology_VolumeDensityAABB"]).toBeCloseTo(row.values["original_morphology_MeshVolume"]! / 27, 12);
    expect(row.values["original_morphology_Elongation"]).toBeCloseTo(1, 12);
    expect(row.values["original_morphology_Flatness"]).toBeCloseTo(1, 12);
    expect(row.values["original_morphology_CentreOfMassShift"]).toBeCloseTo(0, 12);
    expect(row.values["original_morphology_IntegratedIntensity"]).toBeCloseTo(5 * row.values["original_morphology_MeshVolume"]!, 9);
  });
});

describe("maximum 3-D diameter among the vertices on all three plane hulls", () => {
  it("equals the all-pairs largest distance over every mesh vertex, for lumpy and speckled masks", async () => {
    let seed = 3;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (const [size, spacing, keep] of [
      [[21, 17, 11], [0.8, 1.1, 2.2], (x: number, y: number, z: number) => ((x - 10) / 9) ** 2 + ((y - 8) / 7) ** 2 + ((z - 5) / 5) ** 2 <= 1 && rnd() < 0.85],
      [[15, 15, 6], [1, 1, 1], () => rnd() < 0.1],
    ] as Array<[[number, number, number], [number, number, number], (x: number, y: number, z: number) => boolean]>) {
      const mask = new Uint8Array(size[0] * size[1] * size[2]);
      for (let z = 0, n = 0; z < size[2]; z++) for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++, n++) mask[n] = keep(x, y, z) ? 1 : 0;
      const volume = volumeFromArray(mask, size, { spacing });
      const row = await extract(volume, volume, { setting: { profile: "pyradiomics", additionalInfo: false }, featureClass: { shape: ["Maximum3DDiameter"] } });
      const { vertices } = marchingCubes(mask, size, spacing);
      expect(row.values["original_shape_Maximum3DDiameter"]).toBe(Math.sqrt(maxSquaredDistance(vertices, 3)));
    }
  });
});

describe("diameterCandidates", () => {
  it("keeps both ends of the largest distance and drops the middle of an elongated cloud", () => {
    let seed = 11;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (const stretch of [1, 8]) {
      const points = Float64Array.from({ length: 3 * 2000 }, (_, k) => (rnd() - 0.5) * (k % 3 === 0 ? stretch : 1));
      const all = Array.from({ length: 2000 }, (_, i) => i);
      const kept = diameterCandidates(points, all);
      expect(maxSquaredDistance(points, 3, kept)).toBe(maxSquaredDistance(points, 3));
      if (stretch === 8) expect(kept.length).toBeLessThan(400);
    }
    // Two points: both kept.
    expect(diameterCandidates(Float64Array.of(0, 0, 0, 1, 1, 1), [0, 1])).toEqual([0, 1]);
  });
});

describe("plane hulls from row extremes", () => {
  it("find the same hull vertices and diameters as hulls of every vertex of each plane", () => {
    // A lumpy blob, so planes have concave outlines and many rows.
    const size: [number, number, number] = [23, 19, 9];
    const spacing: [number, number, number] = [0.7, 1.3, 2.5];
    const mask = new Uint8Array(size[0] * size[1] * size[2]);
    for (let z = 0, n = 0; z < size[2]; z++) for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++, n++) {
      const r = ((x - 11) / 10) ** 2 + ((y - 9) / 8) ** 2 + ((z - 4) / 4) ** 2;
      if (r <= 1 && (x * 3 + y * 5 + z) % 7 !== 0) mask[n] = 1;
    }
    const { vertices } = marchingCubes(mask, size, spacing);
    for (const axis of [0, 1, 2] as const) {
      const u = (axis + 1) % 3, v = (axis + 2) % 3;
      const planes = new Map<number, number[]>();
      for (let k = 0; k < vertices.length / 3; k++) {
        const key = vertices[3 * k + axis]!;
        planes.set(key, [...(planes.get(key) ?? []), k]);
      }
      const expected: number[] = [];
      let diameter = 0;
      for (const key of [...planes.keys()].sort((a, b) => a - b)) {
        const members = planes.get(key)!;
        const flat = Float64Array.from(members.flatMap((k) => [vertices[3 * k + u]!, vertices[3 * k + v]!]));
        const hull = convexHull2D(flat);
        diameter = Math.max(diameter, maxSquaredDistance(flat, 2));
        expected.push(...hull.map((h) => members[h]!));
      }
      const got = planeHulls(vertices, axis, spacing);
      // The same vertices, each plane's in its own order (rows, not columns, first).
      expect([...got.hullVertices].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      expect(got.diameterSquared).toBeCloseTo(diameter, 10);
    }
  });
});
