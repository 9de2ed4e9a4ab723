// Khachiyan's weights for the minimum-volume enclosing ellipsoid in AssemblyScript: the
// twin of khachiyanWeights in ../../shape/ellipsoid.ts, the same arithmetic in the same
// order, so the same weights bit for bit. X's sixteen sums and the points' m_j run two
// lanes at a time where SIMD is on: each lane's operations are the twin's, in its order.

/** Inverse of the 4 × 4 matrix at `m` into `inv` by Gauss–Jordan elimination with pivoting (`a`: 16 f64 of scratch). */
function invert4(m: usize, a: usize, inv: usize): void {
  memory.copy(a, m, 128);
  memory.fill(inv, 0, 128);
  for (let i = 0; i < 4; i++) store<f64>(inv + (<usize>(i * 5) << 3), 1);
  for (let col = 0; col < 4; col++) {
    let pivot = col;
    for (let r = col + 1; r < 4; r++) if (Math.abs(load<f64>(a + (<usize>(r * 4 + col) << 3))) > Math.abs(load<f64>(a + (<usize>(pivot * 4 + col) << 3)))) pivot = r;
    for (let k = 0; k < 4; k++) {
      const c = <usize>(col * 4 + k) << 3, p = <usize>(pivot * 4 + k) << 3;
      const ak = load<f64>(a + c), ik = load<f64>(inv + c);
      store<f64>(a + c, load<f64>(a + p));
      store<f64>(a + p, ak);
      store<f64>(inv + c, load<f64>(inv + p));
      store<f64>(inv + p, ik);
    }
    const d = load<f64>(a + (<usize>(col * 5) << 3));
    for (let k = 0; k < 4; k++) {
      const c = <usize>(col * 4 + k) << 3;
      store<f64>(a + c, load<f64>(a + c) / d);
      store<f64>(inv + c, load<f64>(inv + c) / d);
    }
    for (let r = 0; r < 4; r++) {
      if (r == col) continue;
      const f = load<f64>(a + (<usize>(r * 4 + col) << 3));
      if (f == 0) continue;
      for (let k = 0; k < 4; k++) {
        const at = <usize>(r * 4 + k) << 3, c = <usize>(col * 4 + k) << 3;
        store<f64>(a + at, load<f64>(a + at) - f * load<f64>(a + c));
        store<f64>(inv + at, load<f64>(inv + at) - f * load<f64>(inv + c));
      }
    }
  }
}

/** X = Σ_j u_j q_j q_jᵀ of the n points at `p` (q_j = (p_j, 1)) into the 16 f64 at `x`, each product (u·q_r)·q_c. */
function momentMatrix(p: usize, u: usize, n: i32, x: usize): void {
  if (ASC_FEATURE_SIMD) {
    // Sums (0, 1), (2, 3), … in lanes: each lane adds what the twin adds to that sum.
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    let a4 = f64x2.splat(0), a5 = f64x2.splat(0), a6 = f64x2.splat(0), a7 = f64x2.splat(0);
    for (let j = 0; j < n; j++) {
      const at = p + <usize>(j * 24);
      const w = load<f64>(u + (<usize>j << 3)), q0 = load<f64>(at), q1 = load<f64>(at + 8), q2 = load<f64>(at + 16);
      const q01 = f64x2(q0, q1), q21 = f64x2(q2, 1);
      const w0 = w * q0, w1 = w * q1, w2 = w * q2;
      const s0 = f64x2.splat(w0), s1 = f64x2.splat(w1), s2 = f64x2.splat(w2), s = f64x2.splat(w);
      // The last column adds w_r itself (w_r · 1 = w_r exactly).
      a0 = f64x2.add(a0, f64x2.mul(s0, q01)); a1 = f64x2.add(a1, f64x2.mul(s0, q21));
      a2 = f64x2.add(a2, f64x2.mul(s1, q01)); a3 = f64x2.add(a3, f64x2.mul(s1, q21));
      a4 = f64x2.add(a4, f64x2.mul(s2, q01)); a5 = f64x2.add(a5, f64x2.mul(s2, q21));
      a6 = f64x2.add(a6, f64x2.mul(s, q01)); a7 = f64x2.add(a7, f64x2.mul(s, q21));
    }
    v128.store(x, a0); v128.store(x + 16, a1); v128.store(x + 32, a2); v128.store(x + 48, a3);
    v128.store(x + 64, a4); v128.store(x + 80, a5); v128.store(x + 96, a6); v128.store(x + 112, a7);
    return;
  }
  memory.fill(x, 0, 128);
  for (let j = 0; j < n; j++) {
    const at = p + <usize>(j * 24);
    const w = load<f64>(u + (<usize>j << 3)), q0 = load<f64>(at), q1 = load<f64>(at + 8), q2 = load<f64>(at + 16);
    addRow(x, w * q0, q0, q1, q2);
    addRow(x + 32, w * q1, q0, q1, q2);
    addRow(x + 64, w * q2, q0, q1, q2);
    addRow(x + 96, w, q0, q1, q2);
  }
}

