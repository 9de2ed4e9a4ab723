/**
 * One family on one ROI → feature entries: the step that runs in the main thread or, for
 * a filtered image's response maps, in a worker (see parallel/families.ts).
 * @module
 */
import { isRadiomicsError, RadiomicsError } from "../errors.js";
import { memoryFallbacks } from "../kernels/backend.js";
import { nanMean } from "../texture/aggregation.js";
import { columnName } from "../table/naming.js";
import type { FeatureEntry } from "../table/row.js";
import type { FamilyPlan } from "./registry.js";
import type { FeatureFamily, RoiInput, TextureInput } from "./types.js";

/** A family's entries, and a warning for each feature that failed (and was set to NaN). */
export interface FamilyResult {
  entries: FeatureEntry[];
  warnings: string[];
}

/**
 * Computes the planned features of a family, under the image type's column prefix. A
 * texture family ({@link FeatureFamily.texture}) may be given a {@link TextureInput} alone.
 */
export function familyEntries({ family, features: wanted }: FamilyPlan, input: RoiInput | TextureInput, prefix: string): FamilyResult {
  const entries: FeatureEntry[] = [];
  const warnings: string[] = [];
  if (!("values" in input) && !family.texture) {
    throw new RadiomicsError("INVALID_INPUT", `the "${family.name}" family reads the ROI's image, not only its gray-level volume`, { family: family.name });
  }
  const fallbacksBefore = memoryFallbacks();
  for (const evaluation of family.evaluate(input as RoiInput)) {
    for (const feature of wanted) {
      const column = columnName(prefix, family.name, feature.name, evaluation.columnSuffix);
      const value = nanMean(evaluation.contexts.map((ctx) => {
        try {
          return feature.compute(ctx);
        } catch (err) {
          if (isRadiomicsError(err)) throw err;
          warnings.push(`${column} failed (${String(err)}); set to NaN`);
          return NaN;
        }
      }));
      entries.push({
        column,
        imageType: prefix,
        family: family.name,
        feature: feature.name,
        aggregation: evaluation.aggregation,
        ibsiTag: feature.ibsiTag ?? "",
        ibsiAggregation: feature.ibsiTag ? evaluation.ibsiAggregation : "",
        value,
      });
    }
  }
  if (memoryFallbacks() > fallbacksBefore) {
    warnings.push(`${prefix}_${family.name}: WebAssembly memory (4 GB) could not hold this ROI's data; its kernels ran in TypeScript (the same values, slower)`);
  }
  return { entries, warnings };
}
