/** The thread's scratch arrays (src/scratch.ts): reuse, and extractions that reuse them give the values they gave on fresh memory. */
import { describe, expect, it } from "vitest";
import { extract, volumeFromArray, type Volume } from "../src/index.js";
import { giveBack, scratchBytes, takeArray } from "../src/scratch.js";
import { roiInput } from "../src/extract.js";
import { glcmFamily } from "../src/features/glcm.js";
import { shapeFamily } from "../src/features/shape.js";
import { kernelsFor } from "../src/kernels/backend.js";
import { resolveConfig } from "../src/settings.js";

describe("scratch arrays", () => {
  it("hands a given-back buffer out again, zeroed, for an array of at least half its size", () => {
    const a = takeArray(Float64Array, 20_000);
    a.fill(7);
    const before = scratchBytes();
    giveBack(a);
    expect(scratchBytes()).toBe(before + a.byteLength);
    // 120 kB asked of a 160 kB buffer: the same memory, zeroed, as a view of the asked length.
    const b = takeArray(Int32Array, 30_000);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(30_000);
    expect(b.every((v) => v === 0)).toBe(true);
    expect(scratchBytes()).toBe(before);
    giveBack(b);
    // Less than half of it: a buffer of its own.
    const c = takeArray(Uint8Array, 70_000);
    expect(c.buffer).not.toBe(a.buffer);
    // Not zeroed when the caller writes every element.
    a.fill(0);
    const d = takeArray(Float64Array, 20_000, false, false);
    expect(d.buffer).toBe(a.buffer);
    giveBack(c, d);
  });

  it("keeps plain and shared buffers apart, and ignores arrays it did not hand out or already has", () => {
    const plain = takeArray(Float64Array, 10_000);
    giveBack(plain);
    const shared = takeArray(Float64Array, 10_000, true);
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.buffer).not.toBe(plain.buffer);
    const before = scratchBytes();
    giveBack(new Float64Array(10_000), plain, undefined, null);
    expect(scratchBytes()).toBe(before);
    giveBack(shared);
    expect(takeArray(Float64Array, 10_000, true).buffer).toBe(shared.buffer);
    expect(takeArray(Float64Array, 10_000).buffer).toBe(plain.buffer);
  });
});

/** A `n`³ int16 image of a pattern set by `seed` and a ball ROI of radius `r` voxels. */
function phantom(n: number, r: number, seed: number): { image: Volume; mask: Volume } {
  const image = new Int16Array(n * n * n), mask = new Uint8Array(n * n * n);
  for (let z = 0, i = 0; z < n; z++) {
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++, i++) {
        image[i] = ((x * 7 + y * seed + z * 29 + x * y) % 211) - 50;
        if ((x - n / 2) ** 2 + (y - n / 2) ** 2 + (z - n / 2) ** 2 <= r * r) mask[i] = 1;
      }
    }
  }
  const geometry = { spacing: [1, 1, 1.5] as [number, number, number] };
  return { image: volumeFromArray(image, [n, n, n], geometry), mask: volumeFromArray(mask, [n, n, n], geometry) };
}

describe("a texture family's matrices on the scratch", () => {
  it("are listed with the ROI's arrays, and the next ROI's GLCM counts reuse a buffer given back", () => {
    const { image, mask } = phantom(40, 10, 7);
    // About 100 gray levels: the counts (13 · N_g² float64, 1.1 MB) are past the least the scratch keeps.
    const { settings } = resolveConfig({ setting: { profile: "pyradiomics", binWidth: 2 } });
    const glcm = (made: ArrayBufferView[]) => {
      const input = roiInput(image, mask as Volume<Uint8Array>, mask as Volume<Uint8Array>, settings, null, kernelsFor("wasm-simd"), false, made);
      const contexts = glcmFamily.evaluate(input).flatMap((e) => e.contexts);
      return { ng: input.texture().ng, counts: contexts[0]!.counts };
    };
    const made: ArrayBufferView[] = [];
    const first = glcm(made);
    // The 13 directions' counts, one array, listed with the values, levels and placement's.
    const counts = made.find((a) => a instanceof Float64Array && a.length === 13 * first.ng * first.ng)!;
    expect(counts.buffer).toBe(first.counts.buffer);
    giveBack(...made);
    expect(made.map((a) => a.buffer)).toContain(glcm([]).counts.buffer);
  });
});

describe("a shape family's arrays on the scratch", () => {
  it("lists its crop and its mesh's vertices with the ROI's arrays, and the next ROI's mesh reuses them", () => {
    // A 90³ box of which the ball holds a part: the crop (0.73 MB of u8) and the vertices (f64) are past the least the scratch keeps.
    const { image, mask } = phantom(96, 45, 3);
    const { settings } = resolveConfig({ setting: { profile: "pyradiomics", binWidth: 10 } });
    const shape = (made: ArrayBufferView[]) => {
      const input = roiInput(image, mask as Volume<Uint8Array>, mask as Volume<Uint8Array>, settings, null, kernelsFor("wasm-simd"), false, made);
      const [context] = shapeFamily.evaluate(input).flatMap((e) => e.contexts);
      return { vertices: context!.mesh().vertices, crop: context!.mask.data, volume: context!.mesh().volume };
    };
    const made: ArrayBufferView[] = [];
    const first = shape(made);
    expect(made.map((a) => a.buffer)).toEqual(expect.arrayContaining([first.vertices.buffer, first.crop.buffer]));
    const vertices = Float64Array.from(first.vertices), volume = first.volume;
    giveBack(...made);
    const again = shape([]);
    expect(made.map((a) => a.buffer)).toEqual(expect.arrayContaining([again.vertices.buffer, again.crop.buffer]));
    expect(again.vertices).toEqual(vertices);
    expect(again.volume).toBe(volume);
  });
});

describe("extractions on reused scratch", () => {
  it("give the values they gave on fresh memory, one after another and interleaved", async () => {
    // ROIs whose crops, values and gray-level volumes are kept (64 kB and more), of other sizes.
    const a = phantom(64, 16, 13), b = phantom(56, 13, 5);
    const config = { setting: { profile: "pyradiomics" as const, binWidth: 10 }, imageType: { Original: {}, Square: {}, LoG: { sigma: [1.5] }, Wavelet: {} } };
    const kept = scratchBytes();
    const first = [await extract(a.image, a.mask, config), await extract(b.image, b.mask, config)];
    // They gave their arrays back: later extractions run on them.
    expect(scratchBytes()).toBeGreaterThan(kept + (256 << 10));
    for (let round = 0; round < 2; round++) {
      const again = await Promise.all([extract(b.image, b.mask, config), extract(a.image, a.mask, config), extract(b.image, b.mask, config)]);
      expect(again[1]!.values).toEqual(first[0]!.values);
      expect(again[0]!.values).toEqual(first[1]!.values);
      expect(again[2]!.values).toEqual(first[1]!.values);
    }
    expect(Object.keys(first[0]!.values).length).toBeGreaterThan(900);
  });
});
