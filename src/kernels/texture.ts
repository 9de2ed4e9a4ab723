/**
 * Texture-matrix kernels in plain TypeScript: the reference ("twin") implementation of
 * every texture kernel, and the fallback when WebAssembly is unavailable.
 *
 * Common ABI: a gray-level volume `levels` (Int32Array, x fastest, 0 = outside the ROI,
 * 1…N_g inside) of size `[nx, ny, nz]`, and a slab `[z0, z1)` of slices. Voxels outside
 * the slab count as outside the ROI, so a one-slice slab gives a 2-D matrix. Offsets are
 * flat Int32Array triples (dx, dy, dz). Kernels trust their input: validation happens
 * in the callers. Matrices are row-major Float64Array with gray level i at row i − 1.
 * @module
 */
import { zeroedArray, type LevelArray } from "../volume.js";

/** Slab of slices [z0, z1) of a volume of size [nx, ny, nz]. */
export interface Slab {
  levels: Int32Array;
  size: readonly [number, number, number];
  z0: number;
  z1: number;
  /**
   * The placement its levels came from ({@link placeLevels}), when they did: a backend that
   * still holds that placement in its own memory reads it there, and `levels` (which may
   * copy it out) is read only by the others.
   */
  placed?: PlacedLevels;
}

/**
 * Co-occurrence counts, one N_g × N_g matrix per offset: element (i, j) of matrix o counts
 * voxel pairs (v, v + offset_o) with levels i and j, both in the ROI and the slab.
 * Not symmetrised.
 */
export function cooccurrenceCounts(slab: Slab, ng: number, offsets: Int32Array): Float64Array {
  const { levels, size, z0, z1 } = slab;
  const [nx, ny] = size;
  const count = offsets.length / 3;
  const out = new Float64Array(count * ng * ng);
  for (let o = 0; o < count; o++) {
    const dx = offsets[3 * o]!, dy = offsets[3 * o + 1]!, dz = offsets[3 * o + 2]!;
    const delta = dx + nx * (dy + ny * dz);
    const base = o * ng * ng;
    const xs = Math.max(0, -dx), xe = Math.min(nx, nx - dx);
    const ys = Math.max(0, -dy), ye = Math.min(ny, ny - dy);
    const zs = Math.max(z0, z0 - dz), ze = Math.min(z1, z1 - dz);
    for (let z = zs; z < ze; z++) {
      for (let y = ys; y < ye; y++) {
        const row = nx * (y + ny * z);
        for (let x = xs; x < xe; x++) {
          const a = levels[row + x]!;
          if (a === 0) continue;
          const b = levels[row + x + delta]!;
          if (b !== 0) out[base + (a - 1) * ng + (b - 1)]! += 1;
        }
      }
    }
  }
  return out;
}

/** Non-zero entries of a matrix in row-major order: 1-based row `i`, 1-based column `j`, value `v`. */
export interface MatrixEntries {
  i: Int32Array;
  j: Int32Array;
  v: Float64Array;
}

/**
 * The non-zero cells of `matrices` rows × cols matrices laid end to end in `counts` (twin:
 * nonZeroCells in ./assembly/texture.ts), one {@link MatrixEntries} per matrix, each in
 * row-major order.
 */
export function nonZeroCells(counts: ArrayLike<number>, matrices: number, rows: number, cols: number): MatrixEntries[] {
  return Array.from({ length: matrices }, (_, m) => {
    const base = m * rows * cols;
    let nonZero = 0;
    for (let k = 0; k < rows * cols; k++) if (counts[base + k] !== 0) nonZero++;
    const entries = { i: new Int32Array(nonZero), j: new Int32Array(nonZero), v: new Float64Array(nonZero) };
    for (let k = 0, n = 0; k < rows * cols; k++) {
      const v = counts[base + k]!;
      if (v === 0) continue;
      entries.i[n] = Math.floor(k / cols) + 1;
      entries.j[n] = (k % cols) + 1;
      entries.v[n++] = v;
    }
    return entries;
  });
}

/** Result of {@link runLengthCounts}. */
export interface RunLengths {
  /**
   * One N_g × maxRun matrix per direction, as its non-zero entries (see {@link nonZeroCells}):
   * entry (i, j) counts runs of level i and length j. Most cells are empty (a column per
   * possible length), so the dense matrices are not kept.
   */
  entries: MatrixEntries[];
  maxRun: number;
  /** Per direction: 1 when some line along it holds more than one ROI voxel. */
  multiVoxelLine: Uint8Array;
}

/** The longest run a slab can hold: its longest side (the run-length matrices' columns). */
export function longestRun({ size, z0, z1 }: Slab): number {
  return Math.max(size[0], size[1], z1 - z0);
}

