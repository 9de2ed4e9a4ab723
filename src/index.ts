/**
 * `radiomics`: radiomics features for TypeScript and JavaScript, IBSI-conformant and
 * PyRadiomics-compatible.
 *
 * ```ts
 * import { readVolume, extract, toWideCsv } from "radiomics";
 * const image = readVolume(imageBytes);            // NIfTI or NRRD bytes
 * const mask = readVolume(maskBytes);
 * const row = await extract(image, mask, { setting: { binWidth: 25 } });
 * row.values["original_statistics_Mean"];
 * console.log(toWideCsv([row]));
 * ```
 * DICOM: `readDicomSeries(files)` for an image series; `readRtstruct(file, image, { roi })`
 * and `readSeg(file, image, { segment })` for RTSTRUCT and SEG masks on the image's grid.
 * File paths: import the same functions plus `readVolumeFile`, `readImageInput` (a file or a
 * DICOM folder) and `readMaskInput` from `radiomics/node`.
 *
 * Filters: PyRadiomics' image types (`imageType: { LoG: { sigma: [1, 2] }, Wavelet: {} }`) add
 * feature columns per response map; `filterImage(image, config)` returns one map itself.
 *
 * Quality control: `qcPng(image, mask)` draws the mask's outline over the image in three
 * planes through the ROI (a PNG file's bytes); `renderPlane` draws one slice.
 *
 * Speed: voxel kernels run as WebAssembly with SIMD where the runtime has it (`backend`
 * option: `auto`, `wasm-simd`, `wasm`, `js`; all give the same values), and a filtered
 * image's response maps can run on worker threads (`workers` option, or a reusable pool
 * from `createFamilyPool`).
 * @module
 */
export { RadiomicsError, isRadiomicsError, type ErrorCode } from "./errors.js";
export {
  type Volume, type VoxelArray, type Vec3, type Mat3, type Geometry, type BoundingBox, type NdarrayLike, type DicomSource,
  volumeFromArray, volumeFromNdarray, toNdarrayArgs, indexToWorld, worldToIndex, boundingBox, crop, voxelCount,
} from "./volume.js";
export { readVolume, readMask, detectFormat, type ReadOptions, type MaskReadOptions, type VolumeFormat } from "./io/read.js";
export { readNifti, type NiftiReadOptions } from "./io/nifti.js";
export { readNrrd, nrrdDataFiles, type NrrdReadOptions } from "./io/nrrd.js";
export { isDicom, type DicomFile } from "./io/dicom.js";
export { readDicomSeries, listDicomSeries, type DicomSeriesOptions, type DicomSeriesSummary } from "./io/dicom-series.js";
export { readSeg, listSegSegments, type SegOptions, type SegSegment } from "./io/dicom-seg.js";
export {
  isDicomWebUrl, parseDicomWebUrl, retrieveDicomWebSeries, searchDicomWebSeries, storeDicomWebInstances, type DicomWebOptions, type DicomWebRef, type DicomWebSeries,
} from "./io/dicomweb.js";
export { imageFromFiles, maskFromFiles, type NamedBytes, type ImageInputOptions, type MaskInputOptions } from "./io/inputs.js";
export { ReadBuffers } from "./io/read-buffers.js";
export { readRtstruct, listRtstructRois, rasteriseContours, type RtstructOptions, type RtstructRoi, type Grid } from "./io/rtstruct.js";
export {
  type Settings, type Profile, type ExtractionConfig, type ParamsInput, type ImageTypeName,
  PROFILES, IMAGE_TYPES, SETTING_NAMES, defaultSettings, resolveConfig, parseParams, parseSettingOverride, validateSettings,
} from "./settings.js";
export { selectLabel, labelsPresent } from "./preprocess/mask.js";
export { alignMask, geometryDifferences, resampleMaskToImage } from "./preprocess/geometry.js";
export { normaliseImage, resegment } from "./preprocess/intensity.js";
export { discretise, fixedBinSizeIbsi, fixedBinNumberIbsi, pyradiomicsBinEdges, digitize, type DiscretisationSpec } from "./preprocess/discretise.js";
export { extract, extractWindowed, windowed, configHash, PARALLEL_MAPS_MIN_VOXELS, type ExtractOptions, type WindowedCase } from "./extract.js";
export { FACTS_MAX_VOXELS, FACTS_MIN_VOXELS, SPLIT_MAX_VOXELS, SPLIT_MIN_VOXELS } from "./parallel/split.js";
export { filterImage, type FilterOptions, type FilteredVolume } from "./filters/response.js";
export { IMAGE_TYPE_FILTERS } from "./filters/registry.js";
export type { ImageType, ResponseMap, FilterInput } from "./filters/types.js";
export { WAVELET_NAMES, waveletFilters, type WaveletFilters } from "./filters/wavelet-banks.js";
export { encodeVolume, mapFormatOf, type MapFormat } from "./io/write.js";
export { qcPicture, qcPng, renderPlane, roiView, maskOptionsOf, planeAxes, voxelAxesOf, PLANES, type Axis, type Plane, type PlaneView, type QcOptions, type QcPicture } from "./qc/picture.js";
export { encodePng, type RgbPicture } from "./qc/png.js";
export { histogramSvg, barChartSvg, type ChartOptions } from "./plots/svg.js";
export { measurementReport, readMeasurementReport, reportOfVolumes, type MeasurementReportInput } from "./clinical/sr.js";
export { fhirBundle, IBSI_SYSTEM, FEATURE_SYSTEM, type FhirBundleInput } from "./clinical/fhir.js";
export { BACKENDS, type Backend, type BackendChoice, type Kernels } from "./kernels/types.js";
export { kernelsFor, bestBackend, parseBackend } from "./kernels/backend.js";
export { jsKernels } from "./kernels/js.js";
export { wasmSupport } from "./kernels/wasm.js";
export { createFamilyPool, type FamilyPool } from "./parallel/families.js";
export { WorkerPool } from "./parallel/pool.js";
export { FAMILIES, DEFAULT_FAMILIES, featureDictionary, ibsiCodeOf, type DictionaryEntry } from "./features/registry.js";
export type { FeatureDefinition, FeatureFamily, RoiInput, TextureInput, TextureVolume } from "./features/types.js";
export type { FeatureRow, FeatureEntry } from "./table/row.js";
export { columnName } from "./table/naming.js";
export { FeatureTable, type Cell, type JoinKind, type JoinOptions } from "./table/table.js";
export { parseCsv, csvRecords } from "./table/csv.js";
export { toWideCsv, toLongCsv, toJson, toTextTable, formatRows, LONG_COLUMNS, OUTPUT_FORMATS, type OutputFormat } from "./table/writers.js";
export { VERSION } from "./version.js";
