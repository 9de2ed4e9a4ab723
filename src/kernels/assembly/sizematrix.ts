// The gray level × size matrices' sums in AssemblyScript: the twin of sizeMatrixSums in
// ../sizematrix.ts, the same arithmetic in the same order, so the same bits.
import { at, put } from "./memory";
import { entropy } from "./entropy";

/** Variance of the 1-based index of the `n` marginal values at `values` (at the i32 indices at `indices`, or at k when it is 0). */
function marginalVariance(values: usize, n: i32, total: f64, indices: usize): f64 {
  let mean: f64 = 0;
  for (let k = 0; k < n; k++) mean += <f64>((indices ? load<i32>(indices + (<usize>k << 2)) : k) + 1) * at(values, k);
  mean /= total;
  let v: f64 = 0;
  for (let k = 0; k < n; k++) {
    const d = <f64>((indices ? load<i32>(indices + (<usize>k << 2)) : k) + 1) - mean;
    v += d * d * at(values, k);
  }
  return v / total;
}

/**
 * The sums of a matrix's `n` non-zero entries (1-based levels `i`, sizes `j`: i32; counts
 * `v`: f64; row-major) with its `rows` row sums at `byLevel`, the `m` columns it uses at
 * `sizes` (i32, 0-based, ascending) and their sums at `sizeTotals`, N_s = `total`: the 14
 * of SIZE_MATRIX_SUMS to `out`.
 */
export function sizeMatrixSums(i: usize, j: usize, v: usize, n: i32, byLevel: usize, rows: i32, sizes: usize, sizeTotals: usize, m: i32, total: f64, eps: f64, out: usize): void {
  let small: f64 = 0, large: f64 = 0, lowGray: f64 = 0, highGray: f64 = 0;
  let smallLowGray: f64 = 0, smallHighGray: f64 = 0, largeLowGray: f64 = 0, largeHighGray: f64 = 0, energy: f64 = 0;
  for (let k = 0; k < n; k++) {
    const count = at(v, k);
    const level = <f64>load<i32>(i + (<usize>k << 2)), size = <f64>load<i32>(j + (<usize>k << 2));
    const iSquared = level * level, jSquared = size * size;
    const iInverse = 1 / iSquared, jInverse = 1 / jSquared;
    small += count * jInverse;
    large += count * jSquared;
    lowGray += count * iInverse;
    highGray += count * iSquared;
    smallLowGray += count * iInverse * jInverse;
    smallHighGray += count * iSquared * jInverse;
    largeLowGray += count * iInverse * jSquared;
    largeHighGray += count * iSquared * jSquared;
    const p = count / total;
    energy += p * p;
  }
  let graySquares: f64 = 0, sizeSquares: f64 = 0;
  for (let k = 0; k < rows; k++) graySquares += at(byLevel, k) * at(byLevel, k);
  for (let k = 0; k < m; k++) sizeSquares += at(sizeTotals, k) * at(sizeTotals, k);
  put(out, 0, small / total);
  put(out, 1, large / total);
  put(out, 2, lowGray / total);
  put(out, 3, highGray / total);
  put(out, 4, smallLowGray / total);
  put(out, 5, smallHighGray / total);
  put(out, 6, largeLowGray / total);
  put(out, 7, largeHighGray / total);
  put(out, 8, graySquares);
  put(out, 9, sizeSquares);
  put(out, 10, marginalVariance(byLevel, rows, total, 0));
  put(out, 11, marginalVariance(sizeTotals, m, total, sizes));
  put(out, 12, entropy(v, n, eps, total));
  put(out, 13, energy);
}
