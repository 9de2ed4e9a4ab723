// Texture-matrix kernels in AssemblyScript: the WebAssembly twins of ../texture.ts.
//
// Memory belongs to JavaScript: every argument is a byte address in the imported memory,
// laid out by the loader (../wasm.ts). Kernels never allocate and never check their input.
//
// Layout: the loader copies a slab of gray levels into a padded i32 grid, `pad` voxels
// wider on every side (the largest offset component), whose border holds -1. Inside the
// grid 0 means "outside the ROI" and 1..N_g are levels, so a neighbour test needs no
// bounds check (a border voxel is simply not > 0) and a line walk stops at the first -1.
// Offsets and directions arrive as flat deltas in that grid (i32).
// Counts are u32; the loader widens them to the f64 matrices of the TypeScript twins.

const BORDER: i32 = -1;

@inline function at(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}

@inline function bump(base: usize, index: i32, by: i32 = 1): void {
  const p = base + (<usize>index << 2);
  store<u32>(p, load<u32>(p) + by);
}

/**
 * Writes the grid indices of the ROI voxels (value > 0) of a padded grid of `total`
 * voxels to `out`, in scan order, and returns their number. The border and outside
 * voxels are skipped four at a time with SIMD where available.
 */
export function roiVoxels(grid: usize, total: i32, out: usize): i32 {
  let n = 0;
  let p = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = i32x4.splat(0);
    for (; p + 4 <= total; p += 4) {
      const positive = i32x4.gt_s(v128.load(grid + (<usize>p << 2)), zero);
      if (!v128.any_true(positive)) continue;
      for (let k = p; k < p + 4; k++) if (at(grid, k) > 0) store<i32>(out + (<usize>(n++) << 2), k);
    }
  }
  for (; p < total; p++) if (at(grid, p) > 0) store<i32>(out + (<usize>(n++) << 2), p);
  return n;
}

/**
 * With SIMD: the interior positions p = x + px·(y + py·z) (x = pad, pad + 4, … on each
 * interior row of a px × py × pz grid padded by `pad`) whose four voxels p … p + 3 hold an
 * ROI voxel, in scan order; returns their number. Each is written to `out` as 4p + lanes − 1,
 * lanes (1–4) being how many of the four lie on the row's interior ({@link blockAt},
 * {@link lanesOf}); the blocked kernels take these four voxels at a time.
 */
export function roiBlocks(grid: usize, px: i32, py: i32, pz: i32, pad: i32, out: usize): i32 {
  let n = 0;
  if (!ASC_FEATURE_SIMD) return n;
  const zero = i32x4.splat(0);
  for (let z = pad; z < pz - pad; z++) {
    for (let y = pad; y < py - pad; y++) {
      const row = px * (y + py * z);
      for (let x = pad; x < px - pad; x += 4) {
        if (v128.any_true(i32x4.gt_s(v128.load(grid + (<usize>(row + x) << 2)), zero))) store<i32>(out + (<usize>(n++) << 2), ((row + x) << 2) | (min(4, px - pad - x) - 1));
      }
    }
  }
  return n;
}

/** The grid position of a block listed by {@link roiBlocks}. */
@inline function blockAt(code: i32): i32 {
  return code >> 2;
}

/** How many of a listed block's four voxels lie on its row's interior (1–4). */
@inline function lanesOf(code: i32): i32 {
  return (code & 3) + 1;
}

/** The lanes (all ones) of a listed block whose voxel is an ROI voxel (level > 0) of its row's interior. */
@inline function roiLanes(levels: v128, code: i32): v128 {
  return v128.and(i32x4.gt_s(levels, i32x4.splat(0)), i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(lanesOf(code))));
}

/**
 * Co-occurrence counts: for each of `count` offsets (grid deltas at `deltas`), an
 * ng × ng u32 matrix at `out` counting pairs (v, v + offset) of ROI voxels by level.
 * With SIMD the ROI's blocks (see {@link roiBlocks}) are taken four voxels at a time:
 * their four neighbours along an offset in one load, the four cells in one multiply-add;
 * only the counts themselves are bumped one at a time.
 */
