/**
 * Units of the features, in one table: mm, mm², mm³, mm⁻¹ for shape; I for the image's
 * intensity unit (HU for CT) and its powers; bin for a discretised gray level; bits for
 * entropies; — for none (texture features are functions of counts and gray-level indices).
 * docs/features.md shows them; the DICOM SR and FHIR writers turn them into UCUM codes.
 * @module
 */

const UNITS: Record<string, Record<string, string>> = (() => {
  const shape = {
    MeshVolume: "mm³", VoxelVolume: "mm³", SurfaceArea: "mm²", SurfaceVolumeRatio: "mm⁻¹", Maximum3DDiameter: "mm", Maximum2DDiameterSlice: "mm",
    Maximum2DDiameterColumn: "mm", Maximum2DDiameterRow: "mm", MajorAxisLength: "mm", MinorAxisLength: "mm", LeastAxisLength: "mm",
    CentreOfMassShift: "mm", IntegratedIntensity: "I·mm³", MeshSurface: "mm²", PixelSurface: "mm²", Perimeter: "mm", PerimeterSurfaceRatio: "mm⁻¹", MaximumDiameter: "mm",
  };
  const intensity = (unit: string) => ({
    Mean: unit, Median: unit, Minimum: unit, "10Percentile": unit, "90Percentile": unit, Maximum: unit, InterquartileRange: unit, Range: unit,
    MeanAbsoluteDeviation: unit, RobustMeanAbsoluteDeviation: unit, MedianAbsoluteDeviation: unit, RootMeanSquared: unit, StandardDeviation: unit,
    Variance: `${unit}²`, Energy: `${unit}²`, Entropy: "bits",
  });
  return {
    shape, shape2D: shape, morphology: shape,
    firstorder: { ...intensity("I"), TotalEnergy: "I²·mm³" },
    statistics: intensity("I"),
    histogram: { ...intensity("bin"), Mode: "bin", MaximumHistogramGradient: "voxels/bin", MinimumHistogramGradient: "voxels/bin", MaximumHistogramGradientIntensity: "bin", MinimumHistogramGradientIntensity: "bin" },
    ivh: { I10: "I", I90: "I", I10MinusI90: "I" },
    localintensity: { LocalIntensityPeak: "I", GlobalIntensityPeak: "I" },
  };
})();


/** The unit of a family's feature, as docs/features.md writes it ("—" for none). */
export function featureUnit(family: string, feature: string): string {
  return UNITS[family]?.[feature] ?? "—";
}

/** UCUM codes of the unit symbols; I becomes `intensity` (HU for CT: `[hnsf'U]`). */
const UCUM: Record<string, (intensity: string) => string> = {
  "—": () => "1", mm: () => "mm", "mm²": () => "mm2", "mm³": () => "mm3", "mm⁻¹": () => "/mm", bits: () => "bit",
  bin: () => "{bin}", "bin²": () => "{bin^2}", "voxels/bin": () => "{voxels}/{bin}",
  I: (i) => i, "I²": (i) => (i.startsWith("{") ? "{intensity^2}" : `${i}2`), "I·mm³": (i) => `${i}.mm3`,
  "I²·mm³": (i) => (i.startsWith("{") ? "{intensity^2}.mm3" : `${i}2.mm3`),
};

/**
 * The UCUM code of a feature's unit for an image of a modality: HU (`[hnsf'U]`) for CT,
 * `{intensity}` (a unit of one, annotated) where the intensity scale has no unit.
 */
export function ucumUnit(family: string, feature: string, modality: string): string {
  const unit = featureUnit(family, feature);
  const intensity = modality.toUpperCase() === "CT" ? "[hnsf'U]" : "{intensity}";
  const code = UCUM[unit];
  if (!code) throw new Error(`no UCUM code for the unit "${unit}" of ${family} ${feature}`);
  return code(intensity);
}
