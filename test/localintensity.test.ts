import { describe, expect, it } from "vitest";
import { extract, volumeFromArray } from "../src/index.js";

/** Pseudo-random numbers in [0, 1) from a seed (a linear congruential generator). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** The peaks by their definition: each ROI voxel's mean over the image voxels within 6.2 mm, summed voxel by voxel. */
function peaksByDefinition(data: Float64Array, size: [number, number, number], spacing: [number, number, number], roi: Uint8Array) {
  const r = 10 * Math.cbrt(3 / (4 * Math.PI));
  const [nx, ny, nz] = size;
  let max = -Infinity, local = -Infinity, global = -Infinity;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const n = i + nx * (j + ny * k);
    if (!roi[n]) continue;
    let sum = 0, count = 0;
    for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
      if (((x - i) * spacing[0]) ** 2 + ((y - j) * spacing[1]) ** 2 + ((z - k) * spacing[2]) ** 2 > r * r) continue;
      sum += data[x + nx * (y + ny * z)]!;
      count++;
    }
    const mean = sum / count;
    global = Math.max(global, mean);
    if (data[n]! > max || (data[n] === max && mean > local)) local = mean;
    max = Math.max(max, data[n]!);
  }
  return { local, global };
}

describe("local intensity peaks (IBSI 9ST6)", () => {
  it("equal the sphere means by definition, spheres cut by the image's border included", async () => {
    const rnd = lcg(41);
    for (const spacing of [[1, 1, 3], [0.7, 1.3, 2.1], [4, 4, 4]] as Array<[number, number, number]>) {
      const size: [number, number, number] = [13, 11, 7];
      const data = Float64Array.from({ length: 13 * 11 * 7 }, () => Math.round(rnd() * 200 - 50));
      // An ROI reaching every face of the image, and a tie for the maximum intensity.
      const roi = Uint8Array.from(data, (_, n) => (rnd() < 0.3 || n === 0 || n === data.length - 1 ? 1 : 0));
      data[0] = data[data.length - 1] = 500;
      const image = volumeFromArray(data, size, { spacing }), mask = volumeFromArray(roi, size, { spacing });
      const row = await extract(image, mask, { setting: { profile: "ibsi" }, featureClass: { localintensity: null } });
      const expected = peaksByDefinition(data, size, spacing, roi);
      const value = (name: string) => row.features.find((f) => f.feature === name)!.value;
      expect(value("LocalIntensityPeak")).toBeCloseTo(expected.local, 9);
      expect(value("GlobalIntensityPeak")).toBeCloseTo(expected.global, 9);
    }
  });
});