export function cooccurrence(grid: usize, voxels: usize, nVoxels: i32, blocks: usize, nBlocks: i32, ng: i32, deltas: usize, count: i32, out: usize): void {
  const size = ng * ng;
  memory.fill(out, 0, <usize>count * size * 4);
  if (ASC_FEATURE_SIMD && nBlocks > 0) {
    cooccurrenceBlocks(grid, blocks, nBlocks, ng, deltas, count, out);
    return;
  }
  for (let v = 0; v < nVoxels; v++) {
    const p = at(voxels, v);
    const row = (at(grid, p) - 1) * ng - 1;
    for (let o = 0; o < count; o++) {
      const b = at(grid, p + at(deltas, o));
      if (b > 0) bump(out, o * size + row + b);
    }
  }
}

/**
 * {@link cooccurrence} over the ROI's blocks of four voxels, with SIMD. Each lane adds its
 * pair (0 or 1) to its cell, or 0 to cell 0, without a branch: branching on which lanes
 * hold a pair (all four, or some) measured 44.2 against 41.3 ms on the 2.5 M-voxel ROI's
 * 13 directions, 2.7 against 2.6 ms on the CT phantom. Not kept: four lane copies of the
 * matrices (against bumps of one cell in a row), and a spare cell that the other lanes
 * add 1 to (about 1 ms less there, for a cell more in every caller's layout).
 */
function cooccurrenceBlocks(grid: usize, blocks: usize, nBlocks: i32, ng: i32, deltas: usize, count: i32, out: usize): void {
  const size = ng * ng;
  const zero = i32x4.splat(0), width = i32x4.splat(ng), before = i32x4.splat(ng + 1), matrix = i32x4.splat(size);
  for (let b = 0; b < nBlocks; b++) {
    const code = at(blocks, b), p = blockAt(code);
    const levels = v128.load(grid + (<usize>p << 2));
    // Lanes holding an ROI voxel of the row's interior; their row of cells, (v − 1)·ng − 1.
    const inside = roiLanes(levels, code);
    // Offset o's cells start o·ng² further on: the rows move by one matrix per offset.
    let rows = i32x4.sub(i32x4.mul(levels, width), before);
    for (let o = 0; o < count; o++, rows = i32x4.add(rows, matrix)) {
      const neighbours = v128.load(grid + (<usize>(p + at(deltas, o)) << 2));
      // All ones in the lanes whose voxel and neighbour are both ROI voxels; the others add 0 to cell 0 (their cell may lie outside the matrices).
      const paired = v128.and(inside, i32x4.gt_s(neighbours, zero));
      const cells = v128.and(i32x4.add(rows, neighbours), paired);
      const pairs = i32x4.sub(zero, paired);
      bump(out, i32x4.extract_lane(cells, 0), i32x4.extract_lane(pairs, 0));
      bump(out, i32x4.extract_lane(cells, 1), i32x4.extract_lane(pairs, 1));
      bump(out, i32x4.extract_lane(cells, 2), i32x4.extract_lane(pairs, 2));
      bump(out, i32x4.extract_lane(cells, 3), i32x4.extract_lane(pairs, 3));
    }
  }
}

/**
 * Run-length counts along `count` directions (grid deltas at `deltas`): an ng × maxRun
 * u32 matrix per direction at `out`, and at `multi` (u8 per direction) 1 when some line
 * holds more than one ROI voxel. Only the ROI voxels (the list at `voxels`) are visited,
 * without branches on the data (filtered images have short runs, and a branch per voxel
 * mispredicted half the time): each voxel's run so far is its predecessor's plus one (kept
 * at `runs`, voxels visited so that the predecessor comes first), and each adds 1 to its
 * run's count where the run ends and 0 elsewhere. `runs` is a ring of R = `ring` + 1 slots
 * (a power of two above every step and 4 more, so a voxel's slot p & `ring` still holds
 * its run when its successor reads it) and 8 more that mirror the first slots, so four
 * consecutive slots can be read at once across the ring's end: about a plane of the grid
 * instead of every voxel of it.
 * When no run of a direction is longer than one voxel, its lines are walked whole (from
 * their first voxel after the border, over `total` grid voxels) to settle `multi`.
 *
 * With SIMD, a direction whose step is 4 voxels or more (every one but along x) takes
 * the four voxels of each block at `blocks` (see {@link roiBlocks}) at once: their predecessors are four voxels of an earlier row. A negative step
 * walks its lines from the other end: the same runs, each counted once.
 */
