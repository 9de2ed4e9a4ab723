// The IBSI local intensity peaks in AssemblyScript: the twin of localPeaks in
// ../../features/localintensity.ts, the same sums in the same order, so the same peaks.
// With SIMD four neighbouring ROI voxels whose intervals the image's x extent does not clip
// go in two lane pairs: their rows are the same, and each lane adds its own differences in
// the twin's order; other voxels one at a time.

/**
 * Local means of the mask's voxels (u8 at `mask`) of the f64 image at `data` (nx × ny ×
 * nz), over the sphere's rows at `rows` (nRows triples dj, dk, w: i32), reduced to the
 * local peak (the mean at the highest intensity, the highest mean among equals) and the
 * global peak, written to `out` (2 f64). Scratch: `running`, (nx + 1) · ny · nz f64.
 */
export function localPeaks(data: usize, mask: usize, nx: i32, ny: i32, nz: i32, rows: usize, nRows: i32, running: usize, out: usize): void {
  const stride = nx + 1;
  // Running sums of each image row: row r's P[x] at r·(nx + 1) + x.
  for (let r = 0, n = 0; r < ny * nz; r++) {
    const row = running + (<usize>(r * stride) << 3);
    store<f64>(row, 0);
    let sum: f64 = 0;
    for (let x = 0; x < nx; x++, n++) {
      sum += load<f64>(data + (<usize>n << 3));
      store<f64>(row + (<usize>(x + 1) << 3), sum);
    }
  }
  let reach = 0;
  for (let q = 0; q < nRows; q++) reach = max(reach, load<i32>(rows + (<usize>(3 * q + 2) << 2)));
  let maxIntensity = -Infinity, localPeak = -Infinity, globalPeak = -Infinity;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const line = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        const n = line + i;
        if (!load<u8>(mask + <usize>n)) continue;
        let mean0: f64, mean1: f64 = 0, mean2: f64 = 0, mean3: f64 = 0;
        let quad = false;
        if (ASC_FEATURE_SIMD && i + 3 < nx && load<u32>(mask + <usize>n) == 0x01010101 && i - reach >= 0 && i + 3 + reach <= nx - 1) {
          // Four such voxels in two lane pairs: two chains of additions overlap.
          quad = true;
          let sum = f64x2.splat(0), sum2 = f64x2.splat(0);
          let inside: i32 = 0;
          for (let q = 0; q < nRows; q++) {
            const at = rows + (<usize>(3 * q) << 2);
            const y = j + load<i32>(at), z = k + load<i32>(at + 4), w = load<i32>(at + 8);
            if (y < 0 || z < 0 || y >= ny || z >= nz) continue;
            const base = running + (<usize>((y + ny * z) * stride) << 3);
            const hi = base + (<usize>(i + w + 1) << 3), lo = base + (<usize>(i - w) << 3);
            sum = f64x2.add(sum, f64x2.sub(v128.load(hi), v128.load(lo)));
            sum2 = f64x2.add(sum2, f64x2.sub(v128.load(hi + 16), v128.load(lo + 16)));
            inside += 2 * w + 1;
          }
          mean0 = f64x2.extract_lane(sum, 0) / <f64>inside;
          mean1 = f64x2.extract_lane(sum, 1) / <f64>inside;
          mean2 = f64x2.extract_lane(sum2, 0) / <f64>inside;
          mean3 = f64x2.extract_lane(sum2, 1) / <f64>inside;
        } else {
          let sum: f64 = 0;
          let inside: i32 = 0;
          for (let q = 0; q < nRows; q++) {
            const at = rows + (<usize>(3 * q) << 2);
            const y = j + load<i32>(at), z = k + load<i32>(at + 4), w = load<i32>(at + 8);
            if (y < 0 || z < 0 || y >= ny || z >= nz) continue;
            const lo = i - w < 0 ? 0 : i - w, hi = i + w >= nx ? nx - 1 : i + w;
            const base = running + (<usize>((y + ny * z) * stride) << 3);
            sum += load<f64>(base + (<usize>(hi + 1) << 3)) - load<f64>(base + (<usize>lo << 3));
            inside += hi - lo + 1;
          }
          mean0 = sum / <f64>inside;
        }
        // The voxels in scan order, as the twin meets them.
        const voxels = quad ? 4 : 1;
        for (let v = 0; v < voxels; v++) {
          const mean = v == 0 ? mean0 : v == 1 ? mean1 : v == 2 ? mean2 : mean3;
          const value = load<f64>(data + (<usize>(n + v) << 3));
          if (mean > globalPeak) globalPeak = mean;
          if (value > maxIntensity) {
            maxIntensity = value;
            localPeak = mean;
          } else if (value == maxIntensity && mean > localPeak) {
            localPeak = mean;
          }
        }
        i += voxels - 1;
      }
    }
  }
  store<f64>(out, localPeak);
  store<f64>(out + 8, globalPeak);
}
