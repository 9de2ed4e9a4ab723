/**
 * Surface meshes of binary masks: marching cubes (3-D) and marching squares (2-D) with
 * vertices at edge midpoints, as PyRadiomics and IBSI build them. Coordinates are
 * physical (index × spacing, mm); the direction matrix is ignored, which changes no
 * volume, area or distance.
 *
 * Frame: triangles are placed relative to the corner of the mask padded by one voxel,
 * as PyRadiomics does. A few ambiguous cube configurations of the triangle table are not
 * wound consistently with their neighbours, which makes the signed volume depend on the
 * frame by about 1e-6 relative (4·10⁻⁶ on the IBSI CT phantom); the same frame reproduces
 * PyRadiomics' MeshVolume exactly.
 *
 * Volume: Σ over triangles of the signed tetrahedron volume a · (b × c)/6 to the origin
 * (divergence theorem), computed in (z, y, x) order with the orientation of the triangle
 * table, reversed for complemented cube configurations. Area: Σ |(a − c) × (b − c)|/2.
 * @module
 */
import { CUBE_CORNERS, EDGE_MIDPOINTS, SEGMENTS, SQUARE_CORNERS, SQUARE_EDGE_MIDPOINTS, TRIANGLES } from "./tables.js";

/** A mesh's measures and its vertices. */
export interface Mesh {
  /** Enclosed volume, mm³. */
  volume: number;
  /** Surface area, mm². */
  area: number;
  /** Distinct vertices as (x, y, z) triples, mm: the midpoints of grid edges that cross the surface. */
  vertices: Float64Array;
}

/** The mask copied into a grid padded by one empty voxel on every side. */
function padded(mask: ArrayLike<number>, size: readonly [number, number, number]): { grid: Uint8Array; px: number; py: number; pz: number } {
  const [nx, ny, nz] = size;
  const px = nx + 2, py = ny + 2, pz = nz + 2;
  const grid = new Uint8Array(px * py * pz);
  for (let z = 0, n = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = 1 + px * (y + 1 + py * (z + 1));
      for (let x = 0; x < nx; x++, n++) if (mask[n] !== 0) grid[row + x] = 1;
    }
  }
  return { grid, px, py, pz };
}

/**
 * Marching cubes over a mask (non-zero = inside) of size [nx, ny, nz], as if padded by one
 * empty voxel on every side.
 */
export function marchingCubes(mask: ArrayLike<number>, size: readonly [number, number, number], spacing: readonly [number, number, number]): Mesh {
  const { grid, px, py, pz } = padded(mask, size);
  const [sx, sy, sz] = spacing;
  // Linear offsets of the cube corners, and edge-midpoint coordinates (z, y, x) in mm.
  const corner = CUBE_CORNERS.map(([dz, dy, dx]) => dx + px * (dy + py * dz));
  const midZ = EDGE_MIDPOINTS.map((e) => e[0] * sz), midY = EDGE_MIDPOINTS.map((e) => e[1] * sy), midX = EDGE_MIDPOINTS.map((e) => e[2] * sx);
  let volume = 0;
  let area = 0;
  for (let z = 0; z < pz - 1; z++) {
    for (let y = 0; y < py - 1; y++) {
      let p = px * (y + py * z);
      for (let x = 0; x < px - 1; x++, p++) {
        let config = 0;
        for (let k = 0; k < 8; k++) if (grid[p + corner[k]!]) config |= 1 << k;
        if (config === 0 || config === 255) continue;
        let sign = 1;
        if (config & 0x80) {
          config ^= 0xff;
          sign = -1;
        }
        const tris = TRIANGLES[config]!;
        const oz = z * sz, oy = y * sy, ox = x * sx;
        for (let t = 0; t < tris.length; t += 3) {
          const e0 = tris[t]!, e1 = tris[t + 1]!, e2 = tris[t + 2]!;
          const a0 = oz + midZ[e0]!, a1 = oy + midY[e0]!, a2 = ox + midX[e0]!;
          const b0 = oz + midZ[e1]!, b1 = oy + midY[e1]!, b2 = ox + midX[e1]!;
          const c0 = oz + midZ[e2]!, c1 = oy + midY[e2]!, c2 = ox + midX[e2]!;
          // Signed volume of the tetrahedron (origin, a, b, c), times 6.
          volume += sign * (c0 * (a1 * b2 - b1 * a2) + c1 * (a2 * b0 - b2 * a0) + c2 * (a0 * b1 - b0 * a1));
          const u0 = a0 - c0, u1 = a1 - c1, u2 = a2 - c2;
          const v0 = b0 - c0, v1 = b1 - c1, v2 = b2 - c2;
          const n0 = u1 * v2 - v1 * u2, n1 = u2 * v0 - v2 * u0, n2 = u0 * v1 - v0 * u1;
          area += 0.5 * Math.sqrt(n0 * n0 + n1 * n1 + n2 * n2);
        }
      }
    }
  }
  return { volume: volume / 6, area, vertices: crossingMidpoints(grid, [px, py, pz], spacing) };
}