/**
 * Run lengths along each direction (components in {−1, 0, 1}): maximal sequences of
 * equal levels along lines through the slab; a voxel outside the ROI ends a run.
 */
export function runLengthCounts(slab: Slab, ng: number, directions: Int32Array): RunLengths {
  const { levels, size, z0, z1 } = slab;
  const [nx, ny] = size;
  const maxRun = longestRun(slab);
  const count = directions.length / 3;
  const counts = new Float64Array(count * ng * maxRun);
  const multiVoxelLine = new Uint8Array(count);
  const inside = (x: number, y: number, z: number) => x >= 0 && y >= 0 && z >= z0 && x < nx && y < ny && z < z1;
  for (let d = 0; d < count; d++) {
    const dx = directions[3 * d]!, dy = directions[3 * d + 1]!, dz = directions[3 * d + 2]!;
    const step = dx + nx * (dy + ny * dz);
    const base = d * ng * maxRun;
    for (let z = z0; z < z1; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
          // A line starts where the voxel before it falls outside the slab.
          if (inside(x - dx, y - dy, z - dz)) continue;
          let p = x + nx * (y + ny * z);
          let cx = x, cy = y, cz = z;
          let level = 0, run = 0, roiVoxels = 0;
          while (inside(cx, cy, cz)) {
            const l = levels[p]!;
            if (l !== 0) roiVoxels++;
            if (l !== level) {
              if (level !== 0) counts[base + (level - 1) * maxRun + run - 1]! += 1;
              level = l;
              run = 0;
            }
            if (l !== 0) run++;
            p += step;
            cx += dx;
            cy += dy;
            cz += dz;
          }
          if (level !== 0) counts[base + (level - 1) * maxRun + run - 1]! += 1;
          if (roiVoxels > 1) multiVoxelLine[d] = 1;
        }
      }
    }
  }
  return { entries: nonZeroCells(counts, count, ng, maxRun), maxRun, multiVoxelLine };
}

/**
 * The non-zero cells of the N_g × measure histogram of zones (level, measure: size or
 * border distance) in row-major order: zones bucketed by level, each bucket's measures
 * sorted and counted (twin: zoneEntries in ./assembly/texture.ts, which sorts them all by
 * measure, then stably by level: the same entries).
 */
export function zoneEntries(ng: number, level: Int32Array, measure: Int32Array): MatrixEntries {
  // end[l] = zones with level ≤ l; level l's bucket is [end[l − 1], end[l]).
  const end = new Int32Array(ng + 1);
  for (let z = 0; z < level.length; z++) end[level[z]!]!++;
  for (let l = 1; l <= ng; l++) end[l]! += end[l - 1]!;
  const next = end.slice(0, ng);
  const sorted = new Int32Array(level.length);
  for (let z = 0; z < level.length; z++) sorted[next[level[z]! - 1]!++] = measure[z]!;
  const i = new Int32Array(level.length), j = new Int32Array(level.length), v = new Float64Array(level.length);
  let n = 0;
  for (let l = 1; l <= ng; l++) {
    const bucket = sorted.subarray(end[l - 1]!, end[l]!).sort();
    for (let k = 0; k < bucket.length; k++) {
      if (k > 0 && bucket[k] === bucket[k - 1]) {
        v[n - 1]!++;
        continue;
      }
      i[n] = l;
      j[n] = bucket[k]!;
      v[n++] = 1;
    }
  }
  return { i: i.slice(0, n), j: j.slice(0, n), v: v.slice(0, n) };
}

/** Zones found by {@link zoneScan}: one entry per zone. */
export interface Zones {
  level: Int32Array;
  size: Int32Array;
  /** Smallest border distance among the zone's voxels (0 when no distance map was given). */
  distance: Int32Array;
}

/**
 * Zones: connected groups of voxels with equal level, linked through the given
 * neighbour offsets (26 in 3-D, 8 in 2-D; both signs listed), found by flood fill.
 * With a distance map, each zone also gets its minimum distance to the ROI border.
 */
