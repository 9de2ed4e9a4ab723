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

/**
 * Marching cubes over a mask (non-zero = inside) of size [nx, ny, nz], as if padded by one
 * empty voxel on every side.
 */
export function marchingCubes(mask: ArrayLike<number>, size: readonly [number, number, number], spacing: readonly [number, number, number]): Mesh {
  const [nx, ny, nz] = size;
  const [sx, sy, sz] = spacing;
  const at = (x: number, y: number, z: number) =>
    x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz && mask[x + nx * (y + ny * z)] !== 0 ? 1 : 0;
  let volume = 0;
  let area = 0;
  const a = [0, 0, 0], b = [0, 0, 0], c = [0, 0, 0];
  for (let z = -1; z < nz; z++) {
    for (let y = -1; y < ny; y++) {
      for (let x = -1; x < nx; x++) {
        let config = 0;
        for (let k = 0; k < 8; k++) {
          const [dz, dy, dx] = CUBE_CORNERS[k]!;
          if (at(x + dx, y + dy, z + dz)) config |= 1 << k;
        }
        if (config === 0 || config === 255) continue;
        let sign = 1;
        if (config & 0x80) {
          config ^= 0xff;
          sign = -1;
        }
        const tris = TRIANGLES[config]!;
        for (let t = 0; t < tris.length; t += 3) {
          for (const [point, edge] of [[a, tris[t]!], [b, tris[t + 1]!], [c, tris[t + 2]!]] as const) {
            const [ez, ey, ex] = EDGE_MIDPOINTS[edge]!;
            point[0] = (z + 1 + ez) * sz;
            point[1] = (y + 1 + ey) * sy;
            point[2] = (x + 1 + ex) * sx;
          }
          // Signed volume of the tetrahedron (origin, a, b, c), times 6.
          volume += sign * (c[0]! * (a[1]! * b[2]! - b[1]! * a[2]!) + c[1]! * (a[2]! * b[0]! - b[2]! * a[0]!) + c[2]! * (a[0]! * b[1]! - b[0]! * a[1]!));
          const u0 = a[0]! - c[0]!, u1 = a[1]! - c[1]!, u2 = a[2]! - c[2]!;
          const v0 = b[0]! - c[0]!, v1 = b[1]! - c[1]!, v2 = b[2]! - c[2]!;
          area += 0.5 * Math.hypot(u1 * v2 - v1 * u2, u2 * v0 - v2 * u0, u0 * v1 - v0 * u1);
        }
      }
    }
  }
  return { volume: volume / 6, area, vertices: crossingMidpoints(at, size, spacing) };
}

/** Midpoints of the grid edges (padding included) whose two ends differ. */
function crossingMidpoints(
  at: (x: number, y: number, z: number) => number,
  size: readonly [number, number, number],
  spacing: readonly [number, number, number],
): Float64Array {
  const [nx, ny, nz] = size;
  const [sx, sy, sz] = spacing;
  const out: number[] = [];
  for (let z = -1; z <= nz; z++) {
    for (let y = -1; y <= ny; y++) {
      for (let x = -1; x <= nx; x++) {
        const v = at(x, y, z);
        if (x < nx && at(x + 1, y, z) !== v) out.push((x + 0.5) * sx, y * sy, z * sz);
        if (y < ny && at(x, y + 1, z) !== v) out.push(x * sx, (y + 0.5) * sy, z * sz);
        if (z < nz && at(x, y, z + 1) !== v) out.push(x * sx, y * sy, (z + 0.5) * sz);
      }
    }
  }
  return Float64Array.from(out);
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
