/**
 * A 2.5 M-voxel ROI in one thread (the library's default: no workers). Data-sized arrays
 * spread into call arguments overflowed the call stack here (GLSZM's zone count).
 */
import { expect, it } from "vitest";
import { extract, volumeFromArray, type Vec3 } from "../src/index.js";

it("extracts every default feature of a 2.5 M-voxel ellipsoid in one thread", async () => {
  // The benchmark's generated case: 384 × 384 × 160, intensities 0…199 in a diagonal pattern; at bin width 1 every voxel is a zone of its own.
  const size: Vec3 = [384, 384, 160];
  const mask = new Uint8Array(size[0] * size[1] * size[2]);
  const image = new Int16Array(mask.length);
  let count = 0;
  for (let z = 0, n = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) {
      for (let x = 0; x < size[0]; x++, n++) {
        image[n] = (x * 7 + y * 13 + z * 29) % 200;
        if (((x - 192) / 110) ** 2 + ((y - 192) / 90) ** 2 + ((z - 80) / 60) ** 2 <= 1) count += mask[n] = 1;
      }
    }
  }
  expect(count).toBeGreaterThan(2_400_000);
  const { values } = await extract(volumeFromArray(image, size), volumeFromArray(mask, size), { setting: { profile: "pyradiomics", binWidth: 1, additionalInfo: false } });
  expect(Object.keys(values)).toHaveLength(107);
  for (const [name, v] of Object.entries(values)) expect(Number.isFinite(v), name).toBe(true);
  expect(values["original_shape_VoxelVolume"]).toBe(count);
  expect(values["original_firstorder_Maximum"]).toBe(199);
}, 60_000);
