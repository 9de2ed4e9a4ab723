// Plane hulls in AssemblyScript: the WebAssembly twin of `planeHulls` in
// ../../shape/hull.ts. Vertices are grid-edge midpoints (coordinates on half-voxel
// steps), so planes across one axis and the rows inside a plane are integer keys; each
// row contributes its two extreme points, each plane's hull is Andrew's monotone chain
// over those (rows in order, each row's first point before its last: ordered by (v, u)
// without a sort), and the plane's diameter is the widest pair of its hull vertices. The same
// operations in the same order as the twin, so hull vertices and diameters are identical.

/** Half-voxel index of a coordinate: round(2 · c / spacing) (AssemblyScript's Math.round rounds halves up, as JavaScript's). */
@inline function halfStep(c: f64, spacing: f64): i32 {
  return <i32>Math.round((2 * c) / spacing);
}

/**
 * Extents of the plane keys (across `axis`) and row keys (along the next-but-one axis) of
 * `n` (x, y, z) f64 vertices: writes p0, p1, r0, r1 (i32) to `out`.
 */
export function planeExtent(vertices: usize, n: i32, axis: i32, sa: f64, sv: f64, out: usize): void {
  const v = (axis + 2) % 3;
  let p0 = i32.MAX_VALUE, p1 = i32.MIN_VALUE, r0 = i32.MAX_VALUE, r1 = i32.MIN_VALUE;
  for (let k = 0; k < n; k++) {
    const at = vertices + <usize>k * 24;
    const p = halfStep(load<f64>(at + (<usize>axis << 3)), sa), r = halfStep(load<f64>(at + (<usize>v << 3)), sv);
    if (p < p0) p0 = p;
    if (p > p1) p1 = p;
    if (r < r0) r0 = r;
    if (r > r1) r1 = r;
  }
  store<i32>(out, p0);
  store<i32>(out + 4, p1);
  store<i32>(out + 8, r0);
  store<i32>(out + 12, r1);
}

/** Cross product (a − o) × (b − o) of 2-D points in `flat` (u, v pairs). */
@inline function cross(flat: usize, o: i32, a: i32, b: i32): f64 {
  const ou = load<f64>(flat + (<usize>o << 4)), ov = load<f64>(flat + (<usize>o << 4) + 8);
  const au = load<f64>(flat + (<usize>a << 4)), av = load<f64>(flat + (<usize>a << 4) + 8);
  const bu = load<f64>(flat + (<usize>b << 4)), bv = load<f64>(flat + (<usize>b << 4) + 8);
  return (au - ou) * (bv - ov) - (av - ov) * (bu - ou);
}

/**
 * Each plane's 2-D hull (see the file comment). `first`, `last`: (p1 − p0 + 1) · rows i32
 * scratch; `members`, `stack`: rows · 2 (+ 1) i32 scratch each; `flat`: rows · 4 f64.
 * Writes the hull vertices, plane after plane, to `out` and the largest squared in-plane
 * distance to `diameter`; returns the number of hull vertices.
 */