export function runLengths(
  grid: usize, total: i32, voxels: usize, nVoxels: i32, blocks: usize, nBlocks: i32,
  ng: i32, deltas: usize, count: i32, maxRun: i32, out: usize, multi: usize, runs: usize, ring: i32,
): void {
  memory.fill(out, 0, <usize>count * ng * maxRun * 4);
  memory.fill(multi, 0, <usize>count);
  for (let d = 0; d < count; d++) {
    const step = at(deltas, d);
    const base = d * ng * maxRun - maxRun - 1;
    let longest = 0;
    if (ASC_FEATURE_SIMD && abs(step) >= 4) {
      longest = runLengthsAcross(grid, blocks, nBlocks, abs(step), base, maxRun, out, runs, ring);
    } else {
      // The voxel list is in scan order: forwards when the predecessor p − step precedes p.
      const first = step > 0 ? 0 : nVoxels - 1, stride = step > 0 ? 1 : -1;
      for (let k = 0, v = first; k < nVoxels; k++, v += stride) {
        const p = at(voxels, v);
        const level = at(grid, p);
        const before = p - step;
        const run = select<i32>(at(runs, before & ring) + 1, 1, at(grid, before) == level);
        store<i32>(runs + (<usize>(p & ring) << 2), run);
        const cell = out + (<usize>(base + level * maxRun + run) << 2);
        store<u32>(cell, load<u32>(cell) + <u32>(at(grid, p + step) != level));
        longest = max<i32>(longest, run);
      }
    }
    if (longest > 1 || lineHoldsTwo(grid, total, step)) store<u8>(multi + d, 1);
  }
}

/** One direction of {@link runLengths} with SIMD (step ≥ 4): returns the longest run. */
function runLengthsAcross(grid: usize, blocks: usize, nBlocks: i32, step: i32, base: i32, maxRun: i32, out: usize, runs: usize, ring: i32): i32 {
  const zero = i32x4.splat(0), one = i32x4.splat(1);
  const width = i32x4.splat(maxRun), offset = i32x4.splat(base), first = i32x4.splat(base + maxRun + 1);
  let longest = zero;
  for (let b = 0; b < nBlocks; b++) {
    const code = at(blocks, b), p = blockAt(code);
    const levels = v128.load(grid + (<usize>p << 2));
    const before = p - step;
    const continued = i32x4.eq(v128.load(grid + (<usize>before << 2)), levels);
    const run = v128.bitselect(i32x4.add(v128.load(runs + (<usize>(before & ring) << 2)), one), one, continued);
    storeRing(runs, p & ring, ring, run);
    // 1 where the run ends (the next voxel along the line has another level).
    const ends = i32x4.sub(zero, v128.not(i32x4.eq(v128.load(grid + (<usize>(p + step) << 2)), levels)));
    longest = i32x4.max_s(longest, v128.and(run, i32x4.gt_s(levels, zero)));
    // Each lane adds its end (0 or 1) to its run's cell, base + level·maxRun + run, the four
    // cells in one multiply-add and without a branch; a lane that holds no ROI voxel of the
    // row's interior adds 0 to the first cell (level 1, run 1).
    const inside = roiLanes(levels, code);
    const cells = v128.bitselect(i32x4.add(i32x4.add(i32x4.mul(levels, width), run), offset), first, inside);
    const adds = v128.and(ends, inside);
    addRun(out, i32x4.extract_lane(cells, 0), i32x4.extract_lane(adds, 0));
    addRun(out, i32x4.extract_lane(cells, 1), i32x4.extract_lane(adds, 1));
    addRun(out, i32x4.extract_lane(cells, 2), i32x4.extract_lane(adds, 2));
    addRun(out, i32x4.extract_lane(cells, 3), i32x4.extract_lane(adds, 3));
  }
  return max(max(i32x4.extract_lane(longest, 0), i32x4.extract_lane(longest, 1)), max(i32x4.extract_lane(longest, 2), i32x4.extract_lane(longest, 3)));
}

/**
 * Four runs into ring slots s … s + 3 (see {@link runLengths}): those past the ring's end
 * land in the mirror and in the first slots too; the first slots' mirror is kept current.
 */
@inline function storeRing(runs: usize, s: i32, ring: i32, run: v128): void {
  v128.store(runs + (<usize>s << 2), run);
  if (s < 3) v128.store(runs + (<usize>(s + ring + 1) << 2), run);
  const wrapped = s + 3 - ring;
  if (wrapped > 0) {
    // Lanes 4 − wrapped … 3 belong to slots 0 … wrapped − 1.
    if (wrapped >= 3) store<i32>(runs, i32x4.extract_lane(run, 1));
    if (wrapped >= 2) store<i32>(runs + (<usize>(wrapped - 2) << 2), i32x4.extract_lane(run, 2));
    store<i32>(runs + (<usize>(wrapped - 1) << 2), i32x4.extract_lane(run, 3));
  }
}

