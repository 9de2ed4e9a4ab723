/**
 * Small special functions shared by the filters.
 * @module
 */

/** n! for small non-negative integers (exact up to 18!, then to double precision). */
export function factorial(n: number): number {
  let product = 1;
  for (let k = 2; k <= n; k++) product *= k;
  return product;
}
