/**
 * Wavelet image type (PyRadiomics `wavelet-<XYZ>`): the undecimated (stationary) separable
 * wavelet transform, as PyRadiomics computes it with PyWavelets' `swtn`.
 *
 * Along each transformed axis a line x of even length N gives the approximation
 * a[k] = Σ_j lo[j]·x[(k + ⌊F/2⌋ − j) mod N] and the detail d[k] = Σ_j hi[j]·x[(k + ⌊F/2⌋ − j) mod N]
 * (F taps, periodic). An axis of odd length is first extended by one sample (its first,
 * wrapped around) and the extra sample dropped at the end. One image per combination of
 * L (approximation) and H (detail) over the axes x, y, z (x, y only with force2D, the
 * axis force2Ddimension left out), named in that axis order. Each level transforms the
 * previous level's approximation again with the same (undilated) filters; `start_level`
 * levels are decomposed before the first reported one. The detail images come first in
 * PyWavelets' order (LLH, LHL, LHH, HLL, …), then the approximation of the last level.
 * Level n > 1 is named `wavelet<n>-…`. IBSI 2 has the stationary transform too (its own
 * image type); PyRadiomics' has no IBSI code.
 * @module
 */
import type { Kernels } from "../kernels/types.js";
import type { Settings } from "../settings.js";
import { crop, shiftBox, type BoundingBox, type Vec3, type Volume, type VoxelArray } from "../volume.js";
import { cropAxis, keptVolume } from "./grid.js";
import { giveBack, takeArray } from "../scratch.js";
import type { ImageExtent, ImageType, ResponseMap } from "./types.js";
import { waveletFilters, type WaveletFilters } from "./wavelet-banks.js";

/** The transformed axes (x = 0, y = 1, z = 2): all three, or those other than the force2D axis. */
function transformedAxes(settings: Settings): number[] {
  // force2Ddimension counts numpy axes (0 = z); ours count from x.
  return settings.force2D ? [0, 1, 2].filter((a) => a !== 2 - settings.force2Ddimension) : [0, 1, 2];
}

/** The band combinations of `n` axes in PyWavelets' order, the all-low one last. */
function bandOrder(n: number): string[] {
  const all: string[] = [];
  for (let code = 1; code < 1 << n; code++) {
    all.push(Array.from({ length: n }, (_, i) => ((code >> (n - 1 - i)) & 1 ? "H" : "L")).join(""));
  }
  return [...all, "L".repeat(n)];
}

/** Column prefix of a level's maps: `wavelet` for level 1, `wavelet<n>` after. */
const levelPrefix = (level: number) => (level === 1 ? "wavelet" : `wavelet${level}`);

/** Image names of levels 1…level, in yield order. */
function names(settings: Settings): string[] {
  const bands = bandOrder(transformedAxes(settings).length);
  const out: string[] = [];
  for (let level = 1; level <= settings.level; level++) {
    for (const band of bands.slice(0, -1)) out.push(`${levelPrefix(level)}-${band}`);
  }
  out.push(`${levelPrefix(settings.level)}-${bands[bands.length - 1]}`);
  return out;
}

/** One band's filter along `axis`: PyWavelets' periodic convolution with origin ⌊F/2⌋, keeping outputs `keep` of each line. */
function bandPass(volume: Volume, axis: number, taps: Float64Array, kernels: Kernels, keep?: readonly [number, number]): Float64Array {
  return kernels.convolveAxis(volume.data, volume.size, axis, taps, taps.length >> 1, 1, "periodic", keep);
}

/**
 * Extends every odd axis by one sample: the axis's first sample, wrapped around (a copy in
 * the image's own sample type, which the passes read as f64 all the same: a CT's int16 copy
 * is a quarter of a float one; the volume itself when no axis is odd).
 */
function padOdd(volume: Volume): Volume {
  const [nx, ny, nz] = volume.size;
  const size = volume.size.map((s) => s + (s % 2)) as Vec3;
  if (size.every((s, a) => s === volume.size[a])) return volume;
  const [mx, my, mz] = size;
  // Every sample is written below.
  const data = takeArray(volume.data.constructor as Parameters<typeof takeArray<VoxelArray>>[0], mx * my * mz, false, false);
  // Row by row, then the wrapped sample.
  for (let z = 0; z < mz; z++) {
    for (let y = 0; y < my; y++) {
      const from = nx * ((y % ny) + ny * (z % nz)), to = mx * (y + my * z);
      data.set(volume.data.subarray(from, from + nx), to);
      if (mx > nx) data[to + nx] = volume.data[from]!;
    }
  }
  return { ...volume, size, data };
}

/**
 * The bands of one level, depth-first over the axes, each cropped to the region as soon
 * as its axis is done (so only the region's extent of the other axes is ever filtered).
 */