/** Midpoints of the grid edges whose two ends differ, in the unpadded frame. */
function crossingMidpoints(grid: Uint8Array, paddedSize: readonly [number, number, number], spacing: readonly [number, number, number]): Float64Array {
  const [px, py, pz] = paddedSize;
  const [sx, sy, sz] = spacing;
  let count = 0;
  const visit = (emit: (x: number, y: number, z: number) => void) => {
    for (let z = 0; z < pz; z++) {
      for (let y = 0; y < py; y++) {
        for (let x = 0, p = px * (y + py * z); x < px; x++, p++) {
          const v = grid[p];
          if (x + 1 < px && grid[p + 1] !== v) emit((x - 0.5) * sx, (y - 1) * sy, (z - 1) * sz);
          if (y + 1 < py && grid[p + px] !== v) emit((x - 1) * sx, (y - 0.5) * sy, (z - 1) * sz);
          if (z + 1 < pz && grid[p + px * py] !== v) emit((x - 1) * sx, (y - 1) * sy, (z - 0.5) * sz);
        }
      }
    }
  };
  visit(() => count++);
  const out = new Float64Array(3 * count);
  let n = 0;
  visit((x, y, z) => {
    out[n++] = x;
    out[n++] = y;
    out[n++] = z;
  });
  return out;
}

/** A 2-D contour's measures and vertices. */
export interface Contour {
  /** Enclosed area, mm². */
  area: number;
  /** Perimeter, mm. */
  perimeter: number;
  /** Distinct vertices as (x, y) pairs, mm. */
  vertices: Float64Array;
}

/** Marching squares over a 2-D mask of size [nx, ny], as if padded by one empty pixel. */
export function marchingSquares(mask: ArrayLike<number>, size: readonly [number, number], spacing: readonly [number, number]): Contour {
  const [nx, ny] = size;
  const [sx, sy] = spacing;
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < nx && y < ny && mask[x + nx * y] !== 0 ? 1 : 0);
  let twiceArea = 0;
  let perimeter = 0;
  for (let y = -1; y < ny; y++) {
    for (let x = -1; x < nx; x++) {
      let config = 0;
      for (let k = 0; k < 4; k++) {
        const [dy, dx] = SQUARE_CORNERS[k]!;
        if (at(x + dx, y + dy)) config |= 1 << k;
      }
      const segments = SEGMENTS[config]!;
      for (let s = 0; s < segments.length; s += 2) {
        const [ay, ax] = SQUARE_EDGE_MIDPOINTS[segments[s]!]!;
        const [by, bx] = SQUARE_EDGE_MIDPOINTS[segments[s + 1]!]!;
        const p = [(y + ay) * sy, (x + ax) * sx], q = [(y + by) * sy, (x + bx) * sx];
        twiceArea += p[0]! * q[1]! - q[0]! * p[1]!;
        perimeter += Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!);
      }
    }
  }
  const vertices: number[] = [];
  for (let y = -1; y <= ny; y++) {
    for (let x = -1; x <= nx; x++) {
      const v = at(x, y);
      if (x < nx && at(x + 1, y) !== v) vertices.push((x + 0.5) * sx, y * sy);
      if (y < ny && at(x, y + 1) !== v) vertices.push(x * sx, (y + 0.5) * sy);
    }
  }
  return { area: twiceArea / 2, perimeter, vertices: Float64Array.from(vertices) };
}
