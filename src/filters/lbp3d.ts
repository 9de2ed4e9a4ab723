/**
 * LBP3D image type (PyRadiomics `lbp-3D-m1` … `lbp-3D-m<levels>`, `lbp-3D-k`): local binary
 * patterns on a sphere, made rotation invariant by spherical harmonics (Banerjee et al.
 * 2013), computed as PyRadiomics computes them, for the ROI's voxels only (0 elsewhere).
 *
 * For each ROI voxel, the image is sampled at the N_v vertices of an icosphere
 * (`lbp3DIcosphereSubdivision` subdivisions of an icosahedron, radius
 * `lbp3DIcosphereRadius` voxels; vertex (v₀, v₁, v₂) offsets numpy's (z, y, x) index) by
 * cubic B-spline interpolation (scipy's `map_coordinates`, order 3, zero beyond the image;
 * an integer image gets its samples rounded to integers and a float32 image to float32, as
 * scipy writes them into an array of the image's type). Bit b_v = [sample ≥ centre]. With Y_nm the spherical harmonics
 * as scipy's `sph_harm(m, n, θ_v, φ_v)` evaluates them for θ_v = arccos(v₂/R) and
 * φ_v = atan2(v₁, v₀) (PyRadiomics passes the polar angle where scipy takes the azimuth),
 * c_nm = Σ_v b_v Y_nm(v), f_n(v) = Σ_m c_nm Y_nm(v), and the map of level n + 1 is
 * Re √(Σ_v f_n(v)²) (complex square and principal root, as numpy computes them), for
 * n < `lbp3DLevels`. The kurtosis map is the excess kurtosis (biased) of the N_v samples.
 * No IBSI code.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { factorial } from "../math/special.js";
import { crop, type Vec3 } from "../volume.js";
import type { Settings } from "../settings.js";
import { asFloat64 } from "./grid.js";
import { bsplineCoefficients, initWeights } from "../preprocess/resample.js";
import type { ImageType, ResponseMap } from "./types.js";

/** Icosphere vertices: the icosahedron subdivided `subdivisions` times (edge midpoints), projected on the sphere of `radius`. */
export function icosphere(subdivisions: number, radius: number): number[][] {
  const t = (1 + Math.sqrt(5)) / 2;
  let vertices = [[-1, t, 0], [1, t, 0], [-1, -t, 0], [1, -t, 0], [0, -1, t], [0, 1, t], [0, -1, -t], [0, 1, -t], [t, 0, -1], [t, 0, 1], [-t, 0, -1], [-t, 0, 1]];
  let faces = [
    [0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4], [11, 10, 2], [10, 7, 6], [7, 1, 8],
    [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8], [3, 8, 9], [4, 9, 5], [2, 4, 11], [6, 2, 10], [8, 6, 7], [9, 8, 1],
  ];
  const project = (v: number[]) => {
    const norm = Math.hypot(v[0]!, v[1]!, v[2]!);
    return v.map((c) => (c / norm) * radius);
  };
  vertices = vertices.map(project);
  for (let s = 0; s < subdivisions; s++) {
    const midpoints = new Map<string, number>();
    const midpoint = (a: number, b: number) => {
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      let index = midpoints.get(key);
      if (index === undefined) {
        index = vertices.length;
        vertices.push(project(vertices[a]!.map((c, i) => (c + vertices[b]![i]!) / 2)));
        midpoints.set(key, index);
      }
      return index;
    };
    faces = faces.flatMap(([a, b, c]) => {
      const [ab, bc, ca] = [midpoint(a!, b!), midpoint(b!, c!), midpoint(c!, a!)];
      return [[a!, ab, ca], [b!, bc, ab], [c!, ca, bc], [ab, bc, ca]];
    });
  }
  return vertices;
}

/** Associated Legendre function P_n^m(x), m ≥ 0, with the Condon–Shortley phase (scipy's `lpmv`). */
function legendre(n: number, m: number, x: number): number {
  let pmm = 1;
  const s = Math.sqrt((1 - x) * (1 + x));
  for (let i = 1; i <= m; i++) pmm *= -(2 * i - 1) * s;
  if (n === m) return pmm;
  let previous = pmm, current = x * (2 * m + 1) * pmm;
  for (let l = m + 2; l <= n; l++) [previous, current] = [current, ((2 * l - 1) * x * current - (l + m - 1) * previous) / (l - m)];
  return current;
}

/** scipy's sph_harm(m, n, azimuth, polar): real and imaginary parts. */
export function sphericalHarmonic(m: number, n: number, azimuth: number, polar: number): [number, number] {
  const am = Math.abs(m);
  let value = legendre(n, am, Math.cos(polar)) * Math.sqrt((2 * n + 1) / (4 * Math.PI) * (factorial(n - am) / factorial(n + am)));
  if (m < 0) value *= (am % 2 ? -1 : 1);
  return [value * Math.cos(m * azimuth), value * Math.sin(m * azimuth)];
}

/** Cubic B-spline coefficients of an f64 volume: each axis's lines prefiltered (mirror-symmetric, as scipy's spline_filter). */
function splineCoefficients(data: Float64Array, size: Vec3): Float64Array {
  const out = data.slice();
  const strides = [1, size[0], size[0] * size[1]];
  for (let axis = 0; axis < 3; axis++) {
    const n = size[axis]!, stride = strides[axis]!;
    const line = new Float64Array(n), weights = initWeights(n);
    for (let base = 0; base < out.length; base++) {
      if (Math.floor(base / stride) % n !== 0) continue;
      for (let k = 0; k < n; k++) line[k] = out[base + k * stride]!;
      bsplineCoefficients(line, weights);
      for (let k = 0; k < n; k++) out[base + k * stride] = line[k]!;
    }
  }
  return out;
}