export function zoneScan(slab: Slab, neighbours: Int32Array, distanceMap?: Int32Array): Zones {
  const { levels, size, z0, z1 } = slab;
  const [nx, ny] = size;
  const plane = nx * ny;
  const visited = new Uint8Array(levels.length);
  const stack = new Int32Array(plane * (z1 - z0));
  const zl: number[] = [], zs: number[] = [], zd: number[] = [];
  const n = neighbours.length / 3;
  for (let start = z0 * plane; start < z1 * plane; start++) {
    const level = levels[start]!;
    if (level === 0 || visited[start]) continue;
    visited[start] = 1;
    let top = 0;
    stack[top++] = start;
    let zoneSize = 0;
    let minDistance = Infinity;
    while (top > 0) {
      const p = stack[--top]!;
      zoneSize++;
      if (distanceMap && distanceMap[p]! < minDistance) minDistance = distanceMap[p]!;
      const z = Math.floor(p / plane), y = Math.floor((p - z * plane) / nx), x = p - z * plane - y * nx;
      for (let o = 0; o < n; o++) {
        const qx = x + neighbours[3 * o]!, qy = y + neighbours[3 * o + 1]!, qz = z + neighbours[3 * o + 2]!;
        if (qx < 0 || qy < 0 || qz < z0 || qx >= nx || qy >= ny || qz >= z1) continue;
        const q = qx + nx * (qy + ny * qz);
        if (visited[q] || levels[q] !== level) continue;
        visited[q] = 1;
        stack[top++] = q;
      }
    }
    zl.push(level);
    zs.push(zoneSize);
    zd.push(distanceMap ? minDistance : 0);
  }
  return { level: Int32Array.from(zl), size: Int32Array.from(zs), distance: Int32Array.from(zd) };
}

/**
 * Distance of each ROI voxel to the ROI border: 1 for voxels with a face neighbour
 * outside the ROI (or outside the slab / image), growing by one per face step inward
 * (the IBSI GLDZM definition: 6-connected in 3-D, 4-connected within a slice in 2-D).
 * Computed by breadth-first search from the border voxels; 0 outside the ROI.
 */
export function borderDistance(mask: Uint8Array, size: readonly [number, number, number], z0: number, z1: number, inPlane: boolean): Int32Array {
  const [nx, ny] = size;
  const plane = nx * ny;
  const dist = new Int32Array(mask.length);
  const queue = new Int32Array(plane * (z1 - z0));
  const steps: Array<[number, number, number]> = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0]];
  if (!inPlane) steps.push([0, 0, 1], [0, 0, -1]);
  const inRoi = (x: number, y: number, z: number) =>
    x >= 0 && y >= 0 && z >= z0 && x < nx && y < ny && z < z1 && mask[x + nx * (y + ny * z)] !== 0;
  let head = 0, tail = 0;
  for (let z = z0; z < z1; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        if (!inRoi(x, y, z)) continue;
        if (steps.some(([dx, dy, dz]) => !inRoi(x + dx, y + dy, z + dz))) {
          const p = x + nx * (y + ny * z);
          dist[p] = 1;
          queue[tail++] = p;
        }
      }
    }
  }
  while (head < tail) {
    const p = queue[head++]!;
    const z = Math.floor(p / plane), y = Math.floor((p - z * plane) / nx), x = p - z * plane - y * nx;
    for (const [dx, dy, dz] of steps) {
      if (!inRoi(x + dx, y + dy, z + dz)) continue;
      const q = x + dx + nx * (y + dy + ny * (z + dz));
      if (dist[q] === 0) {
        dist[q] = dist[p]! + 1;
        queue[tail++] = q;
      }
    }
  }
  return dist;
}

/** Per-level sums of the neighbourhood gray-tone difference, see {@link neighbourhoodDifferences}. */
export interface NeighbourhoodDifferences {
  /** Voxels of each level (index = level), with or without ROI neighbours. */
  count: Float64Array;
  /** Voxels of each level with at least one ROI neighbour. */
  countWithNeighbours: Float64Array;
  /** Σ |level − mean level of the voxel's ROI neighbours| per level (0 for voxels without neighbours). */
  difference: Float64Array;
}

/** Neighbourhood gray-tone differences (NGTDM): neighbours are `offsets` (both signs listed). */
export function neighbourhoodDifferences(slab: Slab, ng: number, offsets: Int32Array): NeighbourhoodDifferences {
  const { levels, size, z0, z1 } = slab;
  const [nx, ny] = size;
  const count = new Float64Array(ng + 1);
  const countWithNeighbours = new Float64Array(ng + 1);
  const difference = new Float64Array(ng + 1);
  const n = offsets.length / 3;
  for (let z = z0; z < z1; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const level = levels[x + nx * (y + ny * z)]!;
        if (level === 0) continue;
        let sum = 0, k = 0;
        for (let o = 0; o < n; o++) {
          const qx = x + offsets[3 * o]!, qy = y + offsets[3 * o + 1]!, qz = z + offsets[3 * o + 2]!;
          if (qx < 0 || qy < 0 || qz < z0 || qx >= nx || qy >= ny || qz >= z1) continue;
          const l = levels[qx + nx * (qy + ny * qz)]!;
          if (l === 0) continue;
          sum += l;
          k++;
        }
        count[level]! += 1;
        if (k > 0) {
          countWithNeighbours[level]! += 1;
          difference[level]! += Math.abs(level - sum / k);
        }
      }
    }
  }
  return { count, countWithNeighbours, difference };
}

