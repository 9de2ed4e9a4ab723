/**
 * File-system readers and the atomic writer (Node.js, Deno). Detached NRRD data (`.nhdr`)
 * and NIfTI `.hdr`/`.img` pairs are resolved next to the header.
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { RadiomicsError } from "../errors.js";
import { parseParams, type ParamsInput } from "../settings.js";
import { isShared, zeroedArray, type Volume } from "../volume.js";
import { SOP_CLASS, isDicom, parseDicomFile, type DicomFile } from "./dicom.js";
import { listDicomSeries, readDicomSeries, type DicomSeriesOptions } from "./dicom-series.js";
import { readMask, readVolume, type MaskReadOptions, type ReadOptions } from "./read.js";
import { listRtstructRois, type Grid } from "./rtstruct.js";
import { listSegSegments } from "./dicom-seg.js";
import { companionsOf, maskFromDicomFile, maskFromFiles, type ImageInputOptions, type MaskInputOptions } from "./inputs.js";
import { isDicomWebUrl, parseDicomWebUrl, retrieveDicomWebSeries, searchDicomWebSeries, type DicomWebOptions } from "./dicomweb.js";
import { labelsPresent } from "../preprocess/mask.js";
import type { SampleMemoryOptions } from "./samples.js";
import { isNifti, niftiClaim, niftiVoxels } from "./nifti.js";
import { isNrrd, nrrdVoxels } from "./nrrd.js";
import { headOf } from "./stream-case.js";
import { openFile, readdirEntries, removeFile, rename, stat, writeFile } from "./node-files.js";
import { gunzipAside, isGzip } from "./gzip.js";

/**
 * A file's bytes in one buffer of their own (shared memory with `sharedMemory`, one of
 * `readBuffers` when given), read by as few calls as the system allows. `readFile` read
 * 512 kB a turn of the event loop and the bytes were then copied once more: the 2.5
 * M-voxel case's batch of one took 0.76 s, now 0.69 s.
 */
async function readBytes(path: string, what: string, memory: SampleMemoryOptions = {}): Promise<Uint8Array> {
  try {
    const file = await openFile(path);
    try {
      const info = await file.stat();
      // A pipe or device has no size to read up to.
      if (!info.isFile()) return await file.readRest();
      const shared = memory.sharedMemory ?? false;
      const bytes = memory.readBuffers ? memory.readBuffers.take(info.size, shared) : zeroedArray(Uint8Array, info.size, shared);
      for (let at = 0; at < bytes.length;) {
        const { bytesRead } = await file.read(bytes, at, bytes.length - at, at);
        if (bytesRead === 0) return bytes.subarray(0, at);
        at += bytesRead;
      }
      return bytes;
    } finally {
      await file.close();
    }
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : String((cause as Error).message);
    throw new RadiomicsError("IO_ERROR", `cannot read ${what} "${path}": ${reason}`, { path }, { cause });
  }
}

/**
 * {@link readBytes} of a file that may hold a volume, inflated off this thread when the
 * whole file is one gzip stream (a .nii.gz: see gzip.ts `gunzipAside`), so that an image's
 * and its label map's inflate side by side.
 */
async function readPlainBytes(path: string, what: string, memory: SampleMemoryOptions = {}): Promise<Uint8Array> {
  const bytes = await readBytes(path, what, memory);
  return isGzip(bytes) ? gunzipAside(bytes, path, niftiClaim, memory.sharedMemory ?? false) : bytes;
}

/** Bytes out of shared memory, for the DICOM parser (which reads an ArrayBuffer). */
function unshared(bytes: Uint8Array): Uint8Array {
  return isShared(bytes) ? bytes.slice() : bytes;
}

/** Reads what a file path needs beyond its own bytes (detached data, .img of a .hdr), next to it. */
async function companionBytes(path: string, bytes: Uint8Array, memory: SampleMemoryOptions = {}): Promise<Pick<ReadOptions, "dataFiles" | "imageBytes">> {
  const needed = companionsOf(path, bytes);
  const beside = (file: string) => resolve(dirname(path), file);
  if (needed.dataFiles) {
    const dataFiles: Record<string, Uint8Array> = {};
    for (const file of needed.dataFiles) dataFiles[file] = await readBytes(beside(file), "NRRD data file", memory);
    return { dataFiles };
  }
  if (needed.image) {
    for (const file of needed.image) {
      try {
        return { imageBytes: await readBytes(beside(file), "NIfTI image file", memory) };
      } catch {
        // try the next spelling
      }
    }
    throw new RadiomicsError("IO_ERROR", `"${path}" is a NIfTI/ANALYZE header but no "${needed.image[0]}" is next to it`, { path });
  }
  return {};
}

