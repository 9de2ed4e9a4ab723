/**
 * The LoG image type filters only the region ± its passes' reach where that stays inside
 * the image. A recursive filter's response never ends, so the cut lines give the whole
 * image's values only to within what the reach lets go (2⁻⁶⁰ of each response): checked
 * here on a line against the bound, which a cut at half the reach breaks, and on maps of
 * interior and border regions against the whole image's maps.
 */
import { describe, expect, it } from "vitest";
import { crop, kernelsFor, resolveConfig, volumeFromArray, type BoundingBox, type Kernels, type Volume } from "../src/index.js";
import { log } from "../src/filters/log.js";
import { wholeRegion } from "../src/filters/grid.js";
import { recursiveGaussian, recursiveReach } from "../src/filters/recursive-gaussian.js";
import { recursiveAxis } from "../src/kernels/filters.js";

/** Deterministic samples in [−1000, 1000). */
function samples(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 2 ** 32) * 2000 - 1000;
  });
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
};

describe("recursiveReach", () => {
  it("is about 30 σ samples (Deriche's slowest decay e^(−1.3732 j/σ) down to 2⁻⁶⁰: ln 2⁶⁰ / 1.3732 = 30.3)", () => {
    for (const sigmaSamples of [1, 2.05, 4.29, 12]) {
      for (const order of [0, 2] as const) {
        const reach = recursiveReach(recursiveGaussian(sigmaSamples, 1, order, true));
        expect(reach, `σ ${sigmaSamples}, order ${order}`).toBeGreaterThanOrEqual(29 * sigmaSamples);
        expect(reach, `σ ${sigmaSamples}, order ${order}`).toBeLessThanOrEqual(31 * sigmaSamples + 4);
      }
    }
  });

  it("cuts a line where its kept outputs are the whole line's to rounding; a cut at half the reach does not", () => {
    const n = 600, from = 250, to = 350;
    const line = samples(n, 11);
    for (const order of [0, 2] as const) {
      const c = recursiveGaussian(3, 1, order, true);
      const whole = recursiveAxis(line, [n, 1, 1], 0, c, [from, to]);
      const cutAt = (margin: number) => {
        const part = line.subarray(from - margin, to + margin + 1);
        return recursiveAxis(part, [part.length, 1, 1], 0, c, [margin, margin + to - from]);
      };
      const reach = recursiveReach(c);
      // What the cut lets go (2⁻⁶⁰ of the line's range of 2000) is below the recursion's
      // rounding, which it only steers another way: outputs differ by a few units in the
      // last place of the samples (2000 · 2⁻⁵² = 4.4e-13). At half the reach the cut lets
      // 2⁻³⁰ of the range go, some 1e-6.
      const rounding = 16 * 2000 * 2 ** -52;
      expect(maxDifference(cutAt(reach), whole), `order ${order}`).toBeLessThanOrEqual(rounding);
      expect(maxDifference(cutAt(reach >> 1), whole), `order ${order}`).toBeGreaterThan(1000 * rounding);
    }
  });
});

describe("LoG on a region of a larger image", () => {
  const image = volumeFromArray(samples(150 * 140 * 40, 5), [150, 140, 40], { spacing: [0.7, 0.7, 2.5] });
  const { settings } = resolveConfig({ setting: { profile: "pyradiomics", binWidth: 25 }, imageType: { LoG: { sigma: [1, 3] } } });
  const maps = (region: BoundingBox, kernels: Kernels) =>
    [...log.responses({ image, region, roi: null, settings: { ...settings, sigma: [1, 3] }, kernels, warn: () => undefined })].map((m): [string, Volume] => [m.name, m.image]);

  it.each([
    ["an interior region (cut on every axis at σ 1 mm)", { lower: [60, 55, 15], upper: [80, 75, 22] }],
    ["a region at the border (the whole axis there)", { lower: [0, 60, 0], upper: [20, 80, 8] }],
  ] as Array<[string, BoundingBox]>)("%s: the whole image's values there, to within the reach's bound", (_where, region) => {
    const sizes: Array<readonly number[]> = [];
    const simd = kernelsFor("wasm-simd");
    // The kernel's lines span the cut: at σ 1 mm (1.43 voxels of 0.7 mm, 0.4 slices of 2.5 mm)
    // a reach of 44 voxels and 13 slices (30.3 σ, rounded up, plus the response's first samples).
    const watched = new Proxy(simd, {
      get: (k, key) => (key === "recursiveLaplacian" ? (...args: Parameters<Kernels["recursiveLaplacian"]>) => (sizes.push(args[6]!.upper.map((u, a) => u - args[6]!.lower[a]! + 1)), k.recursiveLaplacian(...args)) : k[key as keyof Kernels]),
    });
    const cut = maps(region, watched);
    const whole = maps(wholeRegion(image.size), simd);
    const interior = region.lower[0] > 0;
    expect(sizes[0]).toEqual(interior ? [21 + 2 * 44, 21 + 2 * 44, 8 + 2 * 13] : [21 + 44, 21 + 2 * 44, 9 + 13]);
    expect(cut.map(([name]) => name)).toEqual(["log-sigma-1-0-mm-3D", "log-sigma-3-0-mm-3D"]);
    cut.forEach(([name, map], i) => {
      const expected = crop(whole[i]![1], region);
      expect(map.size, name).toEqual(expected.size);
      map.origin.forEach((o, a) => expect(o, name).toBeCloseTo(expected.origin[a]!, 9));
      // Rounding only, as on a line: a few units in the last place of the samples' range.
      expect(maxDifference(map.data, expected.data), name).toBeLessThanOrEqual(16 * 2000 * 2 ** -52);
    });
  });
});
