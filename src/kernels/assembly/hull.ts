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
