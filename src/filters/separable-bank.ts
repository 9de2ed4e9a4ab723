/**
 * Banks of separable filters, pooled voxel by voxel: IBSI 2's rotation invariance for
 * Laws kernels and separable wavelets, where each right-angle rotation of a separable
 * kernel is again separable (the 1-D kernels permuted among the axes, some reversed).
 *
 * Each filter is a list of 1-D steps per axis (a wavelet's levels are several steps along
 * the same axis). Filters sharing their first axes' steps share those passes: the bank is
 * walked in sorted order, keeping the intermediate volumes of the current prefix.
 * @module
 */
import type { Boundary } from "../kernels/filters.js";
import type { Kernels } from "../kernels/types.js";
import type { Settings } from "../settings.js";
import type { BoundingBox, Volume } from "../volume.js";
import { cropAxis, keptVolume } from "./grid.js";
import { finishPool, poolInto } from "./ibsi.js";

/** One 1-D convolution: out[k] = Σ_j taps[j]·x[k + origin − j·dilation]. */
export interface AxisStep {
  taps: Float64Array;
  origin: number;
  dilation: number;
}

/** A separable filter: the steps along each filtered axis, in the order of the bank's axes. */
export type SeparableFilter = AxisStep[][];

/**
 * A kernel of `taps` (centre ⌊F/2⌋ after appending a zero to an even-length kernel, as
 * IBSI 2 centres them), dilated à trous by `dilation`, or its mirror image (`reversed`).
 */
export function centredStep(taps: Float64Array, dilation: number, reversed: boolean): AxisStep {
  // The padded, dilated kernel has F·d + 1 samples (F odd: (F − 1)·d + 1), centre c.
  const F = taps.length;
  const length = F % 2 === 0 ? F * dilation + 1 : (F - 1) * dilation + 1;
  const centre = (length - 1) / 2;
  if (!reversed) return { taps, origin: centre, dilation };
  // Reversed, the first tap sits at (length − 1) − (F − 1)·d.
  return { taps: taps.slice().reverse(), origin: centre - (length - 1 - (F - 1) * dilation), dilation };
}

/** The proper right-angle rotations of D axes: for each, which original axis lands on axis b and whether it is reversed. */
export function rightAngleRotations(dimensions: 2 | 3): Array<Array<{ from: number; reversed: boolean }>> {
  const perms = dimensions === 2 ? [[0, 1], [1, 0]] : [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  const out: Array<Array<{ from: number; reversed: boolean }>> = [];
  for (const perm of perms) {
    // Sign of the permutation: the number of inversions.
    let inversions = 0;
    for (let i = 0; i < perm.length; i++) for (let j = i + 1; j < perm.length; j++) if (perm[i]! > perm[j]!) inversions++;
    for (let flips = 0; flips < 1 << dimensions; flips++) {
      let parity = inversions;
      for (let b = 0; b < dimensions; b++) if ((flips >> b) & 1) parity++;
      if (parity % 2 === 0) out.push(perm.map((from, b) => ({ from, reversed: ((flips >> b) & 1) === 1 })));
    }
  }
  return out;
}

const stepKey = (steps: AxisStep[]) => steps.map((s) => `${Array.from(s.taps).join(",")}@${s.origin}/${s.dilation}`).join(";");

/**
 * The pooled response of a bank of separable filters along `axes` (each filter's steps
 * per axis in that order), kept on `region` (axes not filtered are cropped last).
 */
export function pooledBankResponse(
  source: Volume, region: BoundingBox, axes: number[], bank: SeparableFilter[],
  boundary: Boundary, pooling: Settings["pooling"], kernels: Kernels,
): Volume<Float64Array> {
  const keyed = bank.map((filter) => ({ filter, keys: filter.map(stepKey) }));
  keyed.sort((a, b) => (a.keys.join("|") < b.keys.join("|") ? -1 : 1));
  // stack[i]: the volume after the first i axes of the current prefix.
  const stack: Array<{ key: string; volume: Volume }> = [];
  let pooled: Volume<Float64Array> | null = null;
  for (const { filter, keys } of keyed) {
    let depth = 0;
    while (depth < stack.length && stack[depth]!.key === keys[depth]) depth++;
    stack.length = depth;
    let volume = depth ? stack[depth - 1]!.volume : source;
    for (let i = depth; i < axes.length; i++) {
      const axis = axes[i]!;
      const steps = filter[i]!;
      // Earlier steps along the axis need whole lines (the next reads beyond the region); the last keeps the region.
      for (const step of steps.slice(0, -1)) volume = { ...volume, data: kernels.convolveAxis(volume.data, volume.size, axis, step.taps, step.origin, step.dilation, boundary) };
      const last = steps[steps.length - 1]!;
      const keep = [region.lower[axis]!, region.upper[axis]!] as const;
      volume = keptVolume(volume, axis, keep[0], keep[1], kernels.convolveAxis(volume.data, volume.size, axis, last.taps, last.origin, last.dilation, boundary, keep));
      stack.push({ key: keys[i]!, volume });
    }
    for (const axis of [0, 1, 2]) if (!axes.includes(axis)) volume = cropAxis(volume, axis, region.lower[axis]!, region.upper[axis]!);
    // Every filter passes along at least one axis: the samples are f64 by now.
    const response = volume.data as Float64Array;
    if (!pooled) pooled = { ...volume, data: response.slice() };
    else poolInto(pooled.data, response, pooling);
  }
  return { ...pooled!, data: finishPool(pooled!.data, bank.length, pooling) };
}