export function planeHulls(
  vertices: usize, n: i32, axis: i32, sa: f64, sv: f64, p0: i32, p1: i32, r0: i32, r1: i32,
  first: usize, last: usize, members: usize, flat: usize, stack: usize, out: usize, diameter: usize,
): i32 {
  const u = (axis + 1) % 3, v = (axis + 2) % 3;
  const rows = r1 - r0 + 1;
  const slots = (p1 - p0 + 1) * rows;
  memory.fill(first, 0xff, <usize>slots << 2);
  memory.fill(last, 0xff, <usize>slots << 2);
  for (let k = 0; k < n; k++) {
    const at = vertices + <usize>k * 24;
    const slot = (halfStep(load<f64>(at + (<usize>axis << 3)), sa) - p0) * rows + halfStep(load<f64>(at + (<usize>v << 3)), sv) - r0;
    const c = load<f64>(at + (<usize>u << 3));
    const f = load<i32>(first + (<usize>slot << 2)), l = load<i32>(last + (<usize>slot << 2));
    if (f < 0 || c < load<f64>(vertices + <usize>f * 24 + (<usize>u << 3))) store<i32>(first + (<usize>slot << 2), k);
    if (l < 0 || c > load<f64>(vertices + <usize>l * 24 + (<usize>u << 3))) store<i32>(last + (<usize>slot << 2), k);
  }
  let written = 0;
  let widest: f64 = 0;
  for (let plane = 0; plane < slots; plane += rows) {
    let count = 0;
    for (let slot = plane; slot < plane + rows; slot++) {
      const f = load<i32>(first + (<usize>slot << 2));
      if (f < 0) continue;
      store<i32>(members + (<usize>(count++) << 2), f);
      const l = load<i32>(last + (<usize>slot << 2));
      if (l != f) store<i32>(members + (<usize>(count++) << 2), l);
    }
    if (count == 0) continue;
    for (let m = 0; m < count; m++) {
      const at = vertices + <usize>load<i32>(members + (<usize>m << 2)) * 24;
      store<f64>(flat + (<usize>m << 4), load<f64>(at + (<usize>u << 3)));
      store<f64>(flat + (<usize>m << 4) + 8, load<f64>(at + (<usize>v << 3)));
    }
    // Andrew's monotone chain over the members in their order, one side, then the other.
    let h = 0;
    if (count < 3) {
      for (let m = 0; m < count; m++) store<i32>(stack + (<usize>(h++) << 2), m);
    } else {
      for (let pass = 0; pass < 2; pass++) {
        const start = h;
        for (let m = 0; m < count; m++) {
          const p = pass == 0 ? m : count - 1 - m;
          while (h >= start + 2 && cross(flat, load<i32>(stack + (<usize>(h - 2) << 2)), load<i32>(stack + (<usize>(h - 1) << 2)), p) <= 0) h--;
          store<i32>(stack + (<usize>(h++) << 2), p);
        }
        h--;
      }
    }
    for (let a = 0; a < h; a++) {
      const pa = load<i32>(stack + (<usize>a << 2));
      const ua = load<f64>(flat + (<usize>pa << 4)), va = load<f64>(flat + (<usize>pa << 4) + 8);
      for (let b = a + 1; b < h; b++) {
        const pb = load<i32>(stack + (<usize>b << 2));
        const du = ua - load<f64>(flat + (<usize>pb << 4)), dv = va - load<f64>(flat + (<usize>pb << 4) + 8);
        const d = du * du + dv * dv;
        if (d > widest) widest = d;
      }
      store<i32>(out + (<usize>(written++) << 2), load<i32>(members + (<usize>pa << 2)));
    }
  }
  store<f64>(diameter, widest);
  return written;
}

// The oriented bounding box's faces: the hull's vertices projected on a face's plane and
// their 2-D hull, the twin of `projectedHulls` in ../../shape/ellipsoid.ts (convexHull2D in
// ../../shape/hull.ts: the octagon's prefilter, the (x, y) sort, Andrew's monotone chain),
// the same operations in the same order.

/**
 * The indices (ascending, i32 into `kept`) of the n points in `flat` not strictly inside the
 * octagon of their extreme points (margin 10⁻⁹ of the squared extent); returns their count.
 * Corner e is the first point of largest score e: −y, x − y, x, x + y, y, y − x, −x, −x − y.
 */