/** Adds (wr·q0, wr·q1, wr·q2, wr) to the row of four f64 at `row`. */
// @ts-ignore: decorator
@inline
function addRow(row: usize, wr: f64, q0: f64, q1: f64, q2: f64): void {
  store<f64>(row, load<f64>(row) + wr * q0);
  store<f64>(row + 8, load<f64>(row + 8) + wr * q1);
  store<f64>(row + 16, load<f64>(row + 16) + wr * q2);
  store<f64>(row + 24, load<f64>(row + 24) + wr);
}

/** m = q_jᵀ X⁻¹ q_j of one point, summed row by row as Σ_r Σ_c (q_r·xi_rc)·q_c (the twin's order). */
// @ts-ignore: decorator
@inline
function quadratic(xi: usize, q0: f64, q1: f64, q2: f64): f64 {
  let m: f64 = 0;
  m += q0 * load<f64>(xi) * q0; m += q0 * load<f64>(xi + 8) * q1; m += q0 * load<f64>(xi + 16) * q2; m += q0 * load<f64>(xi + 24);
  m += q1 * load<f64>(xi + 32) * q0; m += q1 * load<f64>(xi + 40) * q1; m += q1 * load<f64>(xi + 48) * q2; m += q1 * load<f64>(xi + 56);
  m += q2 * load<f64>(xi + 64) * q0; m += q2 * load<f64>(xi + 72) * q1; m += q2 * load<f64>(xi + 80) * q2; m += q2 * load<f64>(xi + 88);
  m += load<f64>(xi + 96) * q0; m += load<f64>(xi + 104) * q1; m += load<f64>(xi + 112) * q2; m += load<f64>(xi + 120);
  return m;
}

/**
 * The point of largest m_j = q_jᵀ X⁻¹ q_j (the first of equals), its index into `best` (i32)
 * and returns m. With SIMD two points go in the two lanes, each lane's sum the twin's.
 */
