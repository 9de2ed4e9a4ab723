/**
 * The sums an NGTDM's features read (../features/ngtdm.ts holds their formulas), from the
 * matrix's per-level columns. The TypeScript twin of the kernel in ./assembly/ngtdm.ts:
 * the same arithmetic in the same order, so the same bits.
 * @module
 */

/** The sums of one NGTDM over its levels with n_i > 0 (p_i = n_i / N_{v,c}). */
export interface NgtdmSums {
  /** N_{v,c} = Σ n_i. */
  voxels: number;
  /** N_{g,p}: the levels with p_i > 0. */
  levels: number;
  /** Σ p_i s_i. */
  weightedDifference: number;
  /** Σ s_i. */
  differences: number;
  /** Σ_{k,l} p_k p_l (i_k − i_l)². */
  spread: number;
  /** Σ_{k,l} |i_k p_k − i_l p_l|. */
  busyness: number;
  /** Σ_{k,l} |i_k − i_l| (p_k s_k + p_l s_l)/(p_k + p_l). */
  complexity: number;
  /** Σ_{k,l} (p_k + p_l)(i_k − i_l)². */
  strength: number;
}

/** The fields of {@link NgtdmSums}, in the order the kernel writes them. */
export const NGTDM_SUMS = ["voxels", "levels", "weightedDifference", "differences", "spread", "busyness", "complexity", "strength"] as const;

/**
 * The sums of an NGTDM of `rows` levels (row i − 1: n_i of all voxels, n_i of the voxels
 * with neighbours, s_i), counting n_i from `column` (0 or 1); null when no voxel counts.
 * Each sum adds its terms in level order (pairs row by row).
 */
export function ngtdmSums(data: Float64Array, rows: number, column: 0 | 1): NgtdmSums | null {
  const level: number[] = [], n: number[] = [], s: number[] = [];
  let voxels = 0;
  for (let i = 0; i < rows; i++) {
    const ni = data[i * 3 + column]!;
    if (ni > 0) {
      level.push(i + 1);
      n.push(ni);
      s.push(data[i * 3 + 2]!);
      voxels += ni;
    }
  }
  if (!(voxels > 0)) return null;
  const p = n.map((v) => v / voxels);
  let weightedDifference = 0, differences = 0;
  for (let k = 0; k < level.length; k++) {
    weightedDifference += p[k]! * s[k]!;
    differences += s[k]!;
  }
  let spread = 0, busyness = 0, complexity = 0, strength = 0;
  for (let k = 0; k < level.length; k++) {
    for (let l = 0; l < level.length; l++) {
      const d = level[k]! - level[l]!, squared = d * d;
      spread += p[k]! * p[l]! * squared;
      busyness += Math.abs(level[k]! * p[k]! - level[l]! * p[l]!);
      complexity += (Math.abs(d) * (p[k]! * s[k]! + p[l]! * s[l]!)) / (p[k]! + p[l]!);
      strength += (p[k]! + p[l]!) * squared;
    }
  }
  return { voxels, levels: level.length, weightedDifference, differences, spread, busyness, complexity, strength };
}
