/**
 * Convex hulls and diameters of point sets.
 *
 * The largest distance between points of a set is reached between two vertices of its
 * convex hull, so diameters are searched among hull vertices only: 2-D hulls by
 * Andrew's monotone chain (O(n log n)), 3-D hulls by incremental construction with
 * conflict lists (O(n log n) expected).
 * @module
 */

/**
 * Indices of the 2-D convex hull of points (x, y) pairs, counter-clockwise, collinear
 * points dropped. Points well inside the octagon of the extreme points in x, y, x + y and
 * x − y (Akl and Toussaint's heuristic) cannot be hull vertices and are left out before
 * the sort (`prefilter`): the hull is the same, in the same order; only the sort is
 * shorter (most of the hull vertices of a 3-D ROI projected on a plane fall inside).
 */
export function convexHull2D(points: ArrayLike<number>, prefilter = true): number[] {
  const n = points.length / 2;
  const candidates = prefilter ? outsideOctagon(points) : Array.from({ length: n }, (_, i) => i);
  const order = candidates.sort((a, b) => points[2 * a]! - points[2 * b]! || points[2 * a + 1]! - points[2 * b + 1]!);
  return monotoneChain(points, order);
}

/**
 * Indices (ascending) of the points not strictly inside the octagon whose corners are the
 * extreme points along x, x − y, y, x + y and their opposites, counter-clockwise from the
 * lowest. "Strictly" with a margin of 10⁻⁹ of the squared extent, so that rounding never
 * leaves out a point on the hull.
 */
function outsideOctagon(points: ArrayLike<number>): number[] {
  const n = points.length / 2;
  // Corner e maximises score e: −y, x − y, x, x + y, y, y − x, −x, −x − y.
  const corner = new Int32Array(8), best = new Float64Array(8).fill(-Infinity);
  const take = (e: number, v: number, i: number) => {
    if (v > best[e]!) {
      best[e] = v;
      corner[e] = i;
    }
  };
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i]!, y = points[2 * i + 1]!;
    lo = Math.min(lo, x, y);
    hi = Math.max(hi, x, y);
    take(0, -y, i);
    take(1, x - y, i);
    take(2, x, i);
    take(3, x + y, i);
    take(4, y, i);
    take(5, y - x, i);
    take(6, -x, i);
    take(7, -x - y, i);
  }
  const margin = 1e-9 * (hi - lo) * (hi - lo);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = points[2 * i]!, y = points[2 * i + 1]!;
    let inside = n > 8;
    for (let e = 0; e < 8 && inside; e++) {
      const a = corner[e]!, b = corner[(e + 1) % 8]!;
      const ax = points[2 * a]!, ay = points[2 * a + 1]!;
      inside = (points[2 * b]! - ax) * (y - ay) - (points[2 * b + 1]! - ay) * (x - ax) > margin;
    }
    if (!inside) kept.push(i);
  }
  return kept;
}

/**
 * Andrew's monotone chain over points already ordered by (x, y): the lower hull left to
 * right, then the upper hull right to left, each dropping points that do not turn left.
 */
function monotoneChain(points: ArrayLike<number>, order: readonly number[]): number[] {
  if (order.length < 3) return [...order];
  const cross = (o: number, a: number, b: number) =>
    (points[2 * a]! - points[2 * o]!) * (points[2 * b + 1]! - points[2 * o + 1]!) - (points[2 * a + 1]! - points[2 * o + 1]!) * (points[2 * b]! - points[2 * o]!);
  const hull: number[] = [];
  for (const pass of [order, [...order].reverse()]) {
    const start = hull.length;
    for (const p of pass) {
      while (hull.length >= start + 2 && cross(hull[hull.length - 2]!, hull[hull.length - 1]!, p) <= 0) hull.pop();
      hull.push(p);
    }
    hull.pop();
  }
  return hull;
}

/** Largest squared distance between any two of the given points (stride `dims`). */
export function maxSquaredDistance(points: ArrayLike<number>, dims: number, indices?: readonly number[]): number {
  const ids = indices ?? Array.from({ length: points.length / dims }, (_, i) => i);
  let best = 0;
  for (let a = 0; a < ids.length; a++) {
    const p = ids[a]! * dims;
    for (let b = a + 1; b < ids.length; b++) {
      const q = ids[b]! * dims;
      let d = 0;
      for (let k = 0; k < dims; k++) d += (points[p + k]! - points[q + k]!) ** 2;
      if (d > best) best = d;
    }
  }
  return best;
}

