/**
 * Direction vectors and neighbourhoods for texture matrices, as flat (dx, dy, dz) triples.
 *
 * IBSI: 13 unique directions in 3-D and 4 in 2-D (in-plane), scaled by the distance δ
 * for co-occurrence; neighbourhoods are every offset within Chebyshev distance δ.
 * PyRadiomics (`generate_angles` in its C extension): every offset whose Chebyshev norm
 * is one of `distances`, no offset reaching beyond the ROI box, none along the 2-D slice
 * axis, half of them (one of each ± pair) for co-occurrence and run lengths — in
 * PyRadiomics' order, so per-angle results line up with its baselines.
 * @module
 */

/** The 13 IBSI 3-D direction vectors (x, y, z) for Chebyshev distance 1. */
const IBSI_3D: ReadonlyArray<[number, number, number]> = [
  [0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 1, 1], [0, 1, -1], [1, 0, 1], [1, 0, -1],
  [1, 1, 0], [1, -1, 0], [1, 1, 1], [1, 1, -1], [1, -1, 1], [1, -1, -1],
];
/** The 4 IBSI in-plane direction vectors. */
const IBSI_2D: ReadonlyArray<[number, number, number]> = [[1, 0, 0], [1, 1, 0], [0, 1, 0], [-1, 1, 0]];

/** IBSI direction vectors, scaled by `distance`. */
export function ibsiDirections(inPlane: boolean, distance = 1): Int32Array {
  return Int32Array.from((inPlane ? IBSI_2D : IBSI_3D).flatMap((v) => v.map((c) => c * distance)));
}

/** Every offset (both signs) within Chebyshev distance `distance`, centre excluded. */
export function chebyshevNeighbourhood(inPlane: boolean, distance = 1): Int32Array {
  const out: number[] = [];
  const zr = inPlane ? 0 : distance;
  for (let dz = -zr; dz <= zr; dz++) {
    for (let dy = -distance; dy <= distance; dy++) {
      for (let dx = -distance; dx <= distance; dx++) if (dx || dy || dz) out.push(dx, dy, dz);
    }
  }
  return Int32Array.from(out);
}

/**
 * PyRadiomics angles: offsets with Chebyshev norm in `distances`, each |offset| below the
 * box size on its axis and 0 on the slice axis when in-plane. Unidirectional (13 for
 * distance 1 in 3-D) unless `bidirectional`. Returned as (x, y, z) triples in PyRadiomics'
 * order (it generates them in numpy (z, y, x) order, largest offsets first).
 */
export function pyradiomicsAngles(
  boxSize: readonly [number, number, number],
  distances: readonly number[],
  bidirectional: boolean,
  inPlane: boolean,
): Int32Array {
  let maxDistance = 0;
  for (const d of distances) if (d > maxDistance) maxDistance = d;
  // numpy order (z, y, x), the last axis fastest, each from +maxDistance down; kept as (x, y, z).
  const valid: number[] = [];
  for (let z = maxDistance; z >= -maxDistance; z--) {
    if ((inPlane && z !== 0) || Math.abs(z) >= boxSize[2]) continue;
    for (let y = maxDistance; y >= -maxDistance; y--) {
      if (Math.abs(y) >= boxSize[1]) continue;
      for (let x = maxDistance; x >= -maxDistance; x--) {
        if (Math.abs(x) >= boxSize[0]) continue;
        const norm = Math.max(Math.abs(x), Math.abs(y), Math.abs(z));
        if (norm !== 0 && distances.includes(norm)) valid.push(x, y, z);
      }
    }
  }
  // The list is point-symmetric; its first half holds one of each ± pair.
  return Int32Array.from(bidirectional ? valid : valid.slice(0, valid.length / 2));
}