function outsideOctagon(flat: usize, n: i32, kept: usize): i32 {
  let s0 = -Infinity, s1 = -Infinity, s2 = -Infinity, s3 = -Infinity, s4 = -Infinity, s5 = -Infinity, s6 = -Infinity, s7 = -Infinity;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(flat + (<usize>i << 4)), y = load<f64>(flat + (<usize>i << 4) + 8);
    lo = min(min(lo, x), y);
    hi = max(max(hi, x), y);
    if (-y > s0) { s0 = -y; c0 = i; }
    if (x - y > s1) { s1 = x - y; c1 = i; }
    if (x > s2) { s2 = x; c2 = i; }
    if (x + y > s3) { s3 = x + y; c3 = i; }
    if (y > s4) { s4 = y; c4 = i; }
    if (y - x > s5) { s5 = y - x; c5 = i; }
    if (-x > s6) { s6 = -x; c6 = i; }
    if (-x - y > s7) { s7 = -x - y; c7 = i; }
  }
  // The corners, read once.
  const x0 = load<f64>(flat + (<usize>c0 << 4)), y0 = load<f64>(flat + (<usize>c0 << 4) + 8);
  const x1 = load<f64>(flat + (<usize>c1 << 4)), y1 = load<f64>(flat + (<usize>c1 << 4) + 8);
  const x2 = load<f64>(flat + (<usize>c2 << 4)), y2 = load<f64>(flat + (<usize>c2 << 4) + 8);
  const x3 = load<f64>(flat + (<usize>c3 << 4)), y3 = load<f64>(flat + (<usize>c3 << 4) + 8);
  const x4 = load<f64>(flat + (<usize>c4 << 4)), y4 = load<f64>(flat + (<usize>c4 << 4) + 8);
  const x5 = load<f64>(flat + (<usize>c5 << 4)), y5 = load<f64>(flat + (<usize>c5 << 4) + 8);
  const x6 = load<f64>(flat + (<usize>c6 << 4)), y6 = load<f64>(flat + (<usize>c6 << 4) + 8);
  const x7 = load<f64>(flat + (<usize>c7 << 4)), y7 = load<f64>(flat + (<usize>c7 << 4) + 8);
  const margin = 1e-9 * (hi - lo) * (hi - lo);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(flat + (<usize>i << 4)), y = load<f64>(flat + (<usize>i << 4) + 8);
    // Left of every side, in the twin's order, stopping at the first that fails.
    const inside = n > 8 &&
      (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0) > margin &&
      (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1) > margin &&
      (x3 - x2) * (y - y2) - (y3 - y2) * (x - x2) > margin &&
      (x4 - x3) * (y - y3) - (y4 - y3) * (x - x3) > margin &&
      (x5 - x4) * (y - y4) - (y5 - y4) * (x - x4) > margin &&
      (x6 - x5) * (y - y5) - (y6 - y5) * (x - x5) > margin &&
      (x7 - x6) * (y - y6) - (y7 - y6) * (x - x6) > margin &&
      (x0 - x7) * (y - y7) - (y0 - y7) * (x - x7) > margin;
    if (!inside) store<i32>(kept + (<usize>(count++) << 2), i);
  }
  return count;
}

/** Whether the record at `a` sorts after the record at `b` (x, y, index: 3 f64 each) by (x, y): the twin's comparator, x − x′ first, then y − y′, positive. */
@inline function after(a: usize, b: usize): bool {
  const dx = load<f64>(a) - load<f64>(b);
  if (dx != 0) return dx > 0;
  return load<f64>(a + 8) - load<f64>(b + 8) > 0;
}

/** Copies the record (3 f64) at `from` to `to`: loads and stores, cheaper than memory.copy at this size. */
@inline function move(to: usize, from: usize): void {
  const x = load<f64>(from), y = load<f64>(from + 8), id = load<f64>(from + 16);
  store<f64>(to, x);
  store<f64>(to + 8, y);
  store<f64>(to + 16, id);
}

/** Runs of this many records are sorted by insertion before they are merged. */
const RUN: i32 = 8;

/**
 * Sorts the n indices at `order` by their points' (x, y) in `flat`, equal points in their
 * order: a stable sort, as JavaScript's is, so the twin's order. The points are copied
 * into records (x, y, index) first, so that comparisons read neighbouring memory.
 * `records`: 6·n f64 of scratch.
 */
function sortByXY(flat: usize, order: usize, n: i32, records: usize): void {
  for (let k = 0; k < n; k++) {
    const i = load<i32>(order + (<usize>k << 2)), at = records + <usize>k * 24;
    store<f64>(at, load<f64>(flat + (<usize>i << 4)));
    store<f64>(at + 8, load<f64>(flat + (<usize>i << 4) + 8));
    store<f64>(at + 16, <f64>i);
  }
  // Insertion sort of each run: a record moves left past those that sort after it only.
  for (let start = 0; start < n; start += RUN) {
    const end = min(start + RUN, n);
    for (let k = start + 1; k < end; k++) {
      const x = load<f64>(records + <usize>k * 24), y = load<f64>(records + <usize>k * 24 + 8), id = load<f64>(records + <usize>k * 24 + 16);
      let m = k;
      while (m > start) {
        const prev = records + <usize>(m - 1) * 24;
        const dx = load<f64>(prev) - x;
        if (!(dx > 0 || (dx == 0 && load<f64>(prev + 8) - y > 0))) break;
        move(prev + 24, prev);
        m--;
      }
      const at = records + <usize>m * 24;
      store<f64>(at, x);
      store<f64>(at + 8, y);
      store<f64>(at + 16, id);
    }
  }
  let from = records, to = records + <usize>n * 24;
  for (let width = RUN; width < n; width <<= 1) {
    for (let start = 0; start < n; start += 2 * width) {
      const mid = min(start + width, n), end = min(start + 2 * width, n);
      let i = start, j = mid, k = start;
      while (i < mid && j < end) {
        const a = from + <usize>i * 24, b = from + <usize>j * 24;
        // The left one first unless it sorts after the right one: equal points keep their order.
        if (after(a, b)) {
          move(to + <usize>(k++) * 24, b);
          j++;
        } else {
          move(to + <usize>(k++) * 24, a);
          i++;
        }
      }
      while (i < mid) move(to + <usize>(k++) * 24, from + <usize>(i++) * 24);
      while (j < end) move(to + <usize>(k++) * 24, from + <usize>(j++) * 24);
    }
    const t = from;
    from = to;
    to = t;
  }
  for (let k = 0; k < n; k++) store<i32>(order + (<usize>k << 2), <i32>load<f64>(from + <usize>k * 24 + 16));
}