/**
 * The points (of `indices`, (x, y, z) at stride 3) that can be an end of the largest
 * distance among them. With c their centroid, R the largest |p − c| and d₀ a distance
 * between two of them (the point farthest from c and the point farthest from that one),
 * a pair at least d₀ apart has |a − c| ≥ d₀ − |b − c| ≥ d₀ − R at both ends; the others
 * go (with a margin for rounding). On an elongated ROI only its two tips remain, so the
 * all-pairs search that follows is small.
 */
export function diameterCandidates(points: Float64Array, indices: readonly number[]): number[] {
  const n = indices.length;
  if (n < 3) return [...indices];
  let cx = 0, cy = 0, cz = 0;
  for (const i of indices) {
    cx += points[3 * i]!;
    cy += points[3 * i + 1]!;
    cz += points[3 * i + 2]!;
  }
  cx /= n;
  cy /= n;
  cz /= n;
  const distance = (i: number, x: number, y: number, z: number) => Math.hypot(points[3 * i]! - x, points[3 * i + 1]! - y, points[3 * i + 2]! - z);
  const fromCentre = new Float64Array(n);
  let radius = 0, far = indices[0]!;
  indices.forEach((i, k) => {
    fromCentre[k] = distance(i, cx, cy, cz);
    if (fromCentre[k]! > radius) [radius, far] = [fromCentre[k]!, i];
  });
  let d0 = 0;
  for (const i of indices) d0 = Math.max(d0, distance(i, points[3 * far]!, points[3 * far + 1]!, points[3 * far + 2]!));
  const least = d0 - radius - 1e-9 * (d0 + radius);
  return indices.filter((_, k) => fromCentre[k]! >= least);
}

/** Maximum diameters of mesh vertices, as PyRadiomics defines them. */
export interface Diameters {
  /** Over all vertex pairs. */
  d3: number;
  /** Over pairs in the same axial plane (equal z). */
  slice: number;
  /** Over pairs in the same coronal plane (equal y). */
  column: number;
  /** Over pairs in the same sagittal plane (equal x). */
  row: number;
}

/** The vertices lying on each plane's 2-D hull, for planes across one axis. */
export interface PlaneHulls {
  /** Indices of vertices on their plane's 2-D hull (a typed array: the WebAssembly twin's copy makes no objects). */
  hullVertices: Int32Array;
  /** Largest squared in-plane distance. */
  diameterSquared: number;
}

/**
 * Groups (x, y, z) vertices by their coordinate on `axis` (0 = x, 1 = y, 2 = z), finds each
 * plane's 2-D hull and the largest in-plane distance among its vertices.
 *
 * Mesh vertices are grid-edge midpoints: every coordinate is a multiple of half a voxel
 * (`spacing`), so planes and the rows within them (along the next-but-one axis) are found
 * by integer keys, without sorting. A hull vertex is the first or last point of its row,
 * so each plane's hull is built from those two points per row only — the same hull
 * vertices as from all of the plane's points — and they come in the order the monotone
 * chain needs.
 */
