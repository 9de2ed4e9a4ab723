/**
 * File-system readers and the atomic writer (Node.js, Deno). Detached NRRD data (`.nhdr`)
 * and NIfTI `.hdr`/`.img` pairs are resolved next to the header.
 * @module
 */
import { readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { RadiomicsError } from "../errors.js";
import { parseParams, type ParamsInput } from "../settings.js";
import type { Volume } from "../volume.js";
import { SOP_CLASS, isDicom, parseDicomFile, type DicomFile } from "./dicom.js";
import { readDicomSeries, type DicomSeriesOptions } from "./dicom-series.js";
import { nrrdDataFiles } from "./nrrd.js";
import { readMask, readVolume, type MaskReadOptions, type ReadOptions } from "./read.js";
import { readRtstruct, type Grid, type RtstructOptions } from "./rtstruct.js";

async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : String((cause as Error).message);
    throw new RadiomicsError("IO_ERROR", `cannot read ${what} "${path}": ${reason}`, { path }, { cause });
  }
}

/** Reads what a file path needs beyond its own bytes (detached data, .img of a .hdr). */
async function companionBytes(path: string, bytes: Uint8Array): Promise<Pick<ReadOptions, "dataFiles" | "imageBytes">> {
  const lower = path.toLowerCase();
  if (lower.endsWith(".nhdr")) {
    const dataFiles: Record<string, Uint8Array> = {};
    for (const file of nrrdDataFiles(bytes, path)) dataFiles[file] = await readBytes(resolve(dirname(path), file), "NRRD data file");
    return { dataFiles };
  }
  if (lower.endsWith(".hdr") || lower.endsWith(".hdr.gz")) {
    const stem = path.replace(/\.hdr(\.gz)?$/i, "");
    for (const candidate of [`${stem}.img`, `${stem}.img.gz`]) {
      try {
        return { imageBytes: new Uint8Array(await readFile(candidate)) };
      } catch {
        // try the next spelling
      }
    }
    throw new RadiomicsError("IO_ERROR", `"${path}" is a NIfTI/ANALYZE header but no "${basename(stem)}.img" is next to it`, { path });
  }
  return {};
}

/** Reads an image file (.nii, .nii.gz, .hdr/.img, .nrrd, .nhdr). */
export async function readVolumeFile(path: string, options: Omit<ReadOptions, "dataFiles" | "imageBytes"> = {}): Promise<Volume> {
  const bytes = await readBytes(path, "image");
  return readVolume(bytes, { name: path, ...options, ...(await companionBytes(path, bytes)) });
}

/** Reads a label-map file and returns the binary mask of one label. */
export async function readMaskFile(path: string, options: Omit<MaskReadOptions, "dataFiles" | "imageBytes"> = {}): Promise<Volume<Uint8Array>> {
  const bytes = await readBytes(path, "mask");
  return readMask(bytes, { name: path, ...options, ...(await companionBytes(path, bytes)) });
}

/** Every file under a folder (recursively, hidden entries skipped), sorted by path. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith("."))
      .map((e) => (e.isDirectory() ? filesUnder(join(folder, e.name)) : Promise.resolve(e.isFile() ? [join(folder, e.name)] : []))),
  );
  return nested.flat().sort();
}

/**
 * Reads the DICOM image series in a folder (searched recursively). Files that are not
 * DICOM (no "DICM" marker) are skipped, as are DICOM objects without pixel data.
 */
export async function readDicomFolder(folder: string, options: DicomSeriesOptions = {}): Promise<Volume> {
  const paths = await filesUnder(folder);
  const files: DicomFile[] = [];
  for (const path of paths) {
    const bytes = await readBytes(path, "DICOM file");
    if (isDicom(bytes)) files.push({ name: path, bytes });
  }
  if (files.length === 0) {
    throw new RadiomicsError("INVALID_INPUT", `the folder "${folder}" holds no DICOM files (${paths.length} other file(s))`, { path: folder });
  }
  return readDicomSeries(files, options);
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Options for {@link readImageInput}. */
export interface ImageInputOptions extends DicomSeriesOptions {
  /** Which channel of a 4-D or vector NIfTI/NRRD file to read. */
  channel?: number;
}

/**
 * Reads an image from any input the CLI accepts: a DICOM series folder, a DICOM file
 * (one slice or an enhanced multi-frame object), or a NIfTI/NRRD file.
 */
export async function readImageInput(path: string, options: ImageInputOptions = {}): Promise<Volume> {
  if (await isFolder(path)) return readDicomFolder(path, options);
  const bytes = await readBytes(path, "image");
  if (isDicom(bytes)) return readDicomSeries([{ name: path, bytes }], options);
  return readVolume(bytes, { name: path, channel: options.channel, ...(await companionBytes(path, bytes)) });
}

/** Options for {@link readMaskInput}. */
export interface MaskInputOptions extends RtstructOptions, DicomSeriesOptions {
  /** Which channel of a 4-D or vector NIfTI/NRRD label map to read. */
  channel?: number;
}

/**
 * Reads a mask from any input the CLI accepts: an RTSTRUCT file (rasterised onto the
 * image's grid, ROI chosen with `roi`), a DICOM label series, or a NIfTI/NRRD label map.
 * The result is a label map; RTSTRUCT masks hold 0 and 1.
 */
export async function readMaskInput(path: string, image: Grid, options: MaskInputOptions = {}): Promise<Volume> {
  if (await isFolder(path)) return readDicomFolder(path, options);
  const bytes = await readBytes(path, "mask");
  if (!isDicom(bytes)) return readVolume(bytes, { name: path, channel: options.channel, ...(await companionBytes(path, bytes)) });
  const file = { name: path, bytes };
  const sopClass = parseDicomFile(file).string("x00080016");
  if (sopClass === SOP_CLASS.rtStructureSet) return readRtstruct(file, image, options);
  if (sopClass === SOP_CLASS.segmentation) {
    throw new RadiomicsError("UNSUPPORTED_FORMAT", `${path}: DICOM SEG masks are not read yet; convert the segment to NIfTI (e.g. with dcmqi segimage2itkimage)`, { path });
  }
  return readDicomSeries([file], options);
}

/** Reads and parses a PyRadiomics params file (YAML or JSON). */
export async function readParamsFile(path: string): Promise<ParamsInput> {
  const bytes = await readBytes(path, "params file");
  return parseParams(new TextDecoder().decode(bytes), path);
}

/**
 * Writes a file atomically: the text goes to a temporary file in the same folder, which
 * is then renamed over the target, so readers never see a half-written file.
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (cause) {
    await rm(temp, { force: true });
    throw new RadiomicsError("IO_ERROR", `cannot write "${path}": ${(cause as Error).message}`, { path }, { cause });
  }
}
