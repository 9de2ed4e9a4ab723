/**
 * Column names: one function composes them, so every writer names features alike.
 * @module
 */

/**
 * `<imageType>_<family>_<feature>`, as PyRadiomics names features (`original_glcm_Contrast`),
 * plus `_<aggregation>` when a run reports several aggregation methods (`…_Contrast_3Dmrg`).
 * @example
 * ```ts
 * columnName("wavelet-LLH", "glcm", "Contrast"); // "wavelet-LLH_glcm_Contrast"
 * ```
 */
export function columnName(imageType: string, family: string, feature: string, suffix = ""): string {
  return suffix ? `${imageType}_${family}_${feature}_${suffix}` : `${imageType}_${family}_${feature}`;
}

/** Image type name in columns for a PyRadiomics image type (only Original so far). */
export function imageTypeColumnName(imageType: string): string {
  return imageType.toLowerCase();
}
