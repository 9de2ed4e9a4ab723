/**
 * Neighbourhood gray tone difference matrix (NGTDM) features: IBSI family IPET and
 * PyRadiomics `ngtdm` (5 features).
 *
 * Glossary: for each ROI voxel k of level i with W_k > 0 ROI neighbours (Chebyshev
 * distance δ; in-plane in 2-D), |i − X̄_k| is its difference to the mean level of those
 * neighbours; s_i sums the differences of level i; n_i counts the voxels of level i —
 * only those with W_k > 0 in IBSI, all of them in PyRadiomics (a voxel without
 * neighbours adds 0 to s_i); N_{v,c} = Σ n_i, p_i = n_i / N_{v,c}; N_{g,p} = levels with
 * p_i > 0. Sums over level pairs run over levels with p_i > 0.
 * Worked example: levels [1, 2] side by side (in-plane): s_1 = |1 − 2| = 1, s_2 = 1,
 * p = (½, ½), coarseness 1/(½ + ½) = 1.
 * @module
 */
import type { Slab } from "../kernels/texture.js";
import type { Settings } from "../settings.js";
import type { Matrix } from "../texture/aggregation.js";
import { chebyshevNeighbourhood, pyradiomicsAngles } from "../texture/directions.js";
import { volumeFamily } from "../texture/family.js";
import { slabVoxels, type TextureVolume } from "../texture/volume.js";
import { perObject } from "../once.js";
import type { FeatureDefinition } from "./types.js";

/** Per-level n_i, p_i, s_i over the levels with p_i > 0. */
interface NgtdmContext {
  level: number[];
  p: number[];
  s: number[];
  /** N_{v,c}. */
  voxels: number;
}

/** Matrix columns: n_i (all voxels), n_i (voxels with neighbours), s_i. */
function matrix(slab: Slab, volume: TextureVolume, settings: Settings, inPlane: boolean): Matrix {
  const offsets = settings.profile === "pyradiomics"
    ? pyradiomicsAngles(volume.size, settings.distances, true, inPlane)
    : chebyshevNeighbourhood(inPlane, Math.max(...settings.distances));
  const { count, countWithNeighbours, difference } = volume.kernels.neighbourhoodDifferences(slab, volume.ng, offsets);
  const data = new Float64Array(volume.ng * 3);
  for (let i = 1; i <= volume.ng; i++) data.set([count[i]!, countWithNeighbours[i]!, difference[i]!], (i - 1) * 3);
  return { data, rows: volume.ng, cols: 3, voxels: slabVoxels(volume, slab) };
}

function context(m: Matrix, _volume: TextureVolume, settings: Settings): NgtdmContext | null {
  const column = settings.profile === "pyradiomics" ? 0 : 1;
  const level: number[] = [], n: number[] = [], s: number[] = [];
  for (let i = 0; i < m.rows; i++) {
    const ni = m.data[i * 3 + column]!;
    if (ni > 0) {
      level.push(i + 1);
      n.push(ni);
      s.push(m.data[i * 3 + 2]!);
    }
  }
  const voxels = n.reduce((a, b) => a + b, 0);
  return voxels > 0 ? { level, p: n.map((v) => v / voxels), s, voxels } : null;
}

/** Σ_i p_i s_i. */
const weightedDifference = (c: NgtdmContext) => c.p.reduce((acc, p, k) => acc + p * c.s[k]!, 0);

/** The four sums over level pairs (k, l) that Contrast, Busyness, Complexity and Strength read. */
interface PairSums {
  /** Σ p_k p_l (i_k − i_l)². */
  spread: number;
  /** Σ |i_k p_k − i_l p_l|. */
  busyness: number;
  /** Σ |i_k − i_l| (p_k s_k + p_l s_l)/(p_k + p_l). */
  complexity: number;
  /** Σ (p_k + p_l)(i_k − i_l)². */
  strength: number;
}

/**
 * The pair sums in one pass over (k, l), row by row (each sum adds its terms in the order a
 * pass of its own would); computed once per matrix, on the first feature that reads one.
 */
const pairSums = perObject((c: NgtdmContext): PairSums => {
  const { level, p, s } = c;
  let spread = 0, busyness = 0, complexity = 0, strength = 0;
  for (let k = 0; k < level.length; k++) {
    for (let l = 0; l < level.length; l++) {
      const squared = (level[k]! - level[l]!) ** 2;
      spread += p[k]! * p[l]! * squared;
      busyness += Math.abs(level[k]! * p[k]! - level[l]! * p[l]!);
      complexity += (Math.abs(level[k]! - level[l]!) * (p[k]! * s[k]! + p[l]! * s[l]!)) / (p[k]! + p[l]!);
      strength += (p[k]! + p[l]!) * squared;
    }
  }
  return { spread, busyness, complexity, strength };
});

const features: FeatureDefinition<NgtdmContext>[] = [
  /** Coarseness = 1 / Σ p_i s_i; 10⁶ when the sum is 0. IBSI QCDE. */
  {
    name: "Coarseness", ibsiCode: "QCDE", ibsiTag: "ngt.coarseness",
    compute: (c) => {
      const d = weightedDifference(c);
      return d === 0 ? 1e6 : 1 / d;
    },
  },
  /**
   * Contrast = [Σ_{k,l} p_k p_l (i_k − i_l)² / (N_{g,p}(N_{g,p} − 1))] · [Σ s_i / N_{v,c}];
   * 0 for a single level. IBSI 65HE.
   */
  {
    name: "Contrast", ibsiCode: "65HE", ibsiTag: "ngt.contrast",
    compute: (c) => {
      const ngp = c.level.length;
      if (ngp < 2) return 0;
      const spread = pairSums(c).spread / (ngp * (ngp - 1));
      return (spread * c.s.reduce((a, b) => a + b, 0)) / c.voxels;
    },
  },
  /** Busyness = Σ p_i s_i / Σ_{k,l} |i_k p_k − i_l p_l|; 0 when the denominator is 0. IBSI NQ30. */
  {
    name: "Busyness", ibsiCode: "NQ30", ibsiTag: "ngt.busyness",
    compute: (c) => {
      const den = pairSums(c).busyness;
      return den === 0 ? 0 : weightedDifference(c) / den;
    },
  },
  /** Complexity = (1/N_{v,c}) Σ_{k,l} |i_k − i_l| (p_k s_k + p_l s_l)/(p_k + p_l). IBSI HDEZ. */
  {
    name: "Complexity", ibsiCode: "HDEZ", ibsiTag: "ntg.complexity",
    compute: (c) => pairSums(c).complexity / c.voxels,
  },
  /** Strength = Σ_{k,l} (p_k + p_l)(i_k − i_l)² / Σ s_i; 0 when Σ s_i = 0. IBSI 1X9X. */
  {
    name: "Strength", ibsiCode: "1X9X", ibsiTag: "ngt.strength",
    compute: (c) => {
      const total = c.s.reduce((a, b) => a + b, 0);
      return total === 0 ? 0 : pairSums(c).strength / total;
    },
  },
];

/** The NGTDM family. */
export const ngtdmFamily = volumeFamily<NgtdmContext>({
  name: "ngtdm",
  title: "Neighbourhood gray tone difference matrix (IBSI IPET)",
  features,
  matrix,
  context,
});
