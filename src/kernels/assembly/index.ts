// Entry of the WebAssembly kernels (built twice by scripts/build-wasm.mjs: with and
// without SIMD). Every export takes byte addresses into the imported memory.
export { roiVoxels, roiBlocks, cooccurrence, runLengths, zones, borderDistance, neighbourhoodDifferences, dependence, placeLevels } from "./texture";
export { fixedBinSize, fixedBinNumber, digitize, maskFacts, maskMoments, maskRunCount, componentCount, countingSort, radixSort, summaryOfSorted, imageStats, labelMask, maskedValues, maxLevel, countLevels } from "./intensity";
export { padMask, meshSums, edgeCrossings, maxSquaredDistance } from "./mesh";
export { planeExtent, planeHulls } from "./hull";
export { fft3d } from "./fft";
export { resampleAxis } from "./resample";
export { convolveAxis, recursiveLines, weightedSum } from "./filters";
export { localBinaryPattern2D, sphereSamples } from "./lbp";
export { glcmSums, glcmEigenvalues } from "./glcm";

/** First free byte after the module's static data: the loader lays out memory from here. */
export function heapBase(): usize {
  return __heap_base;
}
