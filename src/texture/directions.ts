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
  const maxDistance = Math.max(...distances);
  const span = 2 * maxDistance + 1;
  // numpy order (z, y, x): the last axis changes fastest.
  const sizeZyx = [boxSize[2], boxSize[1], boxSize[0]];
  const valid: number[][] = [];
  for (let n = 0; n < span ** 3; n++) {
    const offset = [0, 1, 2].map((axis) => maxDistance - (Math.floor(n / span ** (2 - axis)) % span));
    if (inPlane && offset[0] !== 0) continue;
    if (offset.some((o, axis) => Math.abs(o) >= sizeZyx[axis]!)) continue;
    const norm = Math.max(...offset.map(Math.abs));
    if (norm === 0 || !distances.includes(norm)) continue;
    valid.push(offset);
  }
  // The list is point-symmetric; its first half holds one of each ± pair.
  const chosen = bidirectional ? valid : valid.slice(0, valid.length / 2);
  return Int32Array.from(chosen.flatMap(([z, y, x]) => [x!, y!, z!]));
}
