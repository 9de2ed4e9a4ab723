/**
 * Filtering in the frequency domain, for the IBSI 2 filters defined there (Simoncelli,
 * Riesz) or too large to convolve directly (Gabor): the image, extended by its boundary
 * condition where the filter asks for a margin, is transformed by the FFT kernel (any
 * lengths), multiplied by the filter's transfer function, transformed back, and the
 * region kept.
 * @module
 */
import { extendIndex, type Boundary } from "../kernels/filters.js";
import type { Kernels } from "../kernels/types.js";
import type { Settings } from "../settings.js";
import { finishPool, poolInto } from "./ibsi.js";
import type { BoundingBox, Vec3, Volume } from "../volume.js";
import { crop, indexToWorld } from "../volume.js";

/**
 * Angular frequencies of an L-point FFT in its index order, as the IBSI 2 reference maps
 * sample them: L points from −π to π inclusive (step 2π/(L − 1)) in centred order,
 * ν_c = −π + 2πc/(L − 1), moved to FFT order (index k holds c = (k + ⌊L/2⌋) mod L). For
 * even L the zero frequency falls between samples (index 0 holds π/(L − 1)); this, not the
 * step 2π/L the manual's text suggests, reproduces the consensus maps (8.a.2 and 8.a.3 to
 * 1e-7 of their range, against 3–8 % with 2πk/L).
 */
export function angularFrequencies(L: number): Float64Array {
  if (L === 1) return new Float64Array(1);
  return Float64Array.from({ length: L }, (_, k) => -Math.PI + (2 * Math.PI * ((k + Math.floor(L / 2)) % L)) / (L - 1));
}

/** An extended grid: the extended samples, where the image starts in it, and the lengths. */
export interface Extended {
  data: Float64Array;
  size: Vec3;
  /** Index of the image's first sample along each axis. */
  offset: Vec3;
}

/** The image continued by `boundary` along `axes`, `margin[a]` samples on each side. */
export function extend(image: Volume, axes: number[], boundary: Boundary, margin: Vec3): Extended {
  const lower = [0, 1, 2].map((a) => (axes.includes(a) ? -margin[a]! : 0)) as Vec3;
  const size = image.size.map((n, a) => n - 2 * lower[a]!) as Vec3;
  return extendWindow(image, boundary, lower, size);
}

/**
 * A window of `size` samples from index `lower` on (either may reach beyond the image:
 * those samples follow `boundary`).
 */
export function extendWindow(image: Volume, boundary: Boundary, lower: Vec3, size: Vec3): Extended {
  const offset = lower.map((l) => -l) as Vec3;
  const [nx, ny] = image.size;
  const maps = [0, 1, 2].map((a) => Int32Array.from({ length: size[a]! }, (_, i) => extendIndex(i - offset[a]!, image.size[a]!, boundary)));
  const data = new Float64Array(size[0] * size[1] * size[2]);
  for (let z = 0, n = 0; z < size[2]; z++) {
    const iz = maps[2]![z]!;
    for (let y = 0; y < size[1]; y++) {
      const iy = maps[1]![y]!;
      for (let x = 0; x < size[0]; x++, n++) {
        const ix = maps[0]![x]!;
        data[n] = ix < 0 || iy < 0 || iz < 0 ? 0 : image.data[ix + nx * (iy + ny * iz)]!;
      }
    }
  }
  return { data, size, offset };
}

/** The region of the image, cut out of values on an extended grid. */
export function regionOf(extended: Extended, values: Float64Array, image: Volume, region: BoundingBox): Volume<Float64Array> {
  const lower = region.lower.map((v, a) => v + extended.offset[a]!) as Vec3;
  const upper = region.upper.map((v, a) => v + extended.offset[a]!) as Vec3;
  const { data, size } = crop({ ...image, size: extended.size, data: values }, { lower, upper });
  return { data, size, spacing: [...image.spacing], origin: indexToWorld(image, region.lower), direction: [...image.direction] };
}

/** The grid one transform covers: the whole extended grid (3-D), or one plane of it (2-D: the filtered axes, in order). */
export function transformShape(grid: Extended, axes: number[]): Vec3 {
  return axes.length === 3 ? grid.size : [grid.size[axes[0]!]!, grid.size[axes[1]!]!, 1];
}

