// Marching-cubes sums in AssemblyScript: the WebAssembly twin of the voxel scan in
// ../../shape/mesh.ts. The loader passes the lookup tables (triangle edges per cube
// configuration, edge midpoints in mm, corner offsets in the padded grid); this kernel
// walks the cubes and accumulates the signed volume (× 6) and the area.

/**
 * Copies an nx × ny × nz u8 mask into `grid`, padded by one empty voxel on every side,
 * as 0/1.
 */
export function padMask(mask: usize, nx: i32, ny: i32, nz: i32, grid: usize): void {
  const px = nx + 2, py = ny + 2;
  memory.fill(grid, 0, <usize>px * py * (nz + 2));
  let n = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = grid + 1 + <usize>px * (y + 1 + py * (z + 1));
      for (let x = 0; x < nx; x++, n++) if (load<u8>(mask + n) != 0) store<u8>(row + x, 1);
    }
  }
}

/**
 * Signed volume × 6 and area of the midpoint mesh of a padded 0/1 grid of px × py × pz.
 * `corners`: 8 i32 grid offsets; `start`: 129 i32, triangles of configuration c are edge
 * triples `edges[start[c] .. start[c + 1])` (i32); `mid`: 36 f64, the (z, y, x) mm
 * coordinates of the 12 edge midpoints. Writes volume × 6 and area to `out` (2 f64).
 */
export function meshSums(grid: usize, px: i32, py: i32, pz: i32, sx: f64, sy: f64, sz: f64, corners: usize, start: usize, edges: usize, mid: usize, out: usize): void {
  let volume: f64 = 0, area: f64 = 0;
  for (let z = 0; z < pz - 1; z++) {
    for (let y = 0; y < py - 1; y++) {
      let p = <usize>px * (y + py * z);
      for (let x = 0; x < px - 1; x++, p++) {
        // With SIMD, 16 cubes whose corners are all outside or all inside (config 0 or
        // 255, no triangle) are passed over at once.
        if (ASC_FEATURE_SIMD && x + 17 <= px && uniformBlock(grid + p, <usize>px, <usize>px * py)) {
          x += 15;
          p += 15;
          continue;
        }
        let config = 0;
        for (let k = 0; k < 8; k++) if (load<u8>(grid + p + load<i32>(corners + (<usize>k << 2))) != 0) config |= 1 << k;
        if (config == 0 || config == 255) continue;
        let sign: f64 = 1;
        if (config & 0x80) {
          config ^= 0xff;
          sign = -1;
        }
        const oz = <f64>z * sz, oy = <f64>y * sy, ox = <f64>x * sx;
        const first = load<i32>(start + (<usize>config << 2)), last = load<i32>(start + (<usize>(config + 1) << 2));
        for (let t = first; t < last; t += 3) {
          const e0 = <usize>load<i32>(edges + (<usize>t << 2)) * 24;
          const e1 = <usize>load<i32>(edges + (<usize>(t + 1) << 2)) * 24;
          const e2 = <usize>load<i32>(edges + (<usize>(t + 2) << 2)) * 24;
          const a0 = oz + load<f64>(mid + e0), a1 = oy + load<f64>(mid + e0 + 8), a2 = ox + load<f64>(mid + e0 + 16);
          const b0 = oz + load<f64>(mid + e1), b1 = oy + load<f64>(mid + e1 + 8), b2 = ox + load<f64>(mid + e1 + 16);
          const c0 = oz + load<f64>(mid + e2), c1 = oy + load<f64>(mid + e2 + 8), c2 = ox + load<f64>(mid + e2 + 16);
          volume += sign * (c0 * (a1 * b2 - b1 * a2) + c1 * (a2 * b0 - b2 * a0) + c2 * (a0 * b1 - b0 * a1));
          const u0 = a0 - c0, u1 = a1 - c1, u2 = a2 - c2;
          const v0 = b0 - c0, v1 = b1 - c1, v2 = b2 - c2;
          const n0 = u1 * v2 - v1 * u2, n1 = u2 * v0 - v2 * u0, n2 = u0 * v1 - v0 * u1;
          area += 0.5 * Math.sqrt(n0 * n0 + n1 * n1 + n2 * n2);
        }
      }
    }
  }
  store<f64>(out, volume);
  store<f64>(out + 8, area);
}

/**
 * Whether the 17 voxels from `at` along x of rows y, y + 1 at z and z + 1 (strides `row`,
 * `slice`) are all 0 or all 1: then the 16 cubes and the x, y and z edges starting at the
 * first 16 of them hold no surface.
 */
