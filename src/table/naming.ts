/**
 * Column names: one function composes them, so every writer names features alike.
 * @module
 */

/** `<imageType>_<family>_<feature>`, as PyRadiomics names features (`original_glcm_Contrast`). */
export function columnName(imageType: string, family: string, feature: string): string {
  return `${imageType}_${family}_${feature}`;
}

/** Image type name in columns for a PyRadiomics image type (only Original so far). */
export function imageTypeColumnName(imageType: string): string {
  return imageType.toLowerCase();
}