/** One transfer function on {@link transformShape}: real part and imaginary part (null when real). */
export type Transfer = [re: Float64Array, im: Float64Array | null];

/**
 * Filters an extended grid in the frequency domain along `axes` (all three, or each plane
 * of two) by each transfer function ({@link transformShape}), pooling the responses voxel by
 * voxel: their real parts, or with `modulus` the moduli of the complex responses (Gabor).
 * Each grid or plane is transformed forward once for all transfers.
 */
export function filterSpectrum(
  grid: Extended, axes: number[], transfers: Transfer[], kernels: Kernels, options: { modulus?: boolean; pooling?: Settings["pooling"] } = {},
): Float64Array {
  const shape = transformShape(grid, axes);
  const pooling = options.pooling ?? "average";
  const out = new Float64Array(grid.data.length);
  const strides = [1, grid.size[0], grid.size[0] * grid.size[1]];
  const slice = [0, 1, 2].find((a) => !axes.includes(a))!;
  const planes = axes.length === 3 ? 1 : grid.size[slice]!;
  const count = shape[0] * shape[1] * shape[2];
  const fre = new Float64Array(count), fim = new Float64Array(count);
  const re = new Float64Array(count), im = new Float64Array(count), pooled = new Float64Array(count);
  for (let p = 0; p < planes; p++) {
    // Sample n of the transform sits at grid index base + u·s0 + v·s1 (+ w·s2 in 3-D).
    const base = axes.length === 3 ? 0 : p * strides[slice]!;
    const [s0, s1, s2] = axes.length === 3 ? strides : [strides[axes[0]!]!, strides[axes[1]!]!, 0];
    const at = (n: number) => base + (n % shape[0]) * s0! + (Math.floor(n / shape[0]) % shape[1]) * s1! + Math.floor(n / (shape[0] * shape[1])) * s2!;
    for (let n = 0; n < count; n++) fre[n] = grid.data[at(n)]!;
    fim.fill(0);
    kernels.fft3d(fre, fim, shape);
    transfers.forEach(([tr, ti], t) => {
      for (let n = 0; n < count; n++) {
        const a = fre[n]!, b = fim[n]!, c = tr[n]!, d = ti ? ti[n]! : 0;
        re[n] = a * c - b * d;
        im[n] = a * d + b * c;
      }
      kernels.fft3d(re, im, shape, true);
      const values = options.modulus ? re.map((r, n) => Math.hypot(r, im[n]!)) : re;
      if (t === 0) pooled.set(values);
      else poolInto(pooled, values, pooling);
    });
    finishPool(pooled, transfers.length, pooling);
    for (let n = 0; n < count; n++) out[at(n)] = pooled[n]!;
  }
  return out;
}

/**
 * A transfer function on the grid one transform covers ({@link transformShape}): `f` of the
 * angular frequencies along the filtered axes (in `axes` order; 2-D gives two), real, or
 * complex as [re, im].
 */
export function transferOn(grid: Extended, axes: number[], f: (nu: number[]) => number | readonly [number, number]): Transfer {
  const shape = transformShape(grid, axes);
  const freq = shape.map((n) => angularFrequencies(n));
  const re = new Float64Array(shape[0] * shape[1] * shape[2]);
  let im: Float64Array | null = null;
  const nu = new Array<number>(axes.length).fill(0);
  for (let w = 0, n = 0; w < shape[2]; w++) {
    if (axes.length === 3) nu[2] = freq[2]![w]!;
    for (let v = 0; v < shape[1]; v++) {
      nu[1] = freq[1]![v]!;
      for (let u = 0; u < shape[0]; u++, n++) {
        nu[0] = freq[0]![u]!;
        const value = f(nu);
        if (typeof value === "number") re[n] = value;
        else {
          im ??= new Float64Array(re.length);
          [re[n], im[n]] = value;
        }
      }
    }
  }
  return [re, im];
}

/** Half the image along each filtered axis: the margin a kernel as large as the image needs to act as a linear convolution. */
export function halfMargin(size: Vec3, axes: number[]): Vec3 {
  return size.map((n, a) => (axes.includes(a) ? Math.floor(n / 2) : 0)) as Vec3;
}