/** Excess kurtosis (biased, scipy's default) of the samples; NaN when they hardly vary. */
function kurtosis(values: Float64Array): number {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let m2 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i]! - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  [m2, m4] = [m2 / n, m4 / n];
  // scipy calls the moments zero below float64's resolution (1e-15) relative to the mean.
  return m2 <= (1e-15 * mean) ** 2 ? NaN : m4 / (m2 * m2) - 3;
}

const names = (settings: Settings) => [...Array.from({ length: settings.lbp3DLevels }, (_, l) => `lbp-3D-m${l + 1}`), "lbp-3D-k"];

export const lbp3D: ImageType = {
  name: "LBP3D",
  mapNames: names,
  *responses({ image, region, roi, settings, kernels, warn }): Generator<ResponseMap> {
    if (!roi) throw new RadiomicsError("INVALID_SETTING", "image type LBP3D computes patterns at the ROI's voxels only, and needs a mask: use it in an extraction", { imageType: "LBP3D" });
    if (settings.force2D) warn("LBP3D computes patterns in 3D while features are extracted in 2D (force2D)");
    const R = settings.lbp3DIcosphereRadius, levels = settings.lbp3DLevels;
    const vertices = icosphere(settings.lbp3DIcosphereSubdivision, R);
    // Spherical harmonics per (n, m), vertex by vertex.
    const harmonics: Array<{ n: number; y: Array<[number, number]> }> = [];
    for (let n = 0; n < levels; n++) {
      for (let m = -n; m <= n; m++) harmonics.push({ n, y: vertices.map((v) => sphericalHarmonic(m, n, Math.acos(v[2]! / R), Math.atan2(v[1]!, v[0]!))) });
    }
    const source = asFloat64(image);
    const coefficients = splineCoefficients(source.data, image.size);
    const within = roi;
    const [nx, ny] = image.size;
    // ROI voxels (x, y, z) in scan order; vertex (v₀, v₁, v₂) offsets (z, y, x).
    const inside: number[] = [];
    const centres: number[] = [];
    for (let z = region.lower[2], n = 0; z <= region.upper[2]; z++) {
      for (let y = region.lower[1]; y <= region.upper[1]; y++) {
        for (let x = region.lower[0]; x <= region.upper[0]; x++, n++) {
          if (!within.data[n]) continue;
          inside.push(n);
          centres.push(x, y, z);
        }
      }
    }
    const offsets = Float64Array.from(vertices.flatMap((v) => [v[2]!, v[1]!, v[0]!]));
    const integer = !(image.data instanceof Float32Array || image.data instanceof Float64Array);
    const samples = kernels.sphereSamples(coefficients, image.size, Int32Array.from(centres), offsets, integer);
    // scipy writes the samples into an array of the image's type: float32 images round to float32.
    if (image.data instanceof Float32Array) for (let i = 0; i < samples.length; i++) samples[i] = Math.fround(samples[i]!);
    const Nv = vertices.length, K = harmonics.length;
    const yRe = Float64Array.from(harmonics.flatMap((h) => h.y.map(([re]) => re)));
    const yIm = Float64Array.from(harmonics.flatMap((h) => h.y.map(([, im]) => im)));
    const degree = Int32Array.from(harmonics.map((h) => h.n));
    const maps = names(settings).map(() => new Float64Array(within.data.length));
    const cRe = new Float64Array(K), cIm = new Float64Array(K);
    inside.forEach((n, p) => {
      const ring = samples.subarray(p * Nv, (p + 1) * Nv);
      const centre = source.data[centres[3 * p]! + nx * (centres[3 * p + 1]! + ny * centres[3 * p + 2]!)]!;
      maps[levels]![n] = kurtosis(ring);
      // c_nm = Σ_v b_v Y_nm(v), then f_n(v) = Σ_m c_nm Y_nm(v) and Re √(Σ_v f_n(v)²).
      for (let k = 0; k < K; k++) {
        let re = 0, im = 0;
        for (let v = 0; v < Nv; v++) {
          if (ring[v]! >= centre) {
            re += yRe[k * Nv + v]!;
            im += yIm[k * Nv + v]!;
          }
        }
        cRe[k] = re;
        cIm[k] = im;
      }
      for (let level = 0; level < levels; level++) {
        let sumRe = 0, sumIm = 0;
        for (let v = 0; v < Nv; v++) {
          let fr = 0, fi = 0;
          for (let k = 0; k < K; k++) {
            if (degree[k] !== level) continue;
            const a = yRe[k * Nv + v]!, b = yIm[k * Nv + v]!;
            fr += cRe[k]! * a - cIm[k]! * b;
            fi += cRe[k]! * b + cIm[k]! * a;
          }
          sumRe += fr * fr - fi * fi;
          sumIm += 2 * fr * fi;
        }
        // Real part of the principal square root of sumRe + j·sumIm.
        maps[level]![n] = Math.sqrt((Math.hypot(sumRe, sumIm) + sumRe) / 2);
      }
    });
    const geometry = crop(source, region);
    for (const [index, name] of names(settings).entries()) yield { name, image: { ...geometry, data: maps[index]! } };
  },
};
