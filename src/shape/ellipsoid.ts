/**
 * Ellipsoids and boxes that enclose a point set, for the IBSI density features:
 * the ellipsoid surface area series, the minimum-volume enclosing ellipsoid
 * (Khachiyan's algorithm) and the oriented minimum bounding box.
 * @module
 */
import { symmetricEigenvalues } from "../math/eigen.js";
import { convexHull2D } from "./hull.js";
import type { HullSink, Kernels } from "../kernels/types.js";

/**
 * Surface area of an ellipsoid with semi-axes a ≥ b ≥ c, by IBSI's series
 * A = 4π a b Σ_{ν=0}^{20} (αβ)^ν P_ν((α² + β²)/(2αβ)) / (1 − 4ν²), with
 * α = √(1 − b²/a²), β = √(1 − c²/a²) and P_ν the Legendre polynomials. The terms
 * T_ν = (αβ)^ν P_ν(·) follow from Bonnet's recurrence multiplied through by (αβ)^ν:
 * (ν + 1) T_{ν+1} = (2ν + 1) h T_ν − ν α²β² T_{ν−1}, h = (α² + β²)/2, so a sphere
 * (α = β = 0) needs no special case.
 */
export function ellipsoidArea(a: number, b: number, c: number): number {
  const alpha2 = 1 - (b * b) / (a * a);
  const beta2 = 1 - (c * c) / (a * a);
  const h = (alpha2 + beta2) / 2;
  const y2 = alpha2 * beta2;
  let previous = 1; // T_0
  let current = h; // T_1
  let sum = previous + current / (1 - 4);
  for (let nu = 1; nu < 20; nu++) {
    const next = ((2 * nu + 1) * h * current - nu * y2 * previous) / (nu + 1);
    previous = current;
    current = next;
    sum += current / (1 - 4 * (nu + 1) ** 2);
  }
  return 4 * Math.PI * a * b * sum;
}

/**
 * Inverse of a symmetric positive definite n × n matrix `m` by Gauss–Jordan elimination
 * with pivoting, into `inv` (`a`: scratch of n², overwritten).
 */
function invert(m: Float64Array, n: number, a: Float64Array, inv: Float64Array): void {
  a.set(m);
  inv.fill(0);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = r;
    for (let k = 0; k < n; k++) {
      const [ak, ik] = [a[col * n + k]!, inv[col * n + k]!];
      a[col * n + k] = a[pivot * n + k]!;
      a[pivot * n + k] = ak;
      inv[col * n + k] = inv[pivot * n + k]!;
      inv[pivot * n + k] = ik;
    }
    const d = a[col * n + col]!;
    for (let k = 0; k < n; k++) {
      a[col * n + k]! /= d;
      inv[col * n + k]! /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * n + col]!;
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k]! -= f * a[col * n + k]!;
        inv[r * n + k]! -= f * inv[col * n + k]!;
      }
    }
  }
}

/** The most iterations of {@link khachiyanWeights}: ROIs' hulls rarely reach the tolerance before (the CT phantom's 238 vertices do not). */
export const KHACHIYAN_ITERATIONS = 10_000;

/**
 * Khachiyan's weights u over n (x, y, z) points for their minimum-volume enclosing
 * ellipsoid: from u = 1/n, each iteration forms X = Σ_j u_j q_j q_jᵀ (q_j = (p_j, 1)), finds
 * the point of largest m_j = q_jᵀ X⁻¹ q_j, and moves the weights toward it by
 * step = (m − d − 1) / ((d + 1)(m − 1)), until the step falls below `tolerance` or after
 * `iterations`. The twin of the `khachiyanWeights` kernel.
 */