/** Adds `end` (0 or 1) to the count at cell `index`. */
@inline function addRun(out: usize, index: i32, end: i32): void {
  const cell = out + (<usize>index << 2);
  store<u32>(cell, load<u32>(cell) + <u32>end);
}

/**
 * The non-zero cells of `matrices` rows × cols u32 matrices laid end to end at `counts`
 * (twin: nonZeroCells in ../texture.ts), matrix after matrix, each in row-major order:
 * 1-based rows to `rowsOut` and columns to `colsOut` (i32), values to `values` (f64), and
 * each matrix's number of cells to `perMatrix` (i32). With SIMD, four empty cells are
 * passed over at once: a run-length matrix has a column per possible length, mostly empty.
 */
export function nonZeroCells(counts: usize, matrices: i32, rows: i32, cols: i32, rowsOut: usize, colsOut: usize, values: usize, perMatrix: usize): void {
  const cells = rows * cols;
  let n = 0;
  for (let m = 0; m < matrices; m++) {
    const first = n, base = counts + (<usize>m * <usize>cells << 2);
    let k = 0;
    if (ASC_FEATURE_SIMD) {
      for (; k + 3 < cells; k += 4) {
        if (!v128.any_true(v128.load(base + (<usize>k << 2)))) continue;
        for (let q = k; q < k + 4; q++) n = cellOut(base, q, cols, n, rowsOut, colsOut, values);
      }
    }
    for (; k < cells; k++) n = cellOut(base, k, cols, n, rowsOut, colsOut, values);
    store<i32>(perMatrix + (<usize>m << 2), n - first);
  }
}

/** Cell `q` of the matrix at `base` as entry `n` when it is not zero; returns the next entry's index. */
@inline function cellOut(base: usize, q: i32, cols: i32, n: i32, rowsOut: usize, colsOut: usize, values: usize): i32 {
  const v = load<u32>(base + (<usize>q << 2));
  if (v == 0) return n;
  store<i32>(rowsOut + (<usize>n << 2), q / cols + 1);
  store<i32>(colsOut + (<usize>n << 2), q % cols + 1);
  store<f64>(values + (<usize>n << 3), <f64>v);
  return n + 1;
}

/**
 * The non-zero cells of the ng × measure histogram of `n` zones (i32 `level` 1…ng and
 * `measure` ≥ 1; twin: zoneEntries in ../texture.ts) in row-major order: 1-based levels to
 * `rowsOut`, measures to `colsOut` (i32), counts to `values` (f64); returns their number.
 * The zones' indices are sorted by measure (least significant 16 bits first, then the
 * rest when some measure needs them), then stably by level, so equal cells are adjacent
 * and in row-major order. `order` is scratch of 2n i32, `counts` of max(65,536, ng + 1) i32.
 */
export function zoneEntries(level: usize, measure: usize, n: i32, ng: i32, order: usize, counts: usize, rowsOut: usize, colsOut: usize, values: usize): i32 {
  const other = order + (<usize>n << 2);
  let largest = 0;
  for (let z = 0; z < n; z++) {
    store<i32>(order + (<usize>z << 2), z);
    largest = max(largest, at(measure, z));
  }
  let from = order, to = other;
  for (let shift = 0; shift == 0 || (shift < 32 && (largest >>> shift) != 0); shift += 16) {
    countingPass(from, to, n, measure, shift, 0xffff, counts, 65536);
    const swap = from;
    from = to;
    to = swap;
  }
  countingPass(from, to, n, level, 0, -1, counts, ng + 1);
  let e = 0;
  for (let k = 0; k < n; k++) {
    const z = at(to, k), l = at(level, z), m = at(measure, z);
    if (e > 0 && at(rowsOut, e - 1) == l && at(colsOut, e - 1) == m) {
      store<f64>(values + (<usize>(e - 1) << 3), load<f64>(values + (<usize>(e - 1) << 3)) + 1);
      continue;
    }
    store<i32>(rowsOut + (<usize>e << 2), l);
    store<i32>(colsOut + (<usize>e << 2), m);
    store<f64>(values + (<usize>e << 3), 1);
    e++;
  }
  return e;
}

