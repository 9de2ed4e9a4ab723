/**
 * Every setting in one place: its default per profile, its type, its allowed values
 * and what it does. Reads PyRadiomics params files (YAML or JSON with `setting`,
 * `imageType`, `featureClass`, `voxelSetting`) unchanged.
 *
 * Two profiles:
 * - `ibsi` (default): IBSI definitions. Discretisation has no default: a run that
 *   needs gray levels must set `binWidth` (fixed bin size) or `binCount` (fixed bin number).
 * - `pyradiomics`: PyRadiomics 3 defaults (`binWidth` 25, its bin edges, its feature classes).
 *
 * Unknown keys and bad values throw {@link RadiomicsError} `INVALID_SETTING` naming the
 * key, the value and what is allowed.
 * @module
 */
import { parse as parseYaml } from "yaml";
import { RadiomicsError } from "./errors.js";
import { checkAggregations, type DirectionalAggregation } from "./texture/aggregation-methods.js";
import { isWaveletName, WAVELET_NAME_HELP } from "./filters/wavelet-banks.js";

export type Profile = "ibsi" | "pyradiomics";
export const PROFILES: readonly Profile[] = ["ibsi", "pyradiomics"];

/** All settings, resolved. Names follow PyRadiomics where PyRadiomics has the setting. */
export interface Settings {
  /** Which definitions to follow. @default "ibsi" */
  profile: Profile;
  /** Mask value of the region of interest. @default 1 */
  label: number;
  /** Component of a vector or 4-D mask file. @default 0 */
  label_channel: number;
  /** Fixed bin size (IBSI FBS, PyRadiomics binWidth). @default null (ibsi), 25 (pyradiomics) */
  binWidth: number | null;
  /** Fixed bin number (IBSI FBN, PyRadiomics binCount); overrides binWidth. @default null */
  binCount: number | null;
  /** Added to intensities in PyRadiomics Energy, TotalEnergy and RootMeanSquared. @default 0 */
  voxelArrayShift: number;
  /** Z-score the whole image before anything else (PyRadiomics). @default false */
  normalize: boolean;
  /** Multiplier applied after normalising. @default 1 */
  normalizeScale: number;
  /** Clip normalised intensities at ± this many standard deviations. @default null */
  removeOutliers: number | null;
  /** Re-segmentation range: [lower] or [lower, upper]; a bound may be null (open). @default null */
  resegmentRange: Array<number | null> | null;
  /** How resegmentRange is read: absolute values, relative to the ROI maximum, or σ around the ROI mean. @default "absolute" */
  resegmentMode: "absolute" | "relative" | "sigma";
  /** Also use the re-segmented mask for shape features (PyRadiomics). @default false */
  resegmentShape: boolean;
  /** IBSI outlier re-segmentation: drop ROI voxels beyond mean ± n·σ (applied after resegmentRange). @default null */
  resegmentOutliers: number | null;
  /** The ROI must extend over at least this many axes (size > 1). @default 2 (pyradiomics), 1 (ibsi) */
  minimumROIDimensions: number;
  /** The ROI must have more than this many voxels. @default null */
  minimumROISize: number | null;
  /** Relative tolerance when comparing image and mask geometry. @default null (1e-6) */
  geometryTolerance: number | null;
  /** On a geometry mismatch, resample the mask onto the image grid (nearest neighbour). @default false */
  correctMask: boolean;
  /** Emit diagnostics_* columns. @default true */
  additionalInfo: boolean;
  /** Resampled voxel spacing in mm (x, y, z); 0 keeps an axis. @default null */
  resampledPixelSpacing: number[] | null;
  /** Interpolator for resampling (SimpleITK name or 1–10). @default "sitkBSpline" */
  interpolator: string | number | null;
  /**
   * Resampled ROI masks: interpolate the mask like the image (linear) and keep voxels at or
   * above this partial-volume fraction (IBSI); null resamples the mask by nearest neighbour
   * (PyRadiomics). @default 0.5 (ibsi), null (pyradiomics)
   */
  maskPartialVolume: number | null;
  /** Round resampled intensities to the nearest integer (IBSI configurations B–E). @default false */
  intensityRounding: boolean;
  /** Voxels of padding around the ROI when resampling or pre-cropping. @default 5 */
  padDistance: number;
  /**
   * PyRadiomics' crop before filtering: image and mask are cut to the ROI box plus
   * padDistance (when not resampled), so filters see only that (Square's scale, a wavelet's
   * periodic boundary and the LoG's edges change with it). Features of the original image
   * do not change. @default false
   */
  preCrop: boolean;
  /** Compute texture per slice. @default false */
  force2D: boolean;
  /** Slice axis for force2D: 0 = z, 1 = y, 2 = x (numpy order, as PyRadiomics). @default 0 */
  force2Ddimension: number;
  /** Neighbour distances (Chebyshev) for GLCM, NGTDM, GLDM. @default [1] */
  distances: number[];
  /** Count each GLCM pair in both directions. @default true */
  symmetricalGLCM: boolean;
  /** Merge GLCM/GLRLM angles with this weighting before computing features. @default null */
  weightingNorm: "manhattan" | "euclidean" | "infinity" | "no_weighting" | null;
  /** GLDM dependence tolerance α. @default 0 */
  gldm_a: number;
  /**
   * Texture aggregation methods to report (ibsi profile): any of 2D:averaged,
   * 2D:slice-merged, 2.5D:direction-merged, 2.5D:merged, 3D:averaged, 3D:merged. Zone and
   * neighbourhood families use the dimensionality (2D, 2.5D, 3D). The pyradiomics profile
   * always uses PyRadiomics' own method.
   * @default null (force2D: the 2D and 2.5D methods; else the 3D ones)
   */
  textureAggregation: DirectionalAggregation[] | null;
  /** IVH for continuous calibrated intensities: fixed bin size of the IVH discretisation. @default null */
  ivhBinWidth: number | null;
  /** IVH for arbitrary intensity units: fixed bin number of the IVH discretisation. @default null */
  ivhBinCount: number | null;
  /** LoG image type: Gaussian widths σ in mm, one filtered image each. @default [] */
  sigma: number[];
  /** Wavelet image type: the wavelet (PyWavelets name: haar, dbN, symN, coifN, biorN.M, rbioN.M, dmey). @default "coif1" */
  wavelet: string;
  /** Wavelet image type: number of decomposition levels reported. @default 1 */
  level: number;
  /** Wavelet image type: levels decomposed before the first reported one (0-based). @default 0 */
  start_level: number;
  /** Gradient image type: differences per mm (true) or per voxel (false). @default true */
  gradientUseSpacing: boolean;
  /** LBP2D image type: radius of the sampling circle in voxels. @default 1 */
  lbp2DRadius: number;
  /** LBP2D image type: points sampled on the circle. @default 8 */
  lbp2DSamples: number;
  /** LBP2D image type: pattern coding (scikit-image's methods). @default "uniform" */
  lbp2DMethod: "default" | "ror" | "uniform" | "var";
  /** LBP3D image type: spherical-harmonic levels. @default 2 */
  lbp3DLevels: number;
  /** LBP3D image type: radius of the icosphere in voxels. @default 1 */
  lbp3DIcosphereRadius: number;
  /** LBP3D image type: subdivisions of the icosahedron. @default 1 */
  lbp3DIcosphereSubdivision: number;
  /** IBSI 2 filters: how the image is continued beyond its edges. @default "mirror" */
  filterBoundary: "zero" | "nearest" | "periodic" | "mirror";
  /** IBSI 2 filters: 3 filters the volume, 2 each slice across force2Ddimension (the axial plane by default). @default 3 */
  filterDimensions: 2 | 3;
  /** IBSI 2 filters: pool the response over right-angle rotations of the filter (Laws, separable wavelets) or Gabor orientations. @default false */
  rotationInvariance: boolean;
  /** IBSI 2 filters: how rotated responses are pooled. @default "average" */
  pooling: "average" | "max" | "min";
  /** Mean image type: support M (odd, voxels). @default null (required) */
  meanSupport: number | null;
  /** LaplacianOfGaussian (IBSI 2) image type: kernel half-width in σ (support 1 + 2⌊dσ + ½⌋). @default 4 */
  logCutoff: number;
  /** Laws image type: the 1-D kernels per axis, x first (e.g. "L5E5E5"; two for 2-D). @default null (required) */
  lawsKernel: string | null;
  /** Laws image type: Chebyshev distance δ of the energy map (mean of |response| over (2δ+1)^D); null for the response map. @default null */
  lawsEnergyDistance: number | null;
  /** Gabor image type: Gaussian width σ in mm. @default null (required) */
  gaborSigma: number | null;
  /** Gabor image type: wavelength λ in mm. @default null (required) */
  gaborLambda: number | null;
  /** Gabor image type: aspect ratio γ. @default 1 */
  gaborGamma: number;
  /** Gabor image type: orientation θ in radians (without rotationInvariance). @default 0 */
  gaborTheta: number;
  /** Gabor image type: angle between pooled orientations, radians (with rotationInvariance). @default π/4 */
  gaborThetaStep: number;
  /** Gabor image type: average the 2-D responses of the three orthogonal planes. @default false */
  gaborOrthogonalPlanes: boolean;
  /** SeparableWavelet image type: the band, one letter per filtered axis, x first (e.g. "LHL", "HH"). @default null (required) */
  waveletBand: string | null;
  /**
   * SeparableWavelet image type: the decimated transform (PH3R): each level keeps every other
   * voxel along the filtered axes, so the map of level ℓ has 2^ℓ times the spacing. @default false
   */
  waveletDecimated: boolean;
  /** Riesz image types: the order (l1, l2, l3) of the Riesz transform. @default null (required) */
  rieszOrder: number[] | null;
  /** Voxel-based mode: kernel radius. @default 1 */
  kernelRadius: number;
  /** Voxel-based mode: use only ROI voxels in the kernel. @default true */
  maskedKernel: boolean;
  /** Voxel-based mode: value outside the ROI. @default 0 */
  initValue: number;
  /** Voxel-based mode: voxels per batch (-1: all). @default -1 */
  voxelBatch: number;
}