/**
 * Dependence counts (PyRadiomics GLDM, IBSI NGLDM): for each ROI voxel, k = 1 + the number
 * of ROI neighbours (`offsets`, both signs listed) whose level differs by at most `alpha`.
 * Returns an N_g × (N_offsets + 1) matrix: element (i, k − 1) counts voxels of level i
 * with dependence k.
 */
export function dependenceCounts(slab: Slab, ng: number, offsets: Int32Array, alpha: number): Float64Array {
  const { levels, size, z0, z1 } = slab;
  const [nx, ny] = size;
  const n = offsets.length / 3;
  const out = new Float64Array(ng * (n + 1));
  for (let z = z0; z < z1; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const level = levels[x + nx * (y + ny * z)]!;
        if (level === 0) continue;
        let k = 1;
        for (let o = 0; o < n; o++) {
          const qx = x + offsets[3 * o]!, qy = y + offsets[3 * o + 1]!, qz = z + offsets[3 * o + 2]!;
          if (qx < 0 || qy < 0 || qz < z0 || qx >= nx || qy >= ny || qz >= z1) continue;
          const l = levels[qx + nx * (qy + ny * qz)]!;
          if (l !== 0 && Math.abs(l - level) <= alpha) k++;
        }
        out[(level - 1) * (n + 1) + k - 1]! += 1;
      }
    }
  }
  return out;
}

/** Where {@link placeLevels} puts an ROI: the box of the source grid, and the order of its axes in the output. */
export interface Placement {
  /** Source grid size (x fastest). */
  size: readonly [number, number, number];
  /** Inclusive box of the source grid to scan. */
  lower: readonly [number, number, number];
  upper: readonly [number, number, number];
  /** The source axis along each output axis, x′ first. */
  order: readonly [number, number, number];
  /** Levels and mask in shared memory, for a worker to read (see parallel/split.ts). */
  shared?: boolean;
}

/** The output grid's size [nx′, ny′, nz′]: the box's, its axes in the placement's order. */
export function placedSize(at: Placement): [number, number, number] {
  return at.order.map((a) => at.upper[a]! - at.lower[a]! + 1) as [number, number, number];
}

/**
 * The source x, y and z axes' strides in an output grid whose x′, y′ and z′ steps are
 * `steps` (1, a row, a slice: of the output itself, or of a padded copy of it).
 */
export function sourceStrides(at: Placement, steps: readonly [number, number, number]): [number, number, number] {
  const stride: [number, number, number] = [0, 0, 0];
  steps.forEach((step, o) => (stride[at.order[o]!] = step));
  return stride;
}

/**
 * Output of {@link placeLevels}. The WebAssembly backends keep an unshared placement in
 * their memory, laid out as the texture kernels read it, and copy `levels` or
 * `morphology` out only when they are read; it must be read before the backend starts on
 * another ROI's values or levels (`maskedValues`, `placeLevels`), which reuse that memory
 * (a texture volume's families run at once, on the thread that laid it out).
 */
export interface PlacedLevels {
  levels: Int32Array;
  morphology: Uint8Array;
  /** Intensity-mask voxels in each output z slice. */
  voxelsPerSlice: Int32Array;
}

/**
 * Scatters an ROI's gray levels (given in source scan order for the voxels of the
 * `intensity` mask) and its `morphological` mask from the box of the source grid into an
 * output grid with permuted axes: the texture volume's layout.
 */
export function placeLevels(intensity: Uint8Array, morphological: Uint8Array, levelsInScanOrder: LevelArray, at: Placement): PlacedLevels {
  const [nx, ny] = at.size;
  const [lx, ly, lz] = at.lower;
  const [ux, uy, uz] = at.upper;
  const [ox, oy, oz] = placedSize(at);
  const plane = ox * oy;
  const [sx, sy, sz] = sourceStrides(at, [1, ox, plane]);
  const levels = zeroedArray(Int32Array, plane * oz, at.shared);
  const morphology = zeroedArray(Uint8Array, plane * oz, at.shared);
  const voxelsPerSlice = new Int32Array(oz);
  let next = 0;
  for (let k = lz; k <= uz; k++) {
    for (let j = ly; j <= uy; j++) {
      const row = (j - ly) * sy + (k - lz) * sz;
      for (let i = lx, n = i + nx * (j + ny * k); i <= ux; i++, n++) {
        const p = row + (i - lx) * sx;
        if (morphological[n] !== 0) morphology[p] = 1;
        if (intensity[n] === 0) continue;
        levels[p] = levelsInScanOrder[next++]!;
        voxelsPerSlice[Math.floor(p / plane)]! += 1;
      }
    }
  }
  return { levels, morphology, voxelsPerSlice };
}
