/**
 * Dependence matrices, shared by PyRadiomics' GLDM and the IBSI NGLDM: for each ROI voxel,
 * its dependence k = 1 + the number of ROI neighbours whose gray level differs by at most
 * α (`gldm_a`); M(i, k) counts voxels of level i with dependence k; N_v = ROI voxels.
 * Neighbours: every offset within Chebyshev distance δ = max(`distances`) in IBSI; in
 * PyRadiomics, the offsets whose Chebyshev norm is one of `distances` (the same set for δ = 1).
 * @module
 */
import { dependenceCounts, type Slab } from "../kernels/texture.js";
import type { Settings } from "../settings.js";
import type { Matrix } from "../texture/aggregation.js";
import { chebyshevNeighbourhood, pyradiomicsAngles } from "../texture/directions.js";
import { slabVoxels, type TextureVolume } from "../texture/volume.js";

/** The dependence matrix of a slab. */
export function dependenceMatrix(slab: Slab, volume: TextureVolume, settings: Settings, inPlane: boolean, pyradiomicsNeighbours: boolean): Matrix {
  const offsets = pyradiomicsNeighbours
    ? pyradiomicsAngles(volume.size, settings.distances, true, inPlane)
    : chebyshevNeighbourhood(inPlane, Math.max(...settings.distances));
  const data = dependenceCounts(slab, volume.ng, offsets, settings.gldm_a);
  return { data, rows: volume.ng, cols: offsets.length / 3 + 1, voxels: slabVoxels(slab) };
}