type Check = (value: unknown) => string | null;

interface SettingSpec {
  check: Check;
  /** Where in a params file it belongs. */
  section: "setting" | "voxelSetting";
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const number = (pred: (v: number) => boolean, what: string, nullable = false): Check => (v) =>
  (v === null && nullable) || (isNum(v) && pred(v)) ? null : what + (nullable ? " or null" : "");
const integer = (min: number, max = Infinity, nullable = false): Check =>
  number((v) => Number.isInteger(v) && v >= min && v <= max, max === Infinity ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`, nullable);
const positive = (nullable = false): Check => number((v) => v > 0, "a number > 0", nullable);
const boolean: Check = (v) => (typeof v === "boolean" ? null : "true or false");
const oneOf = (values: readonly (string | null)[]): Check => (v) =>
  values.includes(v as string) ? null : `one of ${values.map((x) => JSON.stringify(x)).join(", ")}`;
const numberList = (pred: (v: number) => boolean, what: string, nullable: boolean, length?: [number, number]): Check => (v) => {
  if (v === null && nullable) return null;
  const ok = Array.isArray(v) && v.every((x) => isNum(x) && pred(x)) && (!length || (v.length >= length[0] && v.length <= length[1]));
  return ok ? null : `a list of ${what}` + (length ? ` (${length[0]}–${length[1]} items)` : "") + (nullable ? " or null" : "");
};

/** SimpleITK interpolator names, in the order of their numeric codes 1–10. */
export const INTERPOLATORS = [
  "sitkNearestNeighbor", "sitkLinear", "sitkBSpline", "sitkGaussian", "sitkLabelGaussian",
  "sitkHammingWindowedSinc", "sitkCosineWindowedSinc", "sitkWelchWindowedSinc", "sitkLanczosWindowedSinc", "sitkBlackmanWindowedSinc",
] as const;

const SPECS: Record<keyof Settings, SettingSpec> = {
  profile: { section: "setting", check: oneOf(PROFILES) },
  label: { section: "setting", check: integer(1) },
  label_channel: { section: "setting", check: integer(0) },
  binWidth: { section: "setting", check: positive(true) },
  binCount: { section: "setting", check: integer(1, Infinity, true) },
  voxelArrayShift: { section: "setting", check: number(() => true, "a number") },
  normalize: { section: "setting", check: boolean },
  normalizeScale: { section: "setting", check: positive() },
  removeOutliers: { section: "setting", check: positive(true) },
  resegmentRange: {
    section: "setting",
    check: (v) => {
      if (v === null) return null;
      const ok = Array.isArray(v) && v.length >= 1 && v.length <= 2 && v.every((x) => x === null || isNum(x)) && v.some((x) => x !== null);
      if (ok && v.length === 2 && v[0] !== null && v[1] !== null && v[0] > v[1]) return "a range whose lower bound is not above its upper bound";
      return ok ? null : "[lower] or [lower, upper] (a bound may be null for an open range) or null";
    },
  },
  resegmentMode: { section: "setting", check: oneOf(["absolute", "relative", "sigma"]) },
  resegmentShape: { section: "setting", check: boolean },
  resegmentOutliers: { section: "setting", check: positive(true) },
  minimumROIDimensions: { section: "setting", check: integer(1, 3) },
  minimumROISize: { section: "setting", check: integer(1, Infinity, true) },
  geometryTolerance: { section: "setting", check: positive(true) },
  correctMask: { section: "setting", check: boolean },
  additionalInfo: { section: "setting", check: boolean },
  resampledPixelSpacing: { section: "setting", check: numberList((x) => x >= 0, "numbers ≥ 0", true, [3, 3]) },
  interpolator: {
    section: "setting",
    check: (v) => (v === null || INTERPOLATORS.includes(v as never) || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 10)
      ? null
      : `one of ${INTERPOLATORS.join(", ")}, a code 1–10, or null`),
  },
  maskPartialVolume: { section: "setting", check: number((v) => v > 0 && v <= 1, "a fraction in (0, 1]", true) },
  intensityRounding: { section: "setting", check: boolean },
  padDistance: { section: "setting", check: integer(0) },
  preCrop: { section: "setting", check: boolean },
  force2D: { section: "setting", check: boolean },
  force2Ddimension: { section: "setting", check: integer(0, 2) },
  distances: { section: "setting", check: numberList((x) => Number.isInteger(x) && x >= 1, "integers ≥ 1", false, [1, 16]) },
  symmetricalGLCM: { section: "setting", check: boolean },
  weightingNorm: { section: "setting", check: oneOf(["manhattan", "euclidean", "infinity", "no_weighting", null]) },
  gldm_a: { section: "setting", check: number((x) => x >= 0, "a number ≥ 0") },
  textureAggregation: { section: "setting", check: checkAggregations },
  ivhBinWidth: { section: "setting", check: positive(true) },
  ivhBinCount: { section: "setting", check: integer(1, Infinity, true) },
  sigma: { section: "setting", check: numberList((x) => x > 0, "widths in mm > 0", false) },
  wavelet: { section: "setting", check: (v) => (typeof v === "string" && isWaveletName(v) ? null : `a wavelet name: ${WAVELET_NAME_HELP}`) },
  level: { section: "setting", check: integer(1, 8) },
  start_level: { section: "setting", check: integer(0, 7) },
  gradientUseSpacing: { section: "setting", check: boolean },
  lbp2DRadius: { section: "setting", check: positive() },
  lbp2DSamples: { section: "setting", check: integer(1, 24) },
  lbp2DMethod: { section: "setting", check: oneOf(["default", "ror", "uniform", "var"]) },
  lbp3DLevels: { section: "setting", check: integer(1, 16) },
  lbp3DIcosphereRadius: { section: "setting", check: positive() },
  lbp3DIcosphereSubdivision: { section: "setting", check: integer(0, 4) },
  filterBoundary: { section: "setting", check: oneOf(["zero", "nearest", "periodic", "mirror"]) },
  filterDimensions: { section: "setting", check: (v) => (v === 2 || v === 3 ? null : "2 or 3") },
  rotationInvariance: { section: "setting", check: boolean },
  pooling: { section: "setting", check: oneOf(["average", "max", "min"]) },
  meanSupport: { section: "setting", check: number((v) => Number.isInteger(v) && v >= 1 && v % 2 === 1, "an odd integer ≥ 1 (voxels)", true) },
  logCutoff: { section: "setting", check: positive() },
  lawsKernel: { section: "setting", check: (v) => (v === null || (typeof v === "string" && /^((L3|E3|S3|L5|E5|S5|W5|R5){2,3})$/.test(v)) ? null : "two or three of L3, E3, S3, L5, E5, S5, W5, R5 (e.g. \"L5E5E5\")") },
  lawsEnergyDistance: { section: "setting", check: integer(0, Infinity, true) },
  gaborSigma: { section: "setting", check: positive(true) },
  gaborLambda: { section: "setting", check: positive(true) },
  gaborGamma: { section: "setting", check: positive() },
  gaborTheta: { section: "setting", check: number(() => true, "an angle in radians") },
  gaborThetaStep: { section: "setting", check: number((v) => v >= 0.01 && v <= 2 * Math.PI, "an angle from 0.01 to 2π radians") },
  gaborOrthogonalPlanes: { section: "setting", check: boolean },
  waveletBand: { section: "setting", check: (v) => (v === null || (typeof v === "string" && /^[LH]{2,3}$/.test(v)) ? null : "two or three of L and H (e.g. \"LHL\")") },
  waveletDecimated: { section: "setting", check: boolean },
  rieszOrder: { section: "setting", check: numberList((x) => Number.isInteger(x) && x >= 0, "integers ≥ 0", true, [2, 3]) },
  kernelRadius: { section: "voxelSetting", check: integer(1) },
  maskedKernel: { section: "voxelSetting", check: boolean },
  initValue: { section: "voxelSetting", check: number(() => true, "a number") },
  voxelBatch: { section: "voxelSetting", check: (v) => (v === -1 || (Number.isInteger(v) && (v as number) > 0) ? null : "-1 (all) or an integer > 0") },
};

/** Names of every setting. */
export const SETTING_NAMES = Object.keys(SPECS) as Array<keyof Settings>;

const COMMON_DEFAULTS: Omit<Settings, "profile" | "binWidth" | "minimumROIDimensions" | "maskPartialVolume"> = {
  label: 1, label_channel: 0, binCount: null, voxelArrayShift: 0,
  normalize: false, normalizeScale: 1, removeOutliers: null,
  resegmentRange: null, resegmentMode: "absolute", resegmentShape: false, resegmentOutliers: null,
  minimumROISize: null, geometryTolerance: null, correctMask: false, additionalInfo: true,
  resampledPixelSpacing: null, interpolator: "sitkBSpline", intensityRounding: false, padDistance: 5, preCrop: false,
  force2D: false, force2Ddimension: 0, distances: [1], symmetricalGLCM: true, weightingNorm: null, gldm_a: 0,
  textureAggregation: null, ivhBinWidth: null, ivhBinCount: null,
  sigma: [], wavelet: "coif1", level: 1, start_level: 0, gradientUseSpacing: true,
  lbp2DRadius: 1, lbp2DSamples: 8, lbp2DMethod: "uniform", lbp3DLevels: 2, lbp3DIcosphereRadius: 1, lbp3DIcosphereSubdivision: 1,
  filterBoundary: "mirror", filterDimensions: 3, rotationInvariance: false, pooling: "average", meanSupport: null, logCutoff: 4,
  lawsKernel: null, lawsEnergyDistance: null, gaborSigma: null, gaborLambda: null, gaborGamma: 1, gaborTheta: 0, gaborThetaStep: Math.PI / 4,
  gaborOrthogonalPlanes: false, waveletBand: null, waveletDecimated: false, rieszOrder: null,
  kernelRadius: 1, maskedKernel: true, initValue: 0, voxelBatch: -1,
};

/**
 * Defaults of a profile.
 * @example
 * ```ts
 * defaultSettings("pyradiomics").binWidth; // 25
 * ```
 */
export function defaultSettings(profile: Profile = "ibsi"): Settings {
  return profile === "pyradiomics"
    ? { ...COMMON_DEFAULTS, profile, binWidth: 25, minimumROIDimensions: 2, maskPartialVolume: null }
    : { ...COMMON_DEFAULTS, profile, binWidth: null, minimumROIDimensions: 1, maskPartialVolume: 0.5 };
}

/** Image types (filters) that PyRadiomics params files may name. */
export const IMAGE_TYPES = [
  "Original", "Wavelet", "LoG", "Square", "SquareRoot", "Logarithm", "Exponential", "Gradient", "LBP2D", "LBP3D",
  "Mean", "LaplacianOfGaussian", "Laws", "Gabor", "SeparableWavelet", "Simoncelli", "RieszLaplacianOfGaussian", "RieszSimoncelli",
] as const;
export type ImageTypeName = (typeof IMAGE_TYPES)[number];

/** A full extraction configuration: global settings, image types and feature classes. */
export interface ExtractionConfig {
  settings: Settings;
  /** Enabled image types with their per-type setting overrides. */
  imageTypes: Partial<Record<ImageTypeName, Partial<Settings>>>;
  /** Enabled feature classes: `null` = every non-deprecated feature, else the named ones. */
  featureClasses: Record<string, string[] | null>;
}

/** Partial configuration as a user gives it (a params file, or an object). */
export interface ParamsInput {
  setting?: Record<string, unknown> | null;
  voxelSetting?: Record<string, unknown> | null;
  imageType?: Record<string, Record<string, unknown> | null> | null;
  featureClass?: Record<string, string[] | null> | null;
}

function invalid(key: string, value: unknown, allowed: string, source: string): RadiomicsError {
  return new RadiomicsError(
    "INVALID_SETTING",
    `${source}: setting "${key}" = ${JSON.stringify(value)} is not valid; expected ${allowed}`,
    { key, value, allowed },
  );
}

/** Validates one setting value; `section` restricts which keys are accepted. */
function checkSetting(key: string, value: unknown, source: string, section?: SettingSpec["section"]): void {
  const spec = (SPECS as Record<string, SettingSpec>)[key];
  if (!spec || (section && spec.section !== section)) {
    const names = SETTING_NAMES.filter((k) => !section || SPECS[k].section === section);
    const near = names.filter((n) => n.toLowerCase() === key.toLowerCase());
    throw new RadiomicsError(
      "INVALID_SETTING",
      `${source}: unknown setting "${key}"${near.length ? ` (did you mean "${near[0]}"?)` : ""}; known ${section ?? "setting"} keys: ${names.join(", ")}`,
      { key, allowed: names },
    );
  }
  const problem = spec.check(value);
  if (problem) throw invalid(key, value, problem, source);
}

/**
 * Validates a map of setting overrides and returns it typed.
 * @example
 * ```ts
 * validateSettings({ binWidth: 10, interpolator: "sitkBSpline" }, "my settings");
 * ```
 */
export function validateSettings(values: Record<string, unknown>, source = "settings", section?: SettingSpec["section"]): Partial<Settings> {
  for (const [key, value] of Object.entries(values)) checkSetting(key, value, source, section);
  return { ...values } as Partial<Settings>;
}

/**
 * Builds a configuration from a profile, an optional params object and optional
 * overrides (highest precedence). Feature-class names are checked by the feature registry.
 * @example
 * ```ts
 * const config = resolveConfig(parseParams("setting:\n  binWidth: 25\n"), { profile: "pyradiomics", label: 2 });
 * ```
 */
export function resolveConfig(
  params: ParamsInput = {},
  overrides: Record<string, unknown> = {},
  source = "params",
): ExtractionConfig {
  const top = Object.keys(params).filter((k) => !["setting", "voxelSetting", "imageType", "featureClass"].includes(k));
  if (top.length) {
    throw new RadiomicsError(
      "INVALID_SETTING",
      `${source}: unknown top-level key(s) ${top.map((k) => `"${k}"`).join(", ")}; a params file has setting, voxelSetting, imageType and featureClass`,
      { keys: top },
    );
  }
  const fromFile = validateSettings(normaliseValues(params.setting ?? {}), source, "setting");
  const voxel = validateSettings(normaliseValues(params.voxelSetting ?? {}), source, "voxelSetting");
  const fromOverrides = validateSettings(normaliseValues(overrides), "override");
  const profile = (fromOverrides.profile ?? fromFile.profile ?? "ibsi") as Profile;
  const settings: Settings = { ...defaultSettings(profile), ...fromFile, ...voxel, ...fromOverrides };

  const imageTypes: ExtractionConfig["imageTypes"] = {};
  const givenTypes = params.imageType && Object.keys(params.imageType).length ? params.imageType : { Original: {} };
  for (const [name, custom] of Object.entries(givenTypes)) {
    if (!IMAGE_TYPES.includes(name as ImageTypeName)) {
      throw new RadiomicsError("INVALID_SETTING", `${source}: unknown image type "${name}"; known: ${IMAGE_TYPES.join(", ")}`, { imageType: name });
    }
    imageTypes[name as ImageTypeName] = validateSettings(normaliseValues(custom ?? {}), `${source} (imageType ${name})`);
  }

  const featureClasses: Record<string, string[] | null> = {};
  for (const [name, features] of Object.entries(params.featureClass ?? {})) {
    if (features !== null && !(Array.isArray(features) && features.every((f) => typeof f === "string"))) {
      throw new RadiomicsError("INVALID_SETTING", `${source}: featureClass "${name}" must be null, [] or a list of feature names`, { featureClass: name });
    }
    featureClasses[name] = features === null || features.length === 0 ? null : [...features];
  }
  return { settings, imageTypes, featureClasses };
}

/** A resolved configuration as it is, or a params-file-shaped object resolved. */
export function asConfig(config: ExtractionConfig | ParamsInput | undefined): ExtractionConfig {
  if (config && "settings" in config && "featureClasses" in config) return config;
  return resolveConfig(config as ParamsInput | undefined);
}

/** PyRadiomics accepts a single number where a list is meant (resegmentRange: 0, resampledPixelSpacing…). */
function normaliseValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    out[k] = (k === "resegmentRange" || k === "distances" || k === "sigma") && isNum(v) ? [v] : v;
  }
  return out;
}

/**
 * Parses the text of a PyRadiomics params file (YAML; JSON is valid YAML).
 * @example
 * ```ts
 * const params = parseParams("imageType:\n  Original: {}\n  LoG: {sigma: [1.0, 3.0]}\n", "Params.yaml");
 * ```
 */
export function parseParams(text: string, source = "params file"): ParamsInput {
  let parsed: unknown;
  try {
    // Odd directives or aliases are no concern of a params file: no process warnings.
    parsed = parseYaml(text, { logLevel: "error" });
  } catch (cause) {
    // One line: where, and what the parser expected (its code frame would take six).
    const where = (cause as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    const what = (cause as Error).message.split(/ at line \d+, column \d+|\n/)[0]!.trim();
    throw new RadiomicsError(
      "INVALID_SETTING",
      `${source}${where ? `:${where.line}:${where.col}` : ""}: not valid YAML or JSON: ${what}`,
      { file: source, ...(where ? { line: where.line, column: where.col } : {}) },
      { cause },
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new RadiomicsError("INVALID_SETTING", `${source}: a params file must be a mapping with setting/imageType/featureClass keys`);
  }
  return parsed as ParamsInput;
}

/**
 * Parses one command-line override `name:value` (PyRadiomics' `--setting` syntax; `=`
 * also works). Values are read as YAML, so `binWidth:25`, `resegmentRange:[-500,400]`,
 * `resegmentRange:-500,400` and `normalize:true` all work.
 * @example
 * ```ts
 * parseSettingOverride("binWidth:10"); // ["binWidth", 10]
 * ```
 */
export function parseSettingOverride(text: string): [string, unknown] {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*[:=]\s*(.*)$/.exec(text);
  if (!m) throw new RadiomicsError("INVALID_SETTING", `--setting "${text}" is not of the form name:value (e.g. binWidth:25)`);
  const raw = m[2]!.trim();
  const value = /^[^[{].*,/.test(raw) ? parseYaml(`[${raw}]`, { logLevel: "error" }) : parseYaml(raw, { logLevel: "error" });
  return [m[1]!, value];
}
