// Entry of the WebAssembly kernels (built twice by scripts/build-wasm.mjs: with and
// without SIMD). Every export takes byte addresses into the imported memory; the first
// ones are what every extraction calls first.
export { imageStats, labelMask, labelRows, maskFacts, maskMoments, maskRunCount, componentCount, maskedValues, widen, fixedBinSize, fixedBinNumber, digitize, narrowLevels, widenLevels, maxLevel, countLevels, countingRanks, radixRanks, summarySums } from "./intensity";
export { roiVoxels, roiBlocks, cooccurrence, runLengths, nonZeroCells, zones, zoneEntries, borderDistance, neighbourhoodDifferences, dependence, placeLevels } from "./texture";
export { glcmSums, glcmSecondEigenvalue } from "./glcm";
export { sizeMatrixSums } from "./sizematrix";
export { ngtdmSums } from "./ngtdm";
export { padMask, meshSums, edgeCrossings, maxSquaredDistance } from "./mesh";
export { planeExtent, planeHulls, projectedHull } from "./hull";
export { khachiyanWeights } from "./ellipsoid";
export { localPeaks } from "./localintensity";
export { prefilterAxis, resampleAxis } from "./resample";
export { convolveAxis, recursiveLines, weightedSum } from "./filters";
export { fft3d } from "./fft";
export { localBinaryPattern2D, sphereSamples } from "./lbp";

/** First free byte after the module's static data: the loader lays out memory from here. */
export function heapBase(): usize {
  return __heap_base;
}