/** Andrew's monotone chain over the n indices at `order` (sorted by (x, y)) into `hull`; returns its length (fewer than 3 points: those, as they are). */
function monotoneChain(flat: usize, order: usize, n: i32, hull: usize): i32 {
  if (n < 3) {
    memory.copy(hull, order, <usize>n << 2);
    return n;
  }
  let size = 0;
  for (let pass = 0; pass < 2; pass++) {
    const start = size;
    for (let q = 0; q < n; q++) {
      const p = load<i32>(order + (<usize>(pass == 0 ? q : n - 1 - q) << 2));
      while (size >= start + 2 && cross(flat, load<i32>(hull + (<usize>(size - 2) << 2)), load<i32>(hull + (<usize>(size - 1) << 2)), p) <= 0) size--;
      store<i32>(hull + (<usize>(size++) << 2), p);
    }
    size--;
  }
  return size;
}

/**
 * The hull's `nv` vertices (indices at `vertices` into the f64 (x, y, z) `points`)
 * projected on the plane of the frame at `frame` (normal, e1, e2: 9 f64): the height
 * (largest minus smallest along the normal) to `height`, and the 2-D hull of their (e1, e2)
 * coordinates, in order, as (x, y) f64 pairs to `out`; returns the hull's length. Scratch:
 * `flat` 2·nv f64, `kept` nv i32, `records` 6·nv f64, `hull` 2·nv + 1 i32.
 */
export function projectedHull(
  points: usize, vertices: usize, nv: i32, frame: usize, height: usize, out: usize,
  flat: usize, kept: usize, records: usize, hull: usize,
): i32 {
  const n0 = load<f64>(frame), n1 = load<f64>(frame + 8), n2 = load<f64>(frame + 16);
  const a0 = load<f64>(frame + 24), a1 = load<f64>(frame + 32), a2 = load<f64>(frame + 40);
  const b0 = load<f64>(frame + 48), b1 = load<f64>(frame + 56), b2 = load<f64>(frame + 64);
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < nv; k++) {
    const at = points + <usize>load<i32>(vertices + (<usize>k << 2)) * 24;
    const p0 = load<f64>(at), p1 = load<f64>(at + 8), p2 = load<f64>(at + 16);
    const h = p0 * n0 + p1 * n1 + p2 * n2;
    lo = min(lo, h);
    hi = max(hi, h);
    store<f64>(flat + (<usize>k << 4), p0 * a0 + p1 * a1 + p2 * a2);
    store<f64>(flat + (<usize>k << 4) + 8, p0 * b0 + p1 * b1 + p2 * b2);
  }
  store<f64>(height, hi - lo);
  const count = outsideOctagon(flat, nv, kept);
  sortByXY(flat, kept, count, records);
  const size = monotoneChain(flat, kept, count, hull);
  for (let k = 0; k < size; k++) {
    const i = load<i32>(hull + (<usize>k << 2));
    store<f64>(out + (<usize>k << 4), load<f64>(flat + (<usize>i << 4)));
    store<f64>(out + (<usize>k << 4) + 8, load<f64>(flat + (<usize>i << 4) + 8));
  }
  return size;
}