function* levelBands(volume: Volume, axes: number[], region: BoundingBox, bank: WaveletFilters, kernels: Kernels, band = ""): Generator<[string, Volume]> {
  if (band.length === axes.length) {
    // The axes left out of the transform (force2D) are cropped last.
    let map = volume;
    for (const axis of [0, 1, 2]) if (!axes.includes(axis)) map = cropAxis(map, axis, region.lower[axis]!, region.upper[axis]!);
    yield [band, map];
    return;
  }
  if (band === "" && axes[0] === 0 && axes[1] === 1) {
    // x then y (then z) in one kernel call per x filter: the passes between stay in kernel memory.
    const placed = (taps: Float64Array) => ({ taps, origin: taps.length >> 1 });
    const letters = [["L", bank.lo], ["H", bank.hi]] as const;
    const onRegion = (data: Float64Array, axesDone: number) => {
      let v = volume;
      for (let axis = 0; axis < axesDone; axis++) v = keptVolume(v, axis, region.lower[axis]!, region.upper[axis]!, data);
      return v;
    };
    for (const [xLetter, xTaps] of letters) {
      const ys = letters.map(([, taps]) => placed(taps));
      if (axes.length > 2) {
        // Bands of all three axes, y filter major, z minor: PyWavelets' order.
        const bands = kernels.convolveSeparable(volume.data, volume.size, region, placed(xTaps), ys, "periodic", ys);
        let k = 0;
        for (const [yLetter] of letters) for (const [zLetter] of letters) yield [xLetter + yLetter + zLetter, onRegion(bands[k++]!, 3)];
        continue;
      }
      const bands = kernels.convolveSeparable(volume.data, volume.size, region, placed(xTaps), ys, "periodic");
      for (const [k, [yLetter]] of letters.entries()) yield* levelBands(onRegion(bands[k]!, 2), axes, region, bank, kernels, xLetter + yLetter);
    }
    return;
  }
  const axis = axes[band.length]!;
  for (const [letter, taps] of [["L", bank.lo], ["H", bank.hi]] as const) {
    const keep = [region.lower[axis]!, region.upper[axis]!] as const;
    const filtered = keptVolume(volume, axis, keep[0], keep[1], bandPass(volume, axis, taps, kernels, keep));
    yield* levelBands(filtered, axes, region, bank, kernels, band + letter);
    if (band.length + 1 < axes.length) giveBack(filtered.data);
  }
}

/**
 * The box of the image that the region's responses read: along each transformed axis, the
 * region ± the reach of `levels` levels of F-tap filters (⌊F/2⌋ ahead, F − 1 − ⌊F/2⌋
 * behind, per level) where that stays inside the image, so the periodic wrap never reaches
 * the region and its values are the whole image's, bit for bit; the whole axis where it
 * would not (the wrap matters there); the region itself along axes left out (force2D).
 * F is the longer of the bank's two filters; the levels are `start_level` + `level`.
 */
function reachOf(image: ImageExtent, region: BoundingBox, settings: Settings): BoundingBox {
  const bank = waveletFilters(settings.wavelet), axes = transformedAxes(settings);
  const taps = Math.max(bank.lo.length, bank.hi.length), levels = settings.start_level + settings.level;
  const ahead = (taps >> 1) * levels, behind = (taps - 1 - (taps >> 1)) * levels;
  const box: BoundingBox = { lower: [0, 0, 0], upper: [0, 0, 0] };
  for (let axis = 0; axis < 3; axis++) {
    const [lower, upper, last] = [region.lower[axis]!, region.upper[axis]!, image.size[axis]! - 1];
    const inside = lower - behind >= 0 && upper + ahead <= last;
    box.lower[axis] = !axes.includes(axis) ? lower : inside ? lower - behind : 0;
    box.upper[axis] = !axes.includes(axis) ? upper : inside ? upper + ahead : last;
  }
  return box;
}

/** The image cut to {@link reachOf} (time and memory then follow the region, not the image), and the region on the cut. */
function cutToReach(image: Volume, region: BoundingBox, settings: Settings): { image: Volume; region: BoundingBox } {
  const box = reachOf(image, region, settings);
  const whole = box.lower.every((l, a) => l === 0 && box.upper[a] === image.size[a]! - 1);
  return whole ? { image, region } : { image: crop(image, box), region: shiftBox(region, box.lower) };
}

/** The approximation of the whole (padded) volume: the next level's input (its passes between given back). */
function approximation(volume: Volume, axes: number[], bank: WaveletFilters, kernels: Kernels): Volume {
  let v = volume;
  for (const axis of axes) {
    const data = bandPass(v, axis, bank.lo, kernels);
    if (v !== volume) giveBack(v.data);
    v = { ...v, data };
  }
  return v;
}

export const wavelet: ImageType = {
  name: "Wavelet",
  mapNames: names,
  *responses(input): Generator<ResponseMap> {
    const { settings, kernels } = input;
    const bank = waveletFilters(settings.wavelet);
    const axes = transformedAxes(settings);
    const { image, region } = cutToReach(input.image, input.region, settings);
    // The volumes made here (not the input's samples), given back at the end.
    const made = image === input.image ? [] : [image.data];
    const next = (volume: Volume) => (volume !== image && made.push(volume.data), volume);
    // Passes read the image's own samples: a float copy only where an odd axis is padded.
    let data = next(padOdd(image));
    for (let i = 0; i < settings.start_level; i++) data = next(approximation(data, axes, bank, kernels));
    const allLow = "L".repeat(axes.length);
    for (let level = 1; level <= settings.level; level++) {
      const prefix = levelPrefix(level);
      // The last level's all-low band goes as it is made, though PyRadiomics names it last
      // (the extraction places each map's features by name): held back, it was one band
      // more of memory while the others were computed. Lower levels' are not maps.
      for (const [band, map] of levelBands(data, axes, region, bank, kernels)) {
        if (band !== allLow || level === settings.level) yield { name: `${prefix}-${band}`, image: map, scratch: true };
      }
      if (level < settings.level) data = next(approximation(data, axes, bank, kernels));
    }
    giveBack(...made);
  },
  reads: (region, image, settings) => reachOf(image, region, settings),
};