/** A stable counting sort of the `n` zone indices at `from` into `to` by (key >>> shift) & mask of their `keys`, with `buckets` counters at `counts`. */
@inline function countingPass(from: usize, to: usize, n: i32, keys: usize, shift: i32, mask: i32, counts: usize, buckets: i32): void {
  memory.fill(counts, 0, <usize>buckets << 2);
  for (let k = 0; k < n; k++) bump(counts, (at(keys, at(from, k)) >>> shift) & mask);
  let total = 0;
  for (let b = 0; b < buckets; b++) {
    const c = at(counts, b);
    store<i32>(counts + (<usize>b << 2), total);
    total += c;
  }
  for (let k = 0; k < n; k++) {
    const z = at(from, k);
    const slot = counts + (<usize>((at(keys, z) >>> shift) & mask) << 2);
    const place = load<i32>(slot);
    store<i32>(slot, place + 1);
    store<i32>(to + (<usize>place << 2), z);
  }
}

/** Whether some line along `step` holds two ROI voxels (> 0), walking each line from its start. */
function lineHoldsTwo(grid: usize, total: i32, step: i32): bool {
  for (let p = 0; p < total; p++) {
    if (at(grid, p) == BORDER || at(grid, p - step) != BORDER) continue;
    let roi = 0;
    for (let q = p, l = at(grid, q); l != BORDER; q += step, l = at(grid, q)) {
      if (l > 0 && ++roi > 1) return true;
    }
  }
  return false;
}

/**
 * Zones (connected voxels of equal level through the `count` neighbour deltas), found
 * by depth-first flood fill from each unvisited ROI voxel (the list at `voxels`, in scan
 * order). A visited voxel's level is negated in the grid (no copy of the grid is needed)
 * and every ROI voxel's level is restored at the end. With SIMD, when the neighbours are
 * at most nine whole rows of three along x (the 26 or, in a plane, the 8 nearest: `rows`
 * holds the grid delta of each row's first voxel, `nRows` of them), a row's three are
 * tested at once. Writes each zone's level, size and (when `distance`, a padded i32 grid,
 * is not 0) smallest distance to `level`, `size`, `dist`; returns the number of zones.
 * `stack` needs room for one i32 per ROI voxel. (A scalar neighbour loop without branches,
 * every neighbour written to the stack top and its cell rewritten, measured slower: 4.9
 * against 3.9 ms on the CT phantom; the rows' hits gathered in one mask and visited in one
 * loop took the row-by-row version's 3.6 ms to 2.6.)
 */
export function zones(
  grid: usize, voxels: usize, nVoxels: i32, deltas: usize, count: i32, rows: usize, nRows: i32,
  distance: usize, stack: usize, level: usize, size: usize, dist: usize,
): i32 {
  let zonesFound = 0;
  for (let v = 0; v < nVoxels; v++) {
    const start = at(voxels, v);
    const l = at(grid, start);
    if (l <= 0) continue;
    store<i32>(grid + (<usize>start << 2), -l);
    store<i32>(stack, start);
    let top = 1;
    let members = 0;
    let nearest = i32.MAX_VALUE;
    while (top > 0) {
      const p = at(stack, --top);
      members++;
      if (distance != 0) {
        const d = at(distance, p);
        if (d < nearest) nearest = d;
      }
      if (ASC_FEATURE_SIMD && nRows > 0) {
        // The neighbours as rows of three (x − 1, x, x + 1): each row's three tested in one
        // compare, the rows' hits gathered as bits 3r … 3r + 2 of one mask; only the voxels
        // of the zone are then visited, one loop over the mask (one hard-to-predict branch
        // a voxel instead of one a row).
        const target = i32x4.splat(l);
        let hits: u32 = 0;
        for (let r = 0; r < nRows; r++) {
          hits |= (<u32>i32x4.bitmask(i32x4.eq(v128.load(grid + (<usize>(p + at(rows, r)) << 2)), target)) & 7) << (<u32>(3 * r));
        }
        for (; hits != 0; hits &= hits - 1) {
          const bit = <i32>ctz(hits);
          // bit / 3 for bit < 27: (bit · 11) >> 5.
          const r = (bit * 11) >> 5;
          const q = p + at(rows, r) + bit - 3 * r;
          store<i32>(grid + (<usize>q << 2), -l);
          store<i32>(stack + (<usize>(top++) << 2), q);
        }
        continue;
      }
      for (let o = 0; o < count; o++) {
        const q = p + at(deltas, o);
        if (at(grid, q) != l) continue;
        store<i32>(grid + (<usize>q << 2), -l);
        store<i32>(stack + (<usize>(top++) << 2), q);
      }
    }
    store<i32>(level + (<usize>zonesFound << 2), l);
    store<i32>(size + (<usize>zonesFound << 2), members);
    if (distance != 0) store<i32>(dist + (<usize>zonesFound << 2), nearest);
    zonesFound++;
  }
  for (let v = 0; v < nVoxels; v++) {
    const p = <usize>at(voxels, v) << 2;
    store<i32>(grid + p, -load<i32>(grid + p));
  }
  return zonesFound;
}

