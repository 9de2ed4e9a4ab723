/**
 * PyRadiomics' Wavelet beyond the live reference's defaults: later levels (`level`),
 * `start_level`, force2D (two axes) and other wavelets, against PyRadiomics' stationary
 * transform steps run with PyWavelets 1.1.1, summarised over brain1's 4,137 ROI voxels
 * (mean, sum of squares, minimum, maximum of every map; fixtures/pyradiomics/wavelet).
 */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { boundingBox, defaultSettings, jsKernels, readVolume } from "../src/index.js";
import { wavelet } from "../src/filters/wavelet.js";
import { readFixture } from "./helpers/fixtures.js";

const reference: Record<string, Record<string, [number, number, number, number]>> = JSON.parse(
  gunzipSync(readFixture("pyradiomics", "wavelet", "brain1_roi_summaries.json.gz")).toString("utf8"),
);
const image = readVolume(readFixture("pyradiomics", "brain1_image.nrrd"));
const labels = readVolume(readFixture("pyradiomics", "brain1_label.nrrd"));

describe.each(Object.keys(reference))("Wavelet %s", (key) => {
  it("gives PyRadiomics' maps, in its order, with its summaries over the ROI (1e-9 relative)", () => {
    const [name, level, start, force2D] = key.split("/") as [string, string, string, string];
    const settings = {
      ...defaultSettings("pyradiomics"), wavelet: name, level: Number(level.slice(5)), start_level: Number(start.slice(5)), force2D: force2D.endsWith("1"),
    };
    const region = boundingBox({ ...labels, data: Uint8Array.from(labels.data as ArrayLike<number>, (v) => (v === 1 ? 1 : 0)) })!;
    const maps = [...wavelet.responses({ image, region, roi: null, settings, kernels: jsKernels, warn: () => {} })];
    // Named in PyRadiomics' order (the row's); made in the transform's, the last level's all-low band as it comes.
    expect(wavelet.mapNames(settings)).toEqual(Object.keys(reference[key]!));
    expect(maps.map((m) => m.name).sort()).toEqual(Object.keys(reference[key]!).sort());
    const [nx, ny] = image.size;
    for (const map of maps) {
      const [sx, sy] = map.image.size;
      let sum = 0, squares = 0, lo = Infinity, hi = -Infinity, count = 0;
      for (let z = region.lower[2]; z <= region.upper[2]; z++) {
        for (let y = region.lower[1]; y <= region.upper[1]; y++) {
          for (let x = region.lower[0]; x <= region.upper[0]; x++) {
            if (labels.data[x + nx * (y + ny * z)] !== 1) continue;
            const v = map.image.data[x - region.lower[0] + sx * (y - region.lower[1] + sy * (z - region.lower[2]))]!;
            [sum, squares, lo, hi, count] = [sum + v, squares + v * v, Math.min(lo, v), Math.max(hi, v), count + 1];
          }
        }
      }
      expect(count).toBe(4137);
      const [mean, sumSquares, min, max] = reference[key]![map.name]!;
      for (const [ours, theirs] of [[sum / count, mean], [squares, sumSquares], [lo, min], [hi, max]] as const) {
        expect(Math.abs(ours - theirs), map.name).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(theirs)));
      }
    }
  });
});