/** A NIfTI/NRRD volume from a file's bytes, with its companion files resolved next to it. */
async function volumeFromFileBytes(path: string, bytes: Uint8Array, options: Omit<ReadOptions, "dataFiles" | "imageBytes">): Promise<Volume> {
  // The bytes were read for this volume: misaligned samples may move within them (ownBytes).
  return readVolume(bytes, { name: path, shareBytes: true, ownBytes: true, ...options, ...(await companionBytes(path, bytes, options)) });
}

/**
 * Reads an image file (.nii, .nii.gz, .hdr/.img, .nrrd, .nhdr).
 * @example
 * ```ts
 * const image = await readVolumeFile("ct.nii.gz");
 * console.log(image.size, image.spacing);
 * ```
 */
export async function readVolumeFile(path: string, options: Omit<ReadOptions, "dataFiles" | "imageBytes"> = {}): Promise<Volume> {
  return volumeFromFileBytes(path, await readPlainBytes(path, "image", options), options);
}

/**
 * Reads a label-map file and returns the binary mask of one label.
 * @example
 * ```ts
 * const tumour = await readMaskFile("labels.nrrd", { label: 2 }); // 0/1 mask of label 2
 * ```
 */
export async function readMaskFile(path: string, options: Omit<MaskReadOptions, "dataFiles" | "imageBytes"> = {}): Promise<Volume<Uint8Array>> {
  const bytes = await readPlainBytes(path, "mask", options);
  return readMask(bytes, { name: path, ...options, ...(await companionBytes(path, bytes, options)) });
}

/** Every file under a folder (recursively, following symbolic links, hidden entries skipped), sorted by path. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdirEntries(folder);
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith("."))
      .map(async (e) => {
        const path = join(folder, e.name);
        const kind = e.isSymbolicLink() ? await stat(path).catch(() => undefined) : e;
        if (kind?.isDirectory()) return filesUnder(path);
        return kind?.isFile() ? [path] : [];
      }),
  );
  return nested.flat().sort();
}

/** The DICOM files under a folder (recursively); files without the "DICM" marker are skipped. */
async function dicomFilesUnder(folder: string): Promise<DicomFile[]> {
  const paths = await filesUnder(folder);
  const files: DicomFile[] = [];
  for (const path of paths) {
    const bytes = await readBytes(path, "DICOM file");
    if (isDicom(bytes)) files.push({ name: path, bytes });
  }
  if (files.length === 0) {
    throw new RadiomicsError("INVALID_INPUT", `the folder "${folder}" holds no DICOM files (${paths.length} other file(s))`, { path: folder });
  }
  return files;
}

/**
 * Reads the DICOM image series in a folder (searched recursively). Files that are not
 * DICOM (no "DICM" marker) are skipped, as are DICOM objects without pixel data.
 * @example
 * ```ts
 * const image = await readDicomFolder("patient01/CT", { seriesUid: "1.2.840.1" });
 * ```
 */
