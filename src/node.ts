/**
 * `radiomics/node`: everything in `radiomics`, plus readers and writers that take file
 * paths (Node.js and Deno) and cohort batch jobs.
 * @module
 */
export * from "./index.js";
export {
  readVolumeFile, readMaskFile, readParamsFile, writeFileAtomic, readDicomFolder, readImageInput, readMaskInput, readCaseInputs, describeInput, headerVoxels,
} from "./io/files.js";
export { extractFiles } from "./extract-files.js";
export { streamCase, type StreamOptions } from "./io/stream-case.js";
export { runBatch, readManifest, mergeTables, outputPath, writeTable, type BatchCase, type BatchEvent, type BatchFormat, type BatchOptions, type BatchSummary } from "./batch.js";