/**
 * Distance to the ROI border by breadth-first search over the face neighbours (`count`
 * deltas): 1 for ROI voxels (> 0 in `grid`) with a face neighbour outside, one more per
 * step inward. Writes the padded grid `out` (0 outside the ROI); `queue` needs one i32
 * per ROI voxel.
 */
export function borderDistance(grid: usize, total: i32, deltas: usize, count: i32, queue: usize, out: usize): void {
  memory.fill(out, 0, <usize>total * 4);
  let tail = 0;
  for (let p = 0; p < total; p++) {
    if (at(grid, p) <= 0) continue;
    for (let o = 0; o < count; o++) {
      if (at(grid, p + at(deltas, o)) <= 0) {
        store<i32>(out + (<usize>p << 2), 1);
        store<i32>(queue + (<usize>(tail++) << 2), p);
        break;
      }
    }
  }
  for (let head = 0; head < tail; head++) {
    const p = at(queue, head);
    const next = at(out, p) + 1;
    for (let o = 0; o < count; o++) {
      const q = p + at(deltas, o);
      if (at(grid, q) > 0 && at(out, q) == 0) {
        store<i32>(out + (<usize>q << 2), next);
        store<i32>(queue + (<usize>(tail++) << 2), q);
      }
    }
  }
}

/**
 * Neighbourhood gray-tone differences over the `count` neighbour deltas: per level
 * (index = level, f64 arrays of ng + 1) the voxel count, the count of voxels with ROI
 * neighbours, and Σ |level − mean neighbour level|, summed in scan order. With SIMD the
 * neighbour sums of each block's four voxels ({@link roiBlocks}) are taken at once.
 */
export function neighbourhoodDifferences(
  grid: usize, voxels: usize, nVoxels: i32, blocks: usize, nBlocks: i32,
  ng: i32, deltas: usize, count: i32, all: usize, withNeighbours: usize, difference: usize,
): void {
  const bytes = <usize>(ng + 1) * 8;
  memory.fill(all, 0, bytes);
  memory.fill(withNeighbours, 0, bytes);
  memory.fill(difference, 0, bytes);
  if (ASC_FEATURE_SIMD) {
    const zero = i32x4.splat(0);
    for (let b = 0; b < nBlocks; b++) {
      const code = at(blocks, b), p = blockAt(code);
      // Two accumulators each (integers: the order changes nothing), so consecutive
      // neighbours do not wait on one another (GLDM on the 2.5 M-voxel ROI: 38 → 17 ms).
      let sum0 = zero, sum1 = zero, k0 = zero, k1 = zero;
      let o = 0;
      for (; o + 1 < count; o += 2) {
        const l0 = v128.load(grid + (<usize>(p + at(deltas, o)) << 2));
        const l1 = v128.load(grid + (<usize>(p + at(deltas, o + 1)) << 2));
        const inside0 = i32x4.gt_s(l0, zero), inside1 = i32x4.gt_s(l1, zero);
        sum0 = i32x4.add(sum0, v128.and(l0, inside0));
        sum1 = i32x4.add(sum1, v128.and(l1, inside1));
        k0 = i32x4.sub(k0, inside0);
        k1 = i32x4.sub(k1, inside1);
      }
      if (o < count) {
        const l = v128.load(grid + (<usize>(p + at(deltas, o)) << 2));
        const inside = i32x4.gt_s(l, zero);
        sum0 = i32x4.add(sum0, v128.and(l, inside));
        k0 = i32x4.sub(k0, inside);
      }
      const sum = i32x4.add(sum0, sum1), k = i32x4.add(k0, k1);
      const lanes = lanesOf(code);
      for (let lane = 0; lane < lanes; lane++) {
        const level = at(grid, p + lane);
        if (level <= 0) continue;
        differenceOf(level, lane == 0 ? i32x4.extract_lane(sum, 0) : lane == 1 ? i32x4.extract_lane(sum, 1) : lane == 2 ? i32x4.extract_lane(sum, 2) : i32x4.extract_lane(sum, 3),
          lane == 0 ? i32x4.extract_lane(k, 0) : lane == 1 ? i32x4.extract_lane(k, 1) : lane == 2 ? i32x4.extract_lane(k, 2) : i32x4.extract_lane(k, 3), all, withNeighbours, difference);
      }
    }
    return;
  }
  for (let v = 0; v < nVoxels; v++) {
    const p = at(voxels, v);
    const level = at(grid, p);
    let sum = 0, k = 0;
    // Without branches on the data: a neighbour outside the ROI adds 0 to both.
    for (let o = 0; o < count; o++) {
      const l = at(grid, p + at(deltas, o));
      const inside = <i32>(l > 0);
      sum += select<i32>(l, 0, inside);
      k += inside;
    }
    differenceOf(level, sum, k, all, withNeighbours, difference);
  }
}