export async function readDicomFolder(folder: string, options: DicomSeriesOptions = {}): Promise<Volume> {
  return readDicomSeries(await dicomFilesUnder(folder), options);
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * How many voxels the image file at `path` holds, from its header alone: a NIfTI file
 * (gzipped or not, `.nii` or `.hdr`) or an NRRD header whose lines end within its first 64
 * kB; null for anything else (a DICOM file or folder, a URL, an unreadable file), which the
 * caller then reads whole. What a batch plans by, without reading a first image twice (a
 * gzipped CT phantom: 41 ms).
 * @example
 * ```ts
 * const voxels = await headerVoxels("case01/image.nii.gz"); // 2,460,240 for the CT phantom
 * ```
 */
export async function headerVoxels(path: string): Promise<number | null> {
  if (isDicomWebUrl(path)) return null;
  try {
    const file = await openFile(path);
    let head: Uint8Array;
    try {
      ({ head } = await headOf(file, path));
    } finally {
      await file.close();
    }
    if (isNifti(head)) return niftiVoxels(head, path);
    if (isNrrd(head)) return nrrdVoxels(head, path);
  } catch {
    // A folder, a file that cannot be read or a header that does not parse: the caller reads it whole, and says why.
  }
  return null;
}

/**
 * Reads an image from any input the CLI accepts: a DICOM series folder, a DICOM file
 * (one slice or an enhanced multi-frame object), a NIfTI/NRRD file, or a DICOMweb series
 * (`dicomweb:<base>/studies/<UID>/series/<UID>`, or a study with one image series; the
 * `Authorization` header value from `options.dicomWeb` or RADIOMICS_DICOMWEB_AUTHORIZATION).
 * @example
 * ```ts
 * const image = await readImageInput("patient01/CT"); // a DICOM folder, a DICOM file, or NIfTI/NRRD
 * ```
 */
export async function readImageInput(path: string, options: ImageInputOptions = {}): Promise<Volume> {
  if (isDicomWebUrl(path)) return readDicomSeries(await retrieveDicomWebInput(path, "image", dicomWebOptions(options.dicomWeb)), options);
  if (await isFolder(path)) return readDicomFolder(path, options);
  const bytes = await readPlainBytes(path, "image", options);
  if (isDicom(bytes)) return readDicomSeries([{ name: path, bytes: unshared(bytes) }], options);
  return volumeFromFileBytes(path, bytes, { channel: options.channel, sharedMemory: options.sharedMemory, readBuffers: options.readBuffers });
}

/**
 * Reads a mask from any input the CLI accepts: an RTSTRUCT file (rasterised onto the
 * image's grid, ROI chosen with `roi`), a DICOM SEG file (segment chosen with `roi`, by
 * label or number, else by `label`), a DICOM label series, a NIfTI/NRRD label map, or a
 * DICOMweb series holding any of the DICOM ones, or a study with one SEG or RTSTRUCT
 * series (see {@link readImageInput}).
 * The result is a label map; RTSTRUCT masks hold 0 and 1, SEG masks 0 and `label`.
 * @example
 * ```ts
 * const image = await readImageInput("patient01/CT");
 * const gtv = await readMaskInput("patient01/RS.dcm", image, { roi: "GTV-1" });
 * ```
 */
export async function readMaskInput(path: string, image: Grid, options: MaskInputOptions = {}): Promise<Volume> {
  if (isDicomWebUrl(path)) return maskFromFiles(await retrieveDicomWebInput(path, "mask", dicomWebOptions(options.dicomWeb)), image, options);
  if (await isFolder(path)) return readDicomFolder(path, options);
  return maskFromFileBytes(path, await readPlainBytes(path, "mask", options), image, options);
}

/** A mask from a file's bytes: a NIfTI/NRRD label map, or a DICOM RTSTRUCT, SEG or label file on the image's grid. */
function maskFromFileBytes(path: string, bytes: Uint8Array, image: Grid, options: MaskInputOptions): Promise<Volume> | Volume {
  if (!isDicom(bytes)) return volumeFromFileBytes(path, bytes, { channel: options.channel, sharedMemory: options.sharedMemory, readBuffers: options.readBuffers });
  return maskFromDicomFile({ name: path, bytes: unshared(bytes) }, image, options);
}

/**
 * Reads a case's image and mask ({@link readImageInput}, {@link readMaskInput}); a mask
 * held in one file is read while the image is (the image's errors come first).
 * @example
 * ```ts
 * const { image, mask } = await readCaseInputs("ct.nii.gz", "gtv.nii.gz");
 * ```
 */
export async function readCaseInputs(
  imagePath: string, maskPath: string, imageOptions: ImageInputOptions = {}, maskOptions: MaskInputOptions = {},
): Promise<{ image: Volume; mask: Volume }> {
  const own = !isDicomWebUrl(maskPath) && !(await isFolder(maskPath));
  const maskBytes = own ? readPlainBytes(maskPath, "mask", maskOptions) : null;
  maskBytes?.catch(() => undefined);
  const image = await readImageInput(imagePath, imageOptions);
  const mask = maskBytes ? await maskFromFileBytes(maskPath, await maskBytes, image, maskOptions) : await readMaskInput(maskPath, image, maskOptions);
  return { image, mask };
}

/**
 * What an input holds, as lines of text: the series of a DICOM folder, the ROIs of an
 * RTSTRUCT, the segments of a SEG, or the grid and labels of an image or label map.
 * @example
 * ```ts
 * for (const line of await describeInput("patient01/RS.dcm")) console.log(line); // the RTSTRUCT's ROIs
 * ```
 */
export async function describeInput(path: string, options: DicomWebOptions = {}): Promise<string[]> {
  if (isDicomWebUrl(path)) {
    const ref = parseDicomWebUrl(path);
    if (ref.seriesUid) return describeDicomFiles(await retrieveDicomWebSeries(ref, dicomWebOptions(options)));
    const series = await searchDicomWebSeries(ref, dicomWebOptions(options));
    return [`DICOMweb study ${ref.studyUid}; series (Series Instance UID, modality, description, instances):`, ...series.map((s) => `  ${s.seriesUid}\t${s.modality}\t${s.description}\t${s.instances}`)];
  }
  if (await isFolder(path)) return describeSeries(await dicomFilesUnder(path));
  const bytes = await readBytes(path, "input");
  if (!isDicom(bytes)) return describeVolume("image", await volumeFromFileBytes(path, bytes, {}));
  return describeDicomFiles([{ name: path, bytes }]);
}

/** What DICOM files hold: an RTSTRUCT's ROIs, a SEG's segments, or their image series. */
function describeDicomFiles(files: DicomFile[]): string[] {
  const file = files[0]!;
  const sopClass = files.length === 1 ? parseDicomFile(file).string("x00080016") : undefined;
  if (sopClass === SOP_CLASS.rtStructureSet) {
    return ["RTSTRUCT; ROIs (number, name, closed contours):", ...listRtstructRois(file).map((r) => `  ${r.number}\t${r.name}\t${r.closedContours}`)];
  }
  if (sopClass === SOP_CLASS.segmentation) {
    return ["DICOM SEG; segments (number, label, frames):", ...listSegSegments(file).map((s) => `  ${s.number}\t${s.name}\t${s.frames}`)];
  }
  return describeSeries(files);
}

/** Modalities of series that hold no image. */
const NOT_IMAGES = new Set(["SEG", "RTSTRUCT", "SR", "PR", "KO", "REG", "RTPLAN", "RTDOSE"]);

/**
 * The instances of a DICOMweb input: the series it names, or, for a study, its one image
 * series (`image`) or its one SEG or RTSTRUCT series (`mask`), found by QIDO-RS; a study
 * with none or several is an error listing them.
 */
async function retrieveDicomWebInput(path: string, role: "image" | "mask", options: DicomWebOptions): Promise<DicomFile[]> {
  const ref = parseDicomWebUrl(path);
  if (ref.seriesUid) return retrieveDicomWebSeries(ref, options);
  const all = await searchDicomWebSeries(ref, options);
  const fits = all.filter((s) => (role === "mask" ? s.modality === "SEG" || s.modality === "RTSTRUCT" : !NOT_IMAGES.has(s.modality)));
  if (fits.length !== 1) {
    const listing = all.map((s) => `${s.seriesUid} (${s.modality}${s.description ? ` ${s.description}` : ""})`).join("; ") || "none";
    throw new RadiomicsError("INVALID_INPUT", `study ${ref.studyUid} has ${fits.length} ${role === "mask" ? "SEG or RTSTRUCT" : "image"} series; name one with /series/<SeriesUID>. Its series: ${listing}`, { study: ref.studyUid });
  }
  return retrieveDicomWebSeries({ ...ref, seriesUid: fits[0]!.seriesUid }, options);
}

/**
 * DICOMweb options of the readers (and of the command's STOW-RS): the caller's, with the
 * `Authorization` header value from RADIOMICS_DICOMWEB_AUTHORIZATION when the caller gives none.
 */
export function dicomWebOptions(options: DicomWebOptions = {}): DicomWebOptions {
  const authorization = options.authorization ?? process.env["RADIOMICS_DICOMWEB_AUTHORIZATION"];
  return { ...options, ...(authorization ? { authorization } : {}) };
}

function describeSeries(files: DicomFile[]): string[] {
  const series = listDicomSeries(files);
  const lines = ["DICOM image series (Series Instance UID, modality, description, frames):"];
  for (const s of series) lines.push(`  ${s.seriesUid}\t${s.modality}\t${s.description}\t${s.frames}`);
  if (series.length === 1) lines.push(...describeVolume("volume", readDicomSeries(files)));
  return lines;
}

function describeVolume(what: string, volume: Volume): string[] {
  const labels = labelsPresent(volume);
  const format = (v: readonly number[]) => v.map((x) => Number(x.toPrecision(6))).join(" × ");
  return [
    `${what}: ${format(volume.size)} voxels of ${volume.data.constructor.name.replace("Array", "")}`,
    `spacing (mm): ${format(volume.spacing)}`,
    `origin (LPS, mm): ${volume.origin.map((x) => Number(x.toPrecision(6))).join(", ")}`,
    `direction: ${volume.direction.map((x) => Number(x.toPrecision(6))).join(" ")}`,
    labels.length <= 20 ? `non-zero values (labels): ${labels.join(", ") || "none"}` : `non-zero values: ${labels.length} distinct (an image, not a label map)`,
  ];
}

/**
 * Reads and parses a PyRadiomics params file (YAML or JSON).
 * @example
 * ```ts
 * const row = await extract(image, mask, await readParamsFile("Params.yaml"));
 * ```
 */
export async function readParamsFile(path: string): Promise<ParamsInput> {
  const bytes = await readBytes(path, "params file");
  return parseParams(new TextDecoder().decode(bytes), path);
}

/**
 * Writes a file atomically: the text goes to a temporary file in the same folder, which
 * is then renamed over the target, so readers never see a half-written file.
 * @example
 * ```ts
 * await writeFileAtomic("features.csv", toWideCsv(rows)); // never half-written
 * ```
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (cause) {
    await removeFile(temp);
    throw new RadiomicsError("IO_ERROR", `cannot write "${path}": ${(cause as Error).message}`, { path }, { cause });
  }
}
