/**
 * Discretisation kernels in plain TypeScript, the twins of `./assembly/intensity.ts`:
 * values → gray levels by IBSI's fixed bin size and fixed bin number, and numpy's
 * digitize for PyRadiomics' bin edges (the rules are in preprocess/discretise.ts).
 * @module
 */

/** IBSI fixed bin size: ⌊(x − lower)/w⌋ + 1. */
export function fixedBinSizeIbsi(values: Float64Array, binWidth: number, lower: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) out[n] = Math.floor((values[n]! - lower) / binWidth) + 1;
  return out;
}

/** IBSI fixed bin number over [min, max]: ⌊N (x − min)/(max − min)⌋ + 1, capped at N. */
export function fixedBinNumberIbsi(values: Float64Array, binCount: number, min: number, max: number): Int32Array {
  const out = new Int32Array(values.length);
  const range = max - min;
  for (let n = 0; n < values.length; n++) {
    out[n] = range > 0 ? Math.min(binCount, Math.floor((binCount * (values[n]! - min)) / range) + 1) : 1;
  }
  return out;
}

/** `numpy.digitize(x, edges)`: the i with edges[i−1] ≤ x < edges[i] (0 below, n above). */
export function digitize(values: Float64Array, edges: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) {
    const x = values[n]!;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    out[n] = lo;
  }
  return out;
}