export function khachiyanWeights(points: Float64Array, tolerance: number, iterations: number): Float64Array {
  const n = points.length / 3, d = 3, p = points;
  const u = new Float64Array(n).fill(1 / n);
  const x = new Float64Array(16), xi = new Float64Array(16), scratch = new Float64Array(16);
  for (let iteration = 0; iteration < iterations; iteration++) {
    // X = Σ_j u_j q_j q_jᵀ with q_j = (p_j, 1); each product in the order (u·q_r)·q_c.
    x.fill(0);
    for (let j = 0; j < n; j++) {
      const w = u[j]!, q0 = p[3 * j]!, q1 = p[3 * j + 1]!, q2 = p[3 * j + 2]!;
      const w0 = w * q0, w1 = w * q1, w2 = w * q2;
      x[0]! += w0 * q0; x[1]! += w0 * q1; x[2]! += w0 * q2; x[3]! += w0;
      x[4]! += w1 * q0; x[5]! += w1 * q1; x[6]! += w1 * q2; x[7]! += w1;
      x[8]! += w2 * q0; x[9]! += w2 * q1; x[10]! += w2 * q2; x[11]! += w2;
      x[12]! += w * q0; x[13]! += w * q1; x[14]! += w * q2; x[15]! += w;
    }
    invert(x, 4, scratch, xi);
    let best = 0, bestM = -Infinity;
    for (let j = 0; j < n; j++) {
      // m_j = q_jᵀ X⁻¹ q_j, summed row by row as Σ_r Σ_c (q_r·xi_rc)·q_c.
      const q0 = p[3 * j]!, q1 = p[3 * j + 1]!, q2 = p[3 * j + 2]!;
      let m = 0;
      m += q0 * xi[0]! * q0; m += q0 * xi[1]! * q1; m += q0 * xi[2]! * q2; m += q0 * xi[3]!;
      m += q1 * xi[4]! * q0; m += q1 * xi[5]! * q1; m += q1 * xi[6]! * q2; m += q1 * xi[7]!;
      m += q2 * xi[8]! * q0; m += q2 * xi[9]! * q1; m += q2 * xi[10]! * q2; m += q2 * xi[11]!;
      m += xi[12]! * q0; m += xi[13]! * q1; m += xi[14]! * q2; m += xi[15]!;
      if (m > bestM) {
        bestM = m;
        best = j;
      }
    }
    const step = (bestM - d - 1) / ((d + 1) * (bestM - 1));
    for (let j = 0; j < n; j++) u[j]! *= 1 - step;
    u[best]! += step;
    if (step < tolerance) break;
  }
  return u;
}

/**
 * Semi-axes (descending) of the minimum-volume ellipsoid enclosing (x, y, z) points, by
 * Khachiyan's algorithm ({@link khachiyanWeights}, on `kernels`): its centre and shape
 * from the weights, the semi-axes from the shape's eigenvalues.
 */
export function minimumVolumeEllipsoid(points: ArrayLike<number>, tolerance = 1e-7, kernels: Pick<Kernels, "khachiyanWeights"> = { khachiyanWeights }): [number, number, number] {
  const n = points.length / 3;
  const d = 3;
  const u = kernels.khachiyanWeights(points instanceof Float64Array ? points : Float64Array.from(points), tolerance, KHACHIYAN_ITERATIONS);
  const centre = [0, 0, 0];
  for (let j = 0; j < n; j++) for (let k = 0; k < 3; k++) centre[k]! += u[j]! * points[3 * j + k]!;
  const s = new Float64Array(9);
  for (let j = 0; j < n; j++) {
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) s[r * 3 + c]! += u[j]! * (points[3 * j + r]! - centre[r]!) * (points[3 * j + c]! - centre[c]!);
  }
  // Ellipsoid matrix A = (S)⁻¹/d; semi-axes are 1/√(eigenvalues of A) = √(d · eigenvalues of S).
  const eig = symmetricEigenvalues(s, 3);
  return [Math.sqrt(d * eig[2]!), Math.sqrt(d * eig[1]!), Math.sqrt(d * eig[0]!)];
}

/** An oriented box: its edge lengths. */
export interface Box {
  dimensions: [number, number, number];
  volume: number;
  area: number;
}

/**
 * Oriented bounding box of small volume: for each face normal of the convex hull, the
 * points are projected on the face's plane and enclosed by their minimum-area rectangle
 * (one side flush with an edge of the 2-D hull); the box of least volume is kept. This
 * is exact when the minimal box has a face flush with a hull face, and an upper bound
 * otherwise. The projections and their 2-D hulls run on `kernels` ({@link projectedHulls}).
 */
export function orientedBoundingBox(
  points: Float64Array, hullVertices: readonly number[], faces: ReadonlyArray<readonly [number, number, number]>,
  kernels: Pick<Kernels, "projectedHulls"> = { projectedHulls },
): Box {
  let best: Box = { dimensions: [0, 0, 0], volume: Infinity, area: 0 };
  kernels.projectedHulls(points, Int32Array.from(hullVertices), faceFrames(points, faces), (hull, height) => {
    const [r1, r2] = hullRectangle(hull);
    const volume = r1 * r2 * height;
    if (volume < best.volume) best = { dimensions: [r1, r2, height], volume, area: 2 * (r1 * r2 + r1 * height + r2 * height) };
  });
  return best;
}