@inline function uniformBlock(at: usize, row: usize, slice: usize): bool {
  const a = v128.load(at), b = v128.load(at + 1);
  const c = v128.load(at + row), d = v128.load(at + row + 1);
  const e = v128.load(at + slice), f = v128.load(at + slice + 1);
  const g = v128.load(at + slice + row), h = v128.load(at + slice + row + 1);
  const any = v128.or(v128.or(v128.or(a, b), v128.or(c, d)), v128.or(v128.or(e, f), v128.or(g, h)));
  if (!v128.any_true(any)) return true;
  const all = v128.and(v128.and(v128.and(a, b), v128.and(c, d)), v128.and(v128.and(e, f), v128.and(g, h)));
  return i8x16.all_true(all);
}

/**
 * Midpoints of the grid edges whose two ends differ, as (x, y, z) mm triples in the
 * unpadded frame, written to `out` when it is not 0; returns their number.
 */
export function edgeCrossings(grid: usize, px: i32, py: i32, pz: i32, sx: f64, sy: f64, sz: f64, out: usize): i32 {
  let n = 0;
  const plane = px * py;
  for (let z = 0; z < pz; z++) {
    for (let y = 0; y < py; y++) {
      let p = <usize>px * (y + py * z);
      for (let x = 0; x < px; x++, p++) {
        if (ASC_FEATURE_SIMD && x + 17 <= px && y + 1 < py && z + 1 < pz && uniformBlock(grid + p, <usize>px, <usize>plane)) {
          x += 15;
          p += 15;
          continue;
        }
        const v = load<u8>(grid + p);
        if (x + 1 < px && load<u8>(grid + p + 1) != v) n = emit(out, n, (<f64>x - 0.5) * sx, <f64>(y - 1) * sy, <f64>(z - 1) * sz);
        if (y + 1 < py && load<u8>(grid + p + px) != v) n = emit(out, n, <f64>(x - 1) * sx, (<f64>y - 0.5) * sy, <f64>(z - 1) * sz);
        if (z + 1 < pz && load<u8>(grid + p + plane) != v) n = emit(out, n, <f64>(x - 1) * sx, <f64>(y - 1) * sy, (<f64>z - 0.5) * sz);
      }
    }
  }
  return n;
}

@inline function emit(out: usize, n: i32, x: f64, y: f64, z: f64): i32 {
  if (out != 0) {
    const at = out + <usize>n * 24;
    store<f64>(at, x);
    store<f64>(at + 8, y);
    store<f64>(at + 16, z);
  }
  return n + 1;
}

/**
 * Largest squared distance between any two of `n` points given as coordinate columns
 * (`xs`, `ys`, and `zs`, or 0 for 2-D points); each distance is summed x, y, z in that
 * order. With SIMD, two partner points are tested at a time.
 */
export function maxSquaredDistance(xs: usize, ys: usize, zs: usize, n: i32): f64 {
  let best: f64 = 0;
  for (let a = 0; a < n; a++) {
    const xa = load<f64>(xs + (<usize>a << 3)), ya = load<f64>(ys + (<usize>a << 3));
    const za = zs != 0 ? load<f64>(zs + (<usize>a << 3)) : 0;
    let b = a + 1;
    if (ASC_FEATURE_SIMD) {
      let widest = f64x2.splat(0);
      const vxa = f64x2.splat(xa), vya = f64x2.splat(ya), vza = f64x2.splat(za);
      for (; b + 2 <= n; b += 2) {
        const dx = f64x2.sub(vxa, v128.load(xs + (<usize>b << 3)));
        const dy = f64x2.sub(vya, v128.load(ys + (<usize>b << 3)));
        let d = f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy));
        if (zs != 0) {
          const dz = f64x2.sub(vza, v128.load(zs + (<usize>b << 3)));
          d = f64x2.add(d, f64x2.mul(dz, dz));
        }
        widest = f64x2.max(widest, d);
      }
      best = max(best, max(f64x2.extract_lane(widest, 0), f64x2.extract_lane(widest, 1)));
    }
    for (; b < n; b++) {
      const dx = xa - load<f64>(xs + (<usize>b << 3)), dy = ya - load<f64>(ys + (<usize>b << 3));
      let d = dx * dx + dy * dy;
      if (zs != 0) {
        const dz = za - load<f64>(zs + (<usize>b << 3));
        d += dz * dz;
      }
      if (d > best) best = d;
    }
  }
  return best;
}
