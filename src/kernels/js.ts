/**
 * The TypeScript backend: the twin of every WebAssembly kernel, and the oracle of the
 * equivalence tests.
 * @module
 */
import { glcmSecondEigenvalue, glcmSums } from "./glcm.js";
import { sizeMatrixSums } from "./sizematrix.js";
import { ngtdmSums } from "./ngtdm.js";
import { componentCount, digitize, fixedBinNumberIbsi, fixedBinSizeIbsi, imageLanes, imageStats, labelFacts, labelMask, labelWindow, levelCounts, maskedValues, maskFacts, maskMoments, summariseValues } from "./intensity.js";
import { fft3d } from "../math/fft.js";
import { convolveAxis, convolveSeparable, recursiveLaplacian } from "./filters.js";
import { localBinaryPattern2D, sphereSamples } from "./lbp.js";
import { resampleBox, resampleSlabs } from "../preprocess/resample.js";
import { khachiyanWeights, projectedHulls } from "../shape/ellipsoid.js";
import { localPeaks } from "../features/localintensity.js";
import { maxSquaredDistance, planeHulls } from "../shape/hull.js";
import { marchingCubes } from "../shape/mesh.js";
import { borderDistance, cooccurrenceCounts, dependenceCounts, neighbourhoodDifferences, placeLevels, runLengthCounts, zoneEntries, zoneScan } from "./texture.js";
import type { Kernels } from "./types.js";

/** Kernels in plain TypeScript. */
export const jsKernels: Kernels = {
  backend: "js",
  placeLevels,
  cooccurrenceCounts,
  runLengthCounts,
  zoneScan,
  zoneEntries,
  borderDistance,
  neighbourhoodDifferences,
  dependenceCounts,
  fixedBinSize: fixedBinSizeIbsi,
  fixedBinNumber: fixedBinNumberIbsi,
  digitize,
  componentCount,
  maskedValues,
  levelCounts,
  maskFacts,
  maskMoments,
  summariseValues,
  imageStats,
  imageLanes,
  labelMask,
  labelFacts,
  labelWindow,
  maxSquaredDistance,
  planeHulls,
  fft3d,
  khachiyanWeights,
  projectedHulls,
  localPeaks,
  resampleBox,
  resampleSlabs,
  convolveAxis,
  convolveSeparable,
  recursiveLaplacian,
  localBinaryPattern2D,
  sphereSamples,
  glcmSums,
  sizeMatrixSums,
  ngtdmSums,
  glcmSecondEigenvalue,
  marchingCubes,
};
