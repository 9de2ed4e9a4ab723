/**
 * Sums over typed arrays without `reduce`.
 * @module
 */

/**
 * Σ_k term(a_k, k), added left to right from 0 (the order `reduce` adds in: the same bits).
 * A loop, not a typed array's `reduce`, which calls its callback from a builtin that boxes
 * every partial sum (a fifth of what a warm CT extraction allocated). Once its caller is
 * optimised this small function is inlined there, and the term with it; until then it
 * boxes, so sums run once a matrix are kernels instead (the GLCM's, kernels/glcm.ts).
 * @example
 * ```ts
 * sumOf(new Float64Array([0.5, 0.25]), (p, k) => k * p); // 0.25
 * ```
 */
export function sumOf(a: ArrayLike<number>, term: (value: number, index: number) => number): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += term(a[k]!, k);
  return s;
}
