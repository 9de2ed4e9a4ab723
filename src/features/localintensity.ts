/**
 * IBSI local intensity features (family code 9ST6), in 3D (DHQ4).
 *
 * The local mean of a voxel is the mean intensity of every image voxel (inside the ROI
 * or not) whose centre lies within r = (3/(4π))^{1/3} cm ≈ 6.2 mm of its centre in world
 * coordinates: a sphere of 1 cm³. Voxels beyond the image border are left out. Only
 * voxels of the ROI intensity mask serve as centres.
 *
 * Cost: one pass over the N_s offsets of the sphere for each ROI voxel (N_v·N_s additions;
 * about 350 offsets for 1 × 1 × 3 mm voxels).
 * Worked example: on the IBSI digital phantom (2 mm voxels) the sphere holds the centre
 * and its neighbours within 3.1 voxels, giving local peak 2.6 and global peak 3.1.
 * @module
 */
import { wholeRoi, type FeatureDefinition, type FeatureFamily, type RoiInput } from "./types.js";

/** Radius in mm of a sphere of 1 cm³. */
export const PEAK_RADIUS_MM = 10 * Math.cbrt(3 / (4 * Math.PI));

interface LocalIntensityContext {
  /** Highest local mean among the voxels of maximum intensity. */
  localPeak: number;
  /** Highest local mean among all ROI voxels. */
  globalPeak: number;
}

/** Index offsets (di, dj, dk) whose world distance is at most `radius`. */
export function sphereOffsets(spacing: [number, number, number], radius: number): Int32Array {
  const reach = spacing.map((s) => Math.floor(radius / s));
  const out: number[] = [];
  for (let dk = -reach[2]!; dk <= reach[2]!; dk++) {
    for (let dj = -reach[1]!; dj <= reach[1]!; dj++) {
      for (let di = -reach[0]!; di <= reach[0]!; di++) {
        const d2 = (di * spacing[0]) ** 2 + (dj * spacing[1]) ** 2 + (dk * spacing[2]) ** 2;
        if (d2 <= radius * radius) out.push(di, dj, dk);
      }
    }
  }
  return Int32Array.from(out);
}

/**
 * Local means of every intensity-mask voxel, reduced to the two peaks. Voxels whose
 * sphere lies wholly inside the image use precomputed linear offsets without bounds
 * checks; voxels near the border check each neighbour.
 */
function buildContext(input: RoiInput): LocalIntensityContext {
  const { image, intensityMask } = input;
  const offsets = sphereOffsets(image.spacing, PEAK_RADIUS_MM);
  const [nx, ny, nz] = image.size;
  const data = image.data;
  const count = offsets.length / 3;
  const linear = new Int32Array(count);
  const reach = [0, 0, 0];
  for (let o = 0; o < count; o++) {
    const di = offsets[3 * o]!, dj = offsets[3 * o + 1]!, dk = offsets[3 * o + 2]!;
    linear[o] = di + nx * (dj + ny * dk);
    reach[0] = Math.max(reach[0]!, Math.abs(di));
    reach[1] = Math.max(reach[1]!, Math.abs(dj));
    reach[2] = Math.max(reach[2]!, Math.abs(dk));
  }
  const [rx, ry, rz] = reach as [number, number, number];
  let maxIntensity = -Infinity;
  let localPeak = -Infinity;
  let globalPeak = -Infinity;
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (!intensityMask.data[n]) continue;
        let sum = 0;
        let inside = count;
        if (i >= rx && i < nx - rx && j >= ry && j < ny - ry && k >= rz && k < nz - rz) {
          for (let o = 0; o < count; o++) sum += data[n + linear[o]!]!;
        } else {
          inside = 0;
          for (let o = 0; o < count; o++) {
            const x = i + offsets[3 * o]!, y = j + offsets[3 * o + 1]!, z = k + offsets[3 * o + 2]!;
            if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
            sum += data[n + linear[o]!]!;
            inside++;
          }
        }
        const mean = sum / inside;
        if (mean > globalPeak) globalPeak = mean;
        const v = data[n]!;
        if (v > maxIntensity) {
          maxIntensity = v;
          localPeak = mean;
        } else if (v === maxIntensity && mean > localPeak) {
          localPeak = mean;
        }
      }
    }
  }
  return { localPeak, globalPeak };
}

const features: FeatureDefinition<LocalIntensityContext>[] = [
  /**
   * Local intensity peak: the local mean around the voxel of maximum intensity in the
   * ROI (the highest such mean when several voxels share the maximum). IBSI VJGA.
   */
  { name: "LocalIntensityPeak", ibsiCode: "VJGA", ibsiTag: "loc.peak.local", compute: (c) => c.localPeak },
  /** Global intensity peak: the highest local mean over all ROI voxels. IBSI 0F91. */
  { name: "GlobalIntensityPeak", ibsiCode: "0F91", ibsiTag: "loc.peak.global", compute: (c) => c.globalPeak },
];

/** The IBSI local intensity family. */
export const localIntensityFamily: FeatureFamily<LocalIntensityContext> = {
  name: "localintensity",
  title: "IBSI local intensity features (9ST6)",
  evaluate: wholeRoi(buildContext),
  features,
};