function farthest(p: usize, n: i32, xi: usize, best: usize): f64 {
  let bestM = -Infinity, at = 0, j = 0;
  if (ASC_FEATURE_SIMD) {
    const x0 = f64x2.splat(load<f64>(xi)), x1 = f64x2.splat(load<f64>(xi + 8)), x2 = f64x2.splat(load<f64>(xi + 16)), x3 = f64x2.splat(load<f64>(xi + 24));
    const x4 = f64x2.splat(load<f64>(xi + 32)), x5 = f64x2.splat(load<f64>(xi + 40)), x6 = f64x2.splat(load<f64>(xi + 48)), x7 = f64x2.splat(load<f64>(xi + 56));
    const x8 = f64x2.splat(load<f64>(xi + 64)), x9 = f64x2.splat(load<f64>(xi + 72)), x10 = f64x2.splat(load<f64>(xi + 80)), x11 = f64x2.splat(load<f64>(xi + 88));
    const x12 = f64x2.splat(load<f64>(xi + 96)), x13 = f64x2.splat(load<f64>(xi + 104)), x14 = f64x2.splat(load<f64>(xi + 112)), x15 = f64x2.splat(load<f64>(xi + 120));
    for (; j + 2 <= n; j += 2) {
      const a = p + <usize>(j * 24);
      const q0 = f64x2(load<f64>(a), load<f64>(a + 24)), q1 = f64x2(load<f64>(a + 8), load<f64>(a + 32)), q2 = f64x2(load<f64>(a + 16), load<f64>(a + 40));
      let m = f64x2.splat(0);
      m = f64x2.add(m, f64x2.mul(f64x2.mul(q0, x0), q0)); m = f64x2.add(m, f64x2.mul(f64x2.mul(q0, x1), q1)); m = f64x2.add(m, f64x2.mul(f64x2.mul(q0, x2), q2)); m = f64x2.add(m, f64x2.mul(q0, x3));
      m = f64x2.add(m, f64x2.mul(f64x2.mul(q1, x4), q0)); m = f64x2.add(m, f64x2.mul(f64x2.mul(q1, x5), q1)); m = f64x2.add(m, f64x2.mul(f64x2.mul(q1, x6), q2)); m = f64x2.add(m, f64x2.mul(q1, x7));
      m = f64x2.add(m, f64x2.mul(f64x2.mul(q2, x8), q0)); m = f64x2.add(m, f64x2.mul(f64x2.mul(q2, x9), q1)); m = f64x2.add(m, f64x2.mul(f64x2.mul(q2, x10), q2)); m = f64x2.add(m, f64x2.mul(q2, x11));
      m = f64x2.add(m, f64x2.mul(x12, q0)); m = f64x2.add(m, f64x2.mul(x13, q1)); m = f64x2.add(m, f64x2.mul(x14, q2)); m = f64x2.add(m, x15);
      const m0 = f64x2.extract_lane(m, 0), m1 = f64x2.extract_lane(m, 1);
      if (m0 > bestM) {
        bestM = m0;
        at = j;
      }
      if (m1 > bestM) {
        bestM = m1;
        at = j + 1;
      }
    }
  }
  for (; j < n; j++) {
    const a = p + <usize>(j * 24);
    const m = quadratic(xi, load<f64>(a), load<f64>(a + 8), load<f64>(a + 16));
    if (m > bestM) {
      bestM = m;
      at = j;
    }
  }
  store<i32>(best, at);
  return bestM;
}

/**
 * Khachiyan's weights of n (x, y, z) points at `p` (f64) into `u` (n f64), from 1/n, for
 * at most `iterations` or until the step falls below `tolerance`. Scratch: `x`, `xi`, `a`
 * (16 f64 each) and `best` (one i32).
 */
export function khachiyanWeights(p: usize, n: i32, tolerance: f64, iterations: i32, u: usize, x: usize, xi: usize, a: usize, best: usize): void {
  const d: f64 = 3;
  const start = 1 / <f64>n;
  for (let j = 0; j < n; j++) store<f64>(u + (<usize>j << 3), start);
  for (let iteration = 0; iteration < iterations; iteration++) {
    momentMatrix(p, u, n, x);
    invert4(x, a, xi);
    const bestM = farthest(p, n, xi, best);
    const step = (bestM - d - 1) / ((d + 1) * (bestM - 1));
    const keep = 1 - step;
    for (let j = 0; j < n; j++) store<f64>(u + (<usize>j << 3), load<f64>(u + (<usize>j << 3)) * keep);
    const at = u + (<usize>load<i32>(best) << 3);
    store<f64>(at, load<f64>(at) + step);
    if (step < tolerance) break;
  }
}
