// Intensity kernels in AssemblyScript: gathering ROI values and discretising them, the
// WebAssembly twins of extract.ts' roiValues and ../../preprocess/discretise.ts.
// Addresses are bytes in the JavaScript-owned memory; nothing is checked.

/**
 * Copies the image values (f64 at `image`) of the voxels where the u8 `mask` is non-zero
 * to `out`, in scan order; returns how many. All-outside 16-voxel blocks are skipped with
 * SIMD where available.
 */
export function gatherMasked(image: usize, mask: usize, total: i32, out: usize): i32 {
  let n = 0;
  let p = 0;
  if (ASC_FEATURE_SIMD) {
    for (; p + 16 <= total; p += 16) {
      if (!v128.any_true(v128.load(mask + p))) continue;
      for (let k = p; k < p + 16; k++) {
        if (load<u8>(mask + k) != 0) store<f64>(out + (<usize>(n++) << 3), load<f64>(image + (<usize>k << 3)));
      }
    }
  }
  for (; p < total; p++) if (load<u8>(mask + p) != 0) store<f64>(out + (<usize>(n++) << 3), load<f64>(image + (<usize>p << 3)));
  return n;
}

/** IBSI fixed bin size: ⌊(x − lower)/width⌋ + 1. */
export function fixedBinSize(values: usize, n: i32, width: f64, lower: f64, out: usize): void {
  for (let k = 0; k < n; k++) {
    store<i32>(out + (<usize>k << 2), <i32>Math.floor((load<f64>(values + (<usize>k << 3)) - lower) / width) + 1);
  }
}

/** IBSI fixed bin number: min(N_b, ⌊N_b (x − min)/(max − min)⌋ + 1), or 1 for a flat ROI. */
export function fixedBinNumber(values: usize, n: i32, bins: i32, lowest: f64, highest: f64, out: usize): void {
  const range = highest - lowest;
  for (let k = 0; k < n; k++) {
    let level = 1;
    if (range > 0) level = min<i32>(bins, <i32>Math.floor((<f64>bins * (load<f64>(values + (<usize>k << 3)) - lowest)) / range) + 1);
    store<i32>(out + (<usize>k << 2), level);
  }
}

/** numpy.digitize with ascending `edges` (m of them): the number of edges ≤ x. */
export function digitize(values: usize, n: i32, edges: usize, m: i32, out: usize): void {
  for (let k = 0; k < n; k++) {
    const x = load<f64>(values + (<usize>k << 3));
    let lo = 0, hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (load<f64>(edges + (<usize>mid << 3)) <= x) lo = mid + 1;
      else hi = mid;
    }
    store<i32>(out + (<usize>k << 2), lo);
  }
}
