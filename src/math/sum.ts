/**
 * Sums over typed arrays without `reduce`.
 * @module
 */

/**
 * Σ_k term(a_k, k), added left to right from 0 (the order `reduce` adds in: the same bits).
 * A loop, not a typed array's `reduce`, which calls its callback from a builtin that boxes
 * every partial sum (a fifth of what a warm CT extraction allocated). Once its caller is
 * optimised this small function is inlined there, and the term with it; the GLCM's sums,
 * run once a matrix, mostly are not, and still box (about 0.2 MB a CT extraction, where
 * a loop written out at each of its nine sums boxed nothing).
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