/**
 * The frame of each face's plane, faces with the normal of an earlier one (to 9 decimals)
 * left out: the unit normal n and an orthonormal basis (e1, e2) of the plane, 9 numbers a
 * face.
 */
function faceFrames(points: Float64Array, faces: ReadonlyArray<readonly [number, number, number]>): Float64Array {
  const P = (i: number) => [points[3 * i]!, points[3 * i + 1]!, points[3 * i + 2]!];
  const seen = new Set<string>();
  const frames: number[] = [];
  for (const [a, b, c] of faces) {
    const pa = P(a), pb = P(b), pc = P(c);
    const u = pb.map((v, k) => v - pa[k]!), w = pc.map((v, k) => v - pa[k]!);
    let n = [u[1]! * w[2]! - u[2]! * w[1]!, u[2]! * w[0]! - u[0]! * w[2]!, u[0]! * w[1]! - u[1]! * w[0]!];
    const len = Math.hypot(...n);
    if (len === 0) continue;
    n = n.map((v) => v / len);
    const key = n.map((v) => v.toFixed(9)).join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    let e1 = Math.abs(n[0]!) < 0.9 ? [0, n[2]!, -n[1]!] : [-n[2]!, 0, n[0]!];
    const l1 = Math.hypot(...e1);
    e1 = e1.map((v) => v / l1);
    const e2 = [n[1]! * e1[2]! - n[2]! * e1[1]!, n[2]! * e1[0]! - n[0]! * e1[2]!, n[0]! * e1[1]! - n[1]! * e1[0]!];
    frames.push(...n, ...e1, ...e2);
  }
  return Float64Array.from(frames);
}

/**
 * For each frame of `frames` (normal, e1, e2: 9 numbers), the hull's vertices (indices into
 * the (x, y, z) `points`) projected on its plane: `each` gets their 2-D hull as (x, y)
 * pairs in order (convexHull2D of their (e1, e2) coordinates) and their extent along the
 * normal. The twin of the `projectedHulls` kernel.
 */
export function projectedHulls(points: Float64Array, vertices: Int32Array, frames: Float64Array, each: HullSink): void {
  const flat = new Float64Array(2 * vertices.length);
  for (let f = 0; f < frames.length; f += 9) {
    const [n0, n1, n2, a0, a1, a2, b0, b1, b2] = frames.subarray(f, f + 9) as unknown as number[];
    let lo = Infinity, hi = -Infinity;
    for (let k = 0; k < vertices.length; k++) {
      const i = 3 * vertices[k]!, p0 = points[i]!, p1 = points[i + 1]!, p2 = points[i + 2]!;
      const h = p0 * n0! + p1 * n1! + p2 * n2!;
      lo = Math.min(lo, h);
      hi = Math.max(hi, h);
      flat[2 * k] = p0 * a0! + p1 * a1! + p2 * a2!;
      flat[2 * k + 1] = p0 * b0! + p1 * b1! + p2 * b2!;
    }
    const hull = convexHull2D(flat);
    const coordinates = new Float64Array(2 * hull.length);
    hull.forEach((i, k) => coordinates.set([flat[2 * i]!, flat[2 * i + 1]!], 2 * k));
    each(coordinates, hi - lo);
  }
}

/** Side lengths of the minimum-area rectangle enclosing a 2-D convex hull ((x, y) pairs in order), a side flush with one of its edges. */
function hullRectangle(hull: Float64Array): [number, number] {
  const h = hull.length / 2;
  let best: [number, number] = [0, 0];
  let bestArea = Infinity;
  for (let e = 0; e < h; e++) {
    const i = e, j = (e + 1) % h;
    let dx = hull[2 * j]! - hull[2 * i]!, dy = hull[2 * j + 1]! - hull[2 * i + 1]!;
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    dx /= len;
    dy /= len;
    let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
    for (let k = 0; k < h; k++) {
      const x = hull[2 * k]!, y = hull[2 * k + 1]!;
      const s = x * dx + y * dy, t = -x * dy + y * dx;
      minU = Math.min(minU, s);
      maxU = Math.max(maxU, s);
      minV = Math.min(minV, t);
      maxV = Math.max(maxV, t);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      best = [maxU - minU, maxV - minV];
    }
  }
  return best;
}