export function planeHulls(vertices: Float64Array, axis: 0 | 1 | 2, spacing: readonly [number, number, number]): PlaneHulls {
  const n = vertices.length / 3;
  const u = (axis + 1) % 3, v = (axis + 2) % 3;
  const planeKey = (k: number) => Math.round((2 * vertices[3 * k + axis]!) / spacing[axis]!);
  const rowKey = (k: number) => Math.round((2 * vertices[3 * k + v]!) / spacing[v]!);
  let p0 = Infinity, p1 = -Infinity, r0 = Infinity, r1 = -Infinity;
  for (let k = 0; k < n; k++) {
    const p = planeKey(k), r = rowKey(k);
    if (p < p0) p0 = p;
    if (p > p1) p1 = p;
    if (r < r0) r0 = r;
    if (r > r1) r1 = r;
  }
  const rows = r1 - r0 + 1;
  // For each (plane, row): the vertices with the smallest and largest u coordinate.
  const first = new Int32Array(n ? (p1 - p0 + 1) * rows : 0).fill(-1);
  const last = new Int32Array(first.length).fill(-1);
  for (let k = 0; k < n; k++) {
    const slot = (planeKey(k) - p0) * rows + rowKey(k) - r0;
    const at = vertices[3 * k + u]!;
    if (first[slot]! < 0 || at < vertices[3 * first[slot]! + u]!) first[slot] = k;
    if (last[slot]! < 0 || at > vertices[3 * last[slot]! + u]!) last[slot] = k;
  }
  const hullVertices: number[] = [];
  let diameterSquared = 0;
  for (let plane = 0; plane < first.length; plane += rows) {
    const members: number[] = [];
    for (let slot = plane; slot < plane + rows; slot++) {
      if (first[slot]! < 0) continue;
      members.push(first[slot]!);
      if (last[slot] !== first[slot]) members.push(last[slot]!);
    }
    if (!members.length) continue;
    const flat = new Float64Array(2 * members.length);
    members.forEach((k, m) => flat.set([vertices[3 * k + u]!, vertices[3 * k + v]!], 2 * m));
    // The members are ordered by (v, u) already (rows in order, each row's first point
    // before its last): lexicographic order along either axis serves the monotone chain.
    const hull = monotoneChain(flat, members.map((_, m) => m));
    diameterSquared = Math.max(diameterSquared, maxSquaredDistance(flat, 2, hull));
    for (const h of hull) hullVertices.push(members[h]!);
  }
  return { hullVertices: Int32Array.from(hullVertices), diameterSquared };
}

/** A 3-D convex hull: its vertices, triangular faces (outward, counter-clockwise), volume and area. */
export interface Hull3D {
  /** Indices of the points that are hull vertices. */
  vertices: number[];
  /** Faces as index triples into the point array. */
  faces: Array<[number, number, number]>;
  volume: number;
  area: number;
}

/**
 * 3-D convex hull of (x, y, z) points by incremental construction: start from a
 * tetrahedron, then add points in turn, each removing the faces it sees and joining its
 * horizon; each point outside the hull is kept in the conflict list of one face it sees.
 * Degenerate (flat or collinear) sets give an empty hull with zero volume.
 */
