// The NGTDM's sums in AssemblyScript: the twin of ngtdmSums in ../ngtdm.ts, the same
// arithmetic in the same order, so the same bits.
import { at, put } from "./memory";

/**
 * The sums of an NGTDM of `rows` levels at `data` (f64, row i − 1: n_i of all voxels, n_i
 * of the voxels with neighbours, s_i), n_i read from `column`: the 8 of NGTDM_SUMS to
 * `out`, the used levels, their p_i and s_i compacted into `level`, `p`, `s` (`rows` f64
 * each). Returns 0 (writing nothing to `out`) when no voxel counts.
 */
export function ngtdmSums(data: usize, rows: i32, column: i32, level: usize, p: usize, s: usize, out: usize): i32 {
  let count = 0;
  let voxels: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const ni = at(data, i * 3 + column);
    if (ni > 0) {
      put(level, count, <f64>(i + 1));
      put(p, count, ni);
      put(s, count, at(data, i * 3 + 2));
      count++;
      voxels += ni;
    }
  }
  if (!(voxels > 0)) return 0;
  for (let k = 0; k < count; k++) put(p, k, at(p, k) / voxels);
  let weightedDifference: f64 = 0, differences: f64 = 0;
  for (let k = 0; k < count; k++) {
    weightedDifference += at(p, k) * at(s, k);
    differences += at(s, k);
  }
  let spread: f64 = 0, busyness: f64 = 0, complexity: f64 = 0, strength: f64 = 0;
  for (let k = 0; k < count; k++) {
    const ik = at(level, k), pk = at(p, k), sk = at(s, k);
    for (let l = 0; l < count; l++) {
      const il = at(level, l), pl = at(p, l);
      const d = ik - il, squared = d * d;
      spread += pk * pl * squared;
      busyness += Math.abs(ik * pk - il * pl);
      complexity += (Math.abs(d) * (pk * sk + pl * at(s, l))) / (pk + pl);
      strength += (pk + pl) * squared;
    }
  }
  put(out, 0, voxels);
  put(out, 1, <f64>count);
  put(out, 2, weightedDifference);
  put(out, 3, differences);
  put(out, 4, spread);
  put(out, 5, busyness);
  put(out, 6, complexity);
  put(out, 7, strength);
  return 1;
}