/** Adds one voxel (its level, the sum and number of its ROI neighbours) to the NGTDM sums. */
@inline function differenceOf(level: i32, sum: i32, k: i32, all: usize, withNeighbours: usize, difference: usize): void {
  const slot = <usize>level << 3;
  store<f64>(all + slot, load<f64>(all + slot) + 1);
  if (k > 0) {
    store<f64>(withNeighbours + slot, load<f64>(withNeighbours + slot) + 1);
    store<f64>(difference + slot, load<f64>(difference + slot) + Math.abs(<f64>level - <f64>sum / <f64>k));
  }
}

/**
 * Dependence counts: for each ROI voxel, k = 1 + its ROI neighbours whose level differs
 * by at most `alpha`; an ng × (count + 1) u32 matrix at `out`. With SIMD each block's four
 * voxels ({@link roiBlocks}) are tested against each neighbour at once (levels are integers, so
 * |l − level| ≤ alpha is |l − level| ≤ ⌊alpha⌋); the scalar build walks the voxel list.
 */
export function dependence(grid: usize, voxels: usize, nVoxels: i32, blocks: usize, nBlocks: i32, ng: i32, deltas: usize, count: i32, alpha: f64, out: usize): void {
  const width = count + 1;
  memory.fill(out, 0, <usize>ng * width * 4);
  if (ASC_FEATURE_SIMD) {
    const zero = i32x4.splat(0);
    const within = i32x4.splat(<i32>min(Math.floor(alpha), 2147483647.0));
    for (let b = 0; b < nBlocks; b++) {
      const code = at(blocks, b), p = blockAt(code);
      const levels = v128.load(grid + (<usize>p << 2));
      // Two accumulators, as in neighbourhoodDifferences.
      let k0 = zero, k1 = zero;
      let o = 0;
      for (; o + 1 < count; o += 2) {
        const l0 = v128.load(grid + (<usize>(p + at(deltas, o)) << 2));
        const l1 = v128.load(grid + (<usize>(p + at(deltas, o + 1)) << 2));
        k0 = i32x4.sub(k0, v128.and(i32x4.gt_s(l0, zero), i32x4.le_s(i32x4.abs(i32x4.sub(l0, levels)), within)));
        k1 = i32x4.sub(k1, v128.and(i32x4.gt_s(l1, zero), i32x4.le_s(i32x4.abs(i32x4.sub(l1, levels)), within)));
      }
      if (o < count) {
        const l = v128.load(grid + (<usize>(p + at(deltas, o)) << 2));
        k0 = i32x4.sub(k0, v128.and(i32x4.gt_s(l, zero), i32x4.le_s(i32x4.abs(i32x4.sub(l, levels)), within)));
      }
      const k = i32x4.add(k0, k1);
      const lanes = lanesOf(code);
      if (lanes > 0 && i32x4.extract_lane(levels, 0) > 0) bump(out, (i32x4.extract_lane(levels, 0) - 1) * width + i32x4.extract_lane(k, 0));
      if (lanes > 1 && i32x4.extract_lane(levels, 1) > 0) bump(out, (i32x4.extract_lane(levels, 1) - 1) * width + i32x4.extract_lane(k, 1));
      if (lanes > 2 && i32x4.extract_lane(levels, 2) > 0) bump(out, (i32x4.extract_lane(levels, 2) - 1) * width + i32x4.extract_lane(k, 2));
      if (lanes > 3 && i32x4.extract_lane(levels, 3) > 0) bump(out, (i32x4.extract_lane(levels, 3) - 1) * width + i32x4.extract_lane(k, 3));
    }
    return;
  }
  for (let v = 0; v < nVoxels; v++) {
    const p = at(voxels, v);
    const level = at(grid, p);
    let k = 0;
    // Without branches on the data (the flags add 0 or 1).
    for (let o = 0; o < count; o++) {
      const l = at(grid, p + at(deltas, o));
      k += <i32>(l > 0) & <i32>(<f64>abs<i32>(l - level) <= alpha);
    }
    bump(out, (level - 1) * width + k);
  }
}

