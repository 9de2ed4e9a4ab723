/**
 * The feature registry: which families exist, which are on by default in each profile,
 * how a `featureClass` selection resolves, and the feature dictionary.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Profile } from "../settings.js";
import { columnName } from "../table/naming.js";
import { firstOrderFamily } from "./firstorder.js";
import { glcmFamily } from "./glcm.js";
import { gldmFamily } from "./gldm.js";
import { gldzmFamily } from "./gldzm.js";
import { glrlmFamily } from "./glrlm.js";
import { glszmFamily } from "./glszm.js";
import { ngldmFamily } from "./ngldm.js";
import { morphologyFamily } from "./morphology.js";
import { ngtdmFamily } from "./ngtdm.js";
import { shapeFamily } from "./shape.js";
import { shape2DFamily } from "./shape2d.js";
import { histogramFamily } from "./histogram.js";
import { ivhFamily } from "./ivh.js";
import { localIntensityFamily } from "./localintensity.js";
import { statisticsFamily } from "./statistics.js";
import { enabledByDefault, type FeatureDefinition, type FeatureFamily } from "./types.js";

// Families differ in their context type; the registry treats them uniformly.
type AnyFamily = FeatureFamily<any>;

/** Families this version computes. */
export const FAMILIES: readonly AnyFamily[] = [
  shapeFamily, shape2DFamily, morphologyFamily, firstOrderFamily, statisticsFamily, histogramFamily, ivhFamily, localIntensityFamily,
  glcmFamily, glrlmFamily, glszmFamily, gldzmFamily, gldmFamily, ngtdmFamily, ngldmFamily,
];

/** Families enabled when a configuration names none. */
export const DEFAULT_FAMILIES: Record<Profile, readonly string[]> = {
  pyradiomics: ["firstorder", "shape", "glcm", "glrlm", "glszm", "gldm", "ngtdm"],
  ibsi: ["morphology", "localintensity", "statistics", "histogram", "ivh", "glcm", "glrlm", "glszm", "gldzm", "ngtdm", "ngldm"],
};

/** The families PyRadiomics has (its feature classes), whose column names are its own. */
export const PYRADIOMICS_FAMILIES: readonly string[] = [...DEFAULT_FAMILIES.pyradiomics, "shape2D"];

/** One family and the features of it to compute. */
export interface FamilyPlan {
  family: AnyFamily;
  features: ReadonlyArray<FeatureDefinition<unknown>>;
}

/** Resolves a featureClass selection into families and features to compute. */
export function planFeatures(featureClasses: Record<string, string[] | null>, profile: Profile): FamilyPlan[] {
  const selection = Object.keys(featureClasses).length
    ? featureClasses
    : Object.fromEntries(DEFAULT_FAMILIES[profile].map((f) => [f, null]));
  const plan: FamilyPlan[] = [];
  for (const [name, wanted] of Object.entries(selection)) {
    const family = FAMILIES.find((f) => f.name === name);
    if (!family) {
      const known = FAMILIES.map((f) => f.name);
      throw new RadiomicsError("INVALID_SETTING", `unknown feature class "${name}"; known classes: ${known.join(", ")}`, { featureClass: name, allowed: known });
    }
    if (wanted === null) {
      plan.push({ family, features: family.features.filter((f: FeatureDefinition<unknown>) => enabledByDefault(f, profile)) });
      continue;
    }
    const features = wanted.map((w) => {
      const f = family.features.find((d: FeatureDefinition<unknown>) => d.name === w);
      if (!f) {
        throw new RadiomicsError(
          "INVALID_SETTING",
          `feature class "${name}" has no feature "${w}"; its features: ${family.features.map((d: FeatureDefinition<unknown>) => d.name).join(", ")}`,
          { featureClass: name, feature: w },
        );
      }
      return f;
    });
    plan.push({ family, features });
  }
  return plan;
}

/** A plan as a featureClass selection that plans to the same families and features. */
export function planSelection(plan: readonly FamilyPlan[]): Record<string, string[]> {
  return Object.fromEntries(plan.map((p) => [p.family.name, p.features.map((f) => f.name)]));
}

/** One row of the feature dictionary. */
export interface DictionaryEntry {
  /** Wide-table column for the original image (`original_firstorder_Mean`). */
  column: string;
  family: string;
  feature: string;
  ibsiCode: string;
  ibsiTag: string;
  deprecated: boolean;
  /** The PyRadiomics column computing the same quantity, where there is one. */
  pyradiomicsName: string;
  /** What the family describes. */
  familyTitle: string;
}

/**
 * Every feature this version computes, with its identities.
 * @example
 * ```ts
 * const glcm = featureDictionary().filter((e) => e.family === "glcm").map((e) => [e.column, e.ibsiCode]);
 * ```
 */
export function featureDictionary(): DictionaryEntry[] {
  // PyRadiomics' own families name their features; an IBSI family's feature takes the
  // column of the PyRadiomics feature with the same IBSI tag (statistics → firstorder, morphology → shape).
  const pyradiomicsFamilies = FAMILIES.filter((f) => PYRADIOMICS_FAMILIES.includes(f.name));
  const byTag = new Map<string, string>();
  for (const family of pyradiomicsFamilies) {
    for (const f of family.features as ReadonlyArray<FeatureDefinition<unknown>>) if (f.ibsiTag && !byTag.has(f.ibsiTag)) byTag.set(f.ibsiTag, columnName("original", family.name, f.name));
  }
  return FAMILIES.flatMap((family) =>
    family.features.map((f: FeatureDefinition<unknown>) => ({
      column: columnName("original", family.name, f.name),
      family: family.name,
      feature: f.name,
      ibsiCode: f.ibsiCode ?? "",
      ibsiTag: f.ibsiTag ?? "",
      deprecated: Boolean(f.deprecated),
      pyradiomicsName: pyradiomicsFamilies.includes(family) ? columnName("original", family.name, f.name) : byTag.get(f.ibsiTag ?? "") ?? "",
      familyTitle: family.title,
    })),
  );
}

let ibsiCodes: Map<string, string> | undefined;

/**
 * The IBSI code of a family's feature, "" where IBSI has none (as the dictionary's
 * `ibsiCode`); for writers that label values by code (DICOM SR, FHIR, the browser page).
 * @example
 * ```ts
 * ibsiCodeOf("glcm", "Contrast"); // "ACUI"
 * ```
 */
export function ibsiCodeOf(family: string, feature: string): string {
  ibsiCodes ??= new Map(FAMILIES.flatMap((f) => f.features.map((d: FeatureDefinition<unknown>) => [`${f.name}|${d.name}`, d.ibsiCode ?? ""] as const)));
  return ibsiCodes.get(`${family}|${feature}`) ?? "";
}
