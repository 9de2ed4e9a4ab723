/**
 * The Wavelet image type filters only the region ± the filters' reach where that stays
 * inside the image: its maps are the whole image's maps on the region, bit for bit, for
 * short and long filters, several levels, start_level, force2D and odd sizes; near the
 * border (where PyWavelets' periodic wrap reaches the region) it keeps the whole axis.
 */
import { describe, expect, it } from "vitest";
import { crop, kernelsFor, resolveConfig, volumeFromArray, type BoundingBox, type Volume } from "../src/index.js";
import { wavelet } from "../src/filters/wavelet.js";
import { wholeRegion } from "../src/filters/grid.js";

const image = volumeFromArray(Int16Array.from({ length: 41 * 38 * 23 }, (_, i) => ((i * 7919) % 997) - 300), [41, 38, 23], { spacing: [0.8, 0.9, 2] });
const maps = (region: BoundingBox, setting: Record<string, unknown>) => {
  const { settings } = resolveConfig({ setting: { profile: "pyradiomics", binWidth: 25, ...setting } });
  const input = { image, region, roi: null, settings, kernels: kernelsFor("wasm-simd"), warn: () => undefined };
  return [...wavelet.responses(input)].map((m): [string, Volume] => [m.name, m.image]);
};

describe.each([
  ["coif1, level 1", { wavelet: "coif1" }],
  ["db4, level 2, start_level 1", { wavelet: "db4", level: 2, start_level: 1 }],
  ["bior3.5, force2D", { wavelet: "bior3.5", force2D: true }],
  ["haar, level 3", { wavelet: "haar", level: 3 }],
])("%s", (_name, setting) => {
  const whole = maps(wholeRegion(image.size), setting);
  it.each([
    ["an interior region (cut on every axis)", { lower: [14, 12, 9], upper: [26, 25, 13] }],
    ["a region at the border (whole axes)", { lower: [0, 10, 5], upper: [20, 37, 15] }],
  ] as Array<[string, BoundingBox]>)("%s gives the whole image's maps there, bit for bit", (_where, region) => {
    const cut = maps(region, setting);
    expect(cut.map(([name]) => name)).toEqual(whole.map(([name]) => name));
    cut.forEach(([name, map], i) => {
      const expected = crop(whole[i]![1], region);
      expect(map.size, name).toEqual(expected.size);
      // World positions agree to rounding (one crop there, two here).
      map.origin.forEach((o, a) => expect(o, name).toBeCloseTo(expected.origin[a]!, 9));
      expect(Array.from(map.data), name).toEqual(Array.from(expected.data));
    });
  });
});