/**
 * The texture volume's layout (twin: placeLevels in ../texture.ts): scans the inclusive box
 * (lx…ux, ly…uy, lz…uz) of an nx × ny source grid; each voxel goes to output index
 * (i − lx)·sx + (j − ly)·sy + (k − lz)·sz of an output of `total` voxels (the box's, so
 * every output voxel is written) in slices of `plane`. Writes 1 or 0 to the u8
 * `morphology` as the u8 `morphological` mask is set or not, the next of `levels` (u8, u16
 * or i32 by `size`, source scan order, with room for one more) or 0 to the i32 `out` as the u8 `intensity`
 * mask is set or not, and counts those per output slice in the i32 `perSlice`. Without a
 * branch on the data (the masks' edges are in no order) and without a division: a voxel's
 * slice p / plane is its offset along the axis whose stride is `plane` (an axis of one
 * voxel adds 0 whatever its stride). A `morphology` of 0 writes no mask (a placement kept
 * for the texture families, which only GLDZM's distances ask it of); an `out` of 0 writes
 * the mask alone (`intensity`, `levels` and `perSlice` are then not read nor written).
 */
export function placeLevels(
  intensity: usize, morphological: usize, levels: usize, size: i32, nx: i32, ny: i32,
  lx: i32, ly: i32, lz: i32, ux: i32, uy: i32, uz: i32, sx: i32, sy: i32, sz: i32, total: i32, plane: i32,
  out: usize, morphology: usize, perSlice: usize,
): void {
  if (size == 1) placeLevelsOf<u8>(intensity, morphological, levels, nx, ny, lx, ly, lz, ux, uy, uz, sx, sy, sz, total, plane, out, morphology, perSlice);
  else if (size == 2) placeLevelsOf<u16>(intensity, morphological, levels, nx, ny, lx, ly, lz, ux, uy, uz, sx, sy, sz, total, plane, out, morphology, perSlice);
  else placeLevelsOf<i32>(intensity, morphological, levels, nx, ny, lx, ly, lz, ux, uy, uz, sx, sy, sz, total, plane, out, morphology, perSlice);
}

function placeLevelsOf<T>(
  intensity: usize, morphological: usize, levels: usize, nx: i32, ny: i32,
  lx: i32, ly: i32, lz: i32, ux: i32, uy: i32, uz: i32, sx: i32, sy: i32, sz: i32, total: i32, plane: i32,
  out: usize, morphology: usize, perSlice: usize,
): void {
  const withMask = morphology != 0, withLevels = out != 0;
  if (withLevels) memory.fill(perSlice, 0, <usize>(total / plane) * 4);
  const alongX = <i32>(sx == plane), alongY = <i32>(sy == plane), alongZ = <i32>(sz == plane);
  let next = 0;
  for (let k = lz; k <= uz; k++) {
    for (let j = ly; j <= uy; j++) {
      const row = (j - ly) * sy + (k - lz) * sz;
      const rowSlice = (j - ly) * alongY + (k - lz) * alongZ;
      const first = next;
      let n = lx + nx * (j + ny * k);
      for (let i = lx; i <= ux; i++, n++) {
        const p = row + (i - lx) * sx;
        if (withMask) store<u8>(morphology + p, <u8>(load<u8>(morphological + n) != 0));
        if (!withLevels) continue;
        const inside = <i32>(load<u8>(intensity + n) != 0);
        store<i32>(out + (<usize>p << 2), select<i32>(<i32>load<T>(levels + <usize>next * sizeof<T>()), 0, inside));
        // Slices across x: a slice per voxel. Otherwise the row's count is added once, below
        // (a counter in memory bumped voxel after voxel is a chain of loads and stores).
        if (alongX) bump(perSlice, rowSlice + i - lx, inside);
        next += inside;
      }
      if (withLevels && !alongX) bump(perSlice, rowSlice, next - first);
    }
  }
}
