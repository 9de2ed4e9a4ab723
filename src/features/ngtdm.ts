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
import type { NgtdmSums } from "../kernels/ngtdm.js";
import type { FeatureDefinition } from "./types.js";

/** Matrix columns: n_i (all voxels), n_i (voxels with neighbours), s_i. */
function matrix(slab: Slab, volume: TextureVolume, settings: Settings, inPlane: boolean): Matrix {
  const offsets = settings.profile === "pyradiomics"
    ? pyradiomicsAngles(volume.size, settings.distances, true, inPlane)
    : chebyshevNeighbourhood(inPlane, Math.max(...settings.distances));
  const { count, countWithNeighbours, difference } = volume.kernels.neighbourhoodDifferences(slab, volume.ng, offsets);
  const data = new Float64Array(volume.ng * 3);
  for (let i = 1; i <= volume.ng; i++) {
    const row = (i - 1) * 3;
    data[row] = count[i]!;
    data[row + 1] = countWithNeighbours[i]!;
    data[row + 2] = difference[i]!;
  }
  return { data, rows: volume.ng, cols: 3, voxels: slabVoxels(volume, slab) };
}

/** The matrix's sums (kernels/ngtdm.ts), n_i counting every voxel (PyRadiomics) or those with neighbours (IBSI). */
function context(m: Matrix, volume: TextureVolume, settings: Settings): NgtdmSums | null {
  return volume.kernels.ngtdmSums(m.data, m.rows, settings.profile === "pyradiomics" ? 0 : 1);
}

const features: FeatureDefinition<NgtdmSums>[] = [
  /** Coarseness = 1 / Σ p_i s_i; 10⁶ when the sum is 0. IBSI QCDE. */
  {
    name: "Coarseness", ibsiCode: "QCDE", ibsiTag: "ngt.coarseness",
    compute: (c) => (c.weightedDifference === 0 ? 1e6 : 1 / c.weightedDifference),
  },
  /**
   * Contrast = [Σ_{k,l} p_k p_l (i_k − i_l)² / (N_{g,p}(N_{g,p} − 1))] · [Σ s_i / N_{v,c}];
   * 0 for a single level. IBSI 65HE.
   */
  {
    name: "Contrast", ibsiCode: "65HE", ibsiTag: "ngt.contrast",
    compute: (c) => {
      const ngp = c.levels;
      if (ngp < 2) return 0;
      const spread = c.spread / (ngp * (ngp - 1));
      return (spread * c.differences) / c.voxels;
    },
  },
  /** Busyness = Σ p_i s_i / Σ_{k,l} |i_k p_k − i_l p_l|; 0 when the denominator is 0. IBSI NQ30. */
  {
    name: "Busyness", ibsiCode: "NQ30", ibsiTag: "ngt.busyness",
    compute: (c) => (c.busyness === 0 ? 0 : c.weightedDifference / c.busyness),
  },
  /** Complexity = (1/N_{v,c}) Σ_{k,l} |i_k − i_l| (p_k s_k + p_l s_l)/(p_k + p_l). IBSI HDEZ. */
  {
    name: "Complexity", ibsiCode: "HDEZ", ibsiTag: "ntg.complexity",
    compute: (c) => c.complexity / c.voxels,
  },
  /** Strength = Σ_{k,l} (p_k + p_l)(i_k − i_l)² / Σ s_i; 0 when Σ s_i = 0. IBSI 1X9X. */
  {
    name: "Strength", ibsiCode: "1X9X", ibsiTag: "ngt.strength",
    compute: (c) => (c.differences === 0 ? 0 : c.strength / c.differences),
  },
];

/** The NGTDM family. */
export const ngtdmFamily = volumeFamily<NgtdmSums>({
  name: "ngtdm",
  title: "Neighbourhood gray tone difference matrix (IBSI IPET)",
  features,
  matrix,
  context,
});