export function convexHull3D(points: Float64Array): Hull3D {
  const n = points.length / 3;
  const P = (i: number, k: number) => points[3 * i + k]!;
  const sub = (a: number, b: number) => [P(a, 0) - P(b, 0), P(a, 1) - P(b, 1), P(a, 2) - P(b, 2)];
  const crossV = (u: number[], v: number[]) => [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
  const dot = (u: number[], v: number[]) => u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  let extent = 0;
  for (let k = 0; k < 3; k++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, P(i, k));
      hi = Math.max(hi, P(i, k));
    }
    extent = Math.max(extent, hi - lo);
  }
  const eps = 1e-10 * Math.max(extent, 1) ** 3;
  const empty: Hull3D = { vertices: [], faces: [], volume: 0, area: 0 };
  if (n < 4) return empty;

  // Initial tetrahedron: two far-apart points, the point farthest from their line, the point farthest from their plane.
  let i0 = 0, i1 = 0;
  for (let i = 1; i < n; i++) {
    if (P(i, 0) < P(i0, 0)) i0 = i;
    if (P(i, 0) > P(i1, 0)) i1 = i;
  }
  if (i0 === i1) {
    for (let i = 0; i < n; i++) if (dot(sub(i, i0), sub(i, i0)) > dot(sub(i1, i0), sub(i1, i0))) i1 = i;
  }
  const line = sub(i1, i0);
  let i2 = -1, best = 0;
  for (let i = 0; i < n; i++) {
    const c = crossV(line, sub(i, i0));
    const d = dot(c, c);
    if (d > best) {
      best = d;
      i2 = i;
    }
  }
  if (i2 < 0 || best <= eps * 1e-6) return empty;
  const normal0 = crossV(line, sub(i2, i0));
  let i3 = -1;
  best = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(dot(normal0, sub(i, i0)));
    if (d > best) {
      best = d;
      i3 = i;
    }
  }
  if (i3 < 0 || best <= eps) return empty;

  interface Face { a: number; b: number; c: number; nx: number; ny: number; nz: number; offset: number; outside: number[]; alive: boolean }
  const faces: Face[] = [];
  const makeFace = (a: number, b: number, c: number): Face => {
    const [nx, ny, nz] = crossV(sub(b, a), sub(c, a)) as [number, number, number];
    return { a, b, c, nx, ny, nz, offset: nx * P(a, 0) + ny * P(a, 1) + nz * P(a, 2), outside: [], alive: true };
  };
  const distance = (f: Face, i: number) => f.nx * points[3 * i]! + f.ny * points[3 * i + 1]! + f.nz * points[3 * i + 2]! - f.offset;
  // Orient the tetrahedron's faces outward.
  const tetra = [i0, i1, i2, i3];
  for (const [a, b, c, d] of [[0, 1, 2, 3], [0, 3, 1, 2], [1, 3, 2, 0], [0, 2, 3, 1]] as const) {
    let f = makeFace(tetra[a]!, tetra[b]!, tetra[c]!);
    if (distance(f, tetra[d]!) > 0) f = makeFace(tetra[a]!, tetra[c]!, tetra[b]!);
    faces.push(f);
  }
  for (let i = 0; i < n; i++) {
    if (tetra.includes(i)) continue;
    for (const f of faces) {
      if (distance(f, i) > eps) {
        f.outside.push(i);
        break;
      }
    }
  }

  // Edge (u, v) → the live face that has it in this direction.
  const edgeKey = (u: number, v: number) => u * n + v;
  const edgeFace = new Map<number, Face>();
  const register = (f: Face) => {
    edgeFace.set(edgeKey(f.a, f.b), f);
    edgeFace.set(edgeKey(f.b, f.c), f);
    edgeFace.set(edgeKey(f.c, f.a), f);
  };
  faces.forEach(register);

  for (let cursor = 0; cursor < faces.length; cursor++) {
    const face = faces[cursor]!;
    if (!face.alive || face.outside.length === 0) continue;
    // The farthest conflicting point of this face is added next.
    let eye = face.outside[0]!, far = -Infinity;
    for (const i of face.outside) {
      const d = distance(face, i);
      if (d > far) {
        far = d;
        eye = i;
      }
    }
    // Faces visible from the eye: flood from this face across shared edges.
    const visible: Face[] = [];
    const stack = [face];
    face.alive = false;
    while (stack.length) {
      const f = stack.pop()!;
      visible.push(f);
      for (const [u, v] of [[f.a, f.b], [f.b, f.c], [f.c, f.a]] as const) {
        const g = edgeFace.get(edgeKey(v, u));
        if (g && g.alive && distance(g, eye) > eps) {
          g.alive = false;
          stack.push(g);
        }
      }
    }
    // Horizon: edges of visible faces whose twin face stayed alive.
    const orphans: number[] = [];
    const created: Face[] = [];
    for (const f of visible) {
      for (const [u, v] of [[f.a, f.b], [f.b, f.c], [f.c, f.a]] as const) {
        const twin = edgeFace.get(edgeKey(v, u));
        if (twin && twin.alive) created.push(makeFace(u, v, eye));
      }
      for (const i of f.outside) if (i !== eye) orphans.push(i);
    }
    for (const f of visible) {
      for (const [u, v] of [[f.a, f.b], [f.b, f.c], [f.c, f.a]] as const) if (edgeFace.get(edgeKey(u, v)) === f) edgeFace.delete(edgeKey(u, v));
    }
    for (const f of created) {
      register(f);
      faces.push(f);
    }
    for (const i of orphans) {
      for (const f of created) {
        if (distance(f, i) > eps) {
          f.outside.push(i);
          break;
        }
      }
    }
  }

  const live = faces.filter((f) => f.alive);
  let volume = 0, area = 0;
  const used = new Set<number>();
  for (const f of live) {
    const a = [P(f.a, 0), P(f.a, 1), P(f.a, 2)];
    volume += dot(a, crossV([P(f.b, 0), P(f.b, 1), P(f.b, 2)], [P(f.c, 0), P(f.c, 1), P(f.c, 2)])) / 6;
    area += Math.hypot(f.nx, f.ny, f.nz) / 2;
    used.add(f.a).add(f.b).add(f.c);
  }
  return { vertices: [...used], faces: live.map((f) => [f.a, f.b, f.c]), volume, area };
}
