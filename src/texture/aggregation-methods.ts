/**
 * The IBSI aggregation methods' names and their check: what settings and the texture
 * aggregation both need (a module of its own, so that neither imports the other for them).
 * @module
 */

/** IBSI aggregation methods of directional families. */
export const DIRECTIONAL_AGGREGATIONS = ["2D:averaged", "2D:slice-merged", "2.5D:direction-merged", "2.5D:merged", "3D:averaged", "3D:merged"] as const;
export type DirectionalAggregation = (typeof DIRECTIONAL_AGGREGATIONS)[number];
/** Aggregation methods of the other texture families. */
export type VolumeAggregation = "2D" | "2.5D" | "3D";

/** Validates a `textureAggregation` value (called by settings). */
export function checkAggregations(value: unknown): string | null {
  return value === null || (Array.isArray(value) && value.length > 0 && value.every((v) => DIRECTIONAL_AGGREGATIONS.includes(v)))
    ? null
    : `a list of aggregation methods from ${DIRECTIONAL_AGGREGATIONS.join(", ")}, or null for the profile's default`;
}
