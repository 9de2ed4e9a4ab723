/**
 * Inputs as a user hands them over, in any runtime: a set of named files (what a browser's
 * file input or drop gives, or what the Node readers have read). An image is one NIfTI or
 * NRRD file (with its `.img` or detached data files beside it), or a DICOM series; a mask
 * is a label map, an RTSTRUCT or a DICOM SEG.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import type { Volume } from "../volume.js";
import { SOP_CLASS, isDicom, parseDicomFile, type DicomFile } from "./dicom.js";
import { readDicomSeries, type DicomSeriesOptions } from "./dicom-series.js";
import { nrrdDataFiles } from "./nrrd.js";
import { readVolume, type ReadOptions } from "./read.js";
import { rtstructMask, type Grid, type RtstructOptions } from "./rtstruct.js";
import { segMask } from "./dicom-seg.js";
import type { DicomWebOptions } from "./dicomweb.js";
import type { SampleMemoryOptions } from "./samples.js";

/** A file's name (a path or a base name) and its bytes. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** Options for {@link imageFromFiles}. */
export interface ImageInputOptions extends DicomSeriesOptions, SampleMemoryOptions {
  /** Which channel of a 4-D or vector NIfTI/NRRD file to read. */
  channel?: number;
  /** How to reach the archive when the input is a `dicomweb:` URL (`readImageInput`). */
  dicomWeb?: DicomWebOptions;
}

/** Options for {@link maskFromFiles}. */
export interface MaskInputOptions extends RtstructOptions, DicomSeriesOptions, SampleMemoryOptions {
  /** Which channel of a 4-D or vector NIfTI/NRRD label map to read. */
  channel?: number;
  /** How to reach the archive when the input is a `dicomweb:` URL (`readMaskInput`). */
  dicomWeb?: DicomWebOptions;
  /**
   * The label the extraction will look for (default 1). A DICOM SEG mask holds it in the
   * chosen segment's voxels, and it picks the segment by number when `roi` is not given
   * and the object holds several segments.
   */
  label?: number;
}

const baseName = (name: string) => name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);

/** The files a NIfTI/NRRD header keeps its voxels in (see {@link companionsOf}). */
export interface Companions {
  /** An .nhdr's detached data files, as the header names them (relative to its folder). */
  dataFiles?: string[];
  /** A .hdr's image file, in the spellings to try in turn (base names). */
  image?: string[];
}

/**
 * What a NIfTI/NRRD header needs beside it: an .nhdr's data files, or a .hdr's .img (or
 * .img.gz); nothing for a file that holds its own voxels. The file readers find them on
 * disk next to the header, {@link imageFromFiles} among the files it is given.
 */
export function companionsOf(name: string, bytes: Uint8Array): Companions {
  if (/\.nhdr$/i.test(name)) return { dataFiles: nrrdDataFiles(bytes, name) };
  if (!/\.hdr(\.gz)?$/i.test(name)) return {};
  const stem = baseName(name).replace(/\.hdr(\.gz)?$/i, "");
  return { image: [`${stem}.img`, `${stem}.img.gz`] };
}

/**
 * The one NIfTI/NRRD file among `files` (its `.img`, or the data files its `.nhdr` names,
 * taken from the others by base name) as a volume.
 */
function volumeFromNamedFiles(files: NamedBytes[], options: Omit<ReadOptions, "dataFiles" | "imageBytes">, what: string): Volume {
  const byName = new Map(files.map((f) => [baseName(f.name), f.bytes]));
  const headers = files.filter((f) => !/\.(img|img\.gz|raw|raw\.gz)$/i.test(f.name));
  if (headers.length !== 1) {
    throw new RadiomicsError("INVALID_INPUT", `the ${what} must be one NIfTI or NRRD file (with its .img or data files), or DICOM files; got ${files.map((f) => baseName(f.name)).join(", ") || "none"}`);
  }
  const { name, bytes } = headers[0]!;
  const needed = companionsOf(name, bytes);
  const companions: Pick<ReadOptions, "dataFiles" | "imageBytes"> = {};
  if (needed.dataFiles) {
    companions.dataFiles = {};
    for (const file of needed.dataFiles) {
      const data = byName.get(baseName(file));
      if (!data) throw new RadiomicsError("INVALID_INPUT", `${name} keeps its voxels in "${file}": give that file too`, { path: name });
      companions.dataFiles[file] = data;
    }
  } else if (needed.image) {
    companions.imageBytes = needed.image.map((file) => byName.get(file)).find((data) => data !== undefined);
    if (!companions.imageBytes) throw new RadiomicsError("INVALID_INPUT", `"${name}" is a NIfTI/ANALYZE header: give "${needed.image[0]}" with it`, { path: name });
  }
  return readVolume(bytes, { name, shareBytes: true, ...options, ...companions });
}

/** The DICOM files among `files`, or none when any file is not DICOM. */
function dicomFiles(files: NamedBytes[]): DicomFile[] | null {
  return files.length > 0 && files.every((f) => isDicom(f.bytes)) ? files : null;
}

/**
 * Reads an image from named files: one NIfTI/NRRD file (and its companions), or the DICOM
 * files of a series (single- or multi-frame). Files without the "DICM" marker beside DICOM
 * files are a NIfTI/NRRD set, so mix no other files with a series.
 * @example
 * ```ts
 * // In a browser: the files of an <input type="file" multiple> (a DICOM series, or one NIfTI).
 * const input = document.querySelector("input")!;
 * const picked = await Promise.all(Array.from(input.files ?? [], async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
 * const image = imageFromFiles(picked);
 * ```
 */
export function imageFromFiles(files: NamedBytes[], options: ImageInputOptions = {}): Volume {
  const dicom = dicomFiles(files);
  if (dicom) return readDicomSeries(dicom, options);
  return volumeFromNamedFiles(files, { channel: options.channel }, "image");
}

/**
 * A mask from one DICOM file on an image's grid: an RTSTRUCT rasterised (ROI chosen with
 * `roi`), a SEG (segment chosen with `roi`, by label or number, else by `label`), or a
 * label series of one file.
 */
export function maskFromDicomFile(file: DicomFile, image: Grid, options: MaskInputOptions = {}): Volume {
  const ds = parseDicomFile(file);
  const sopClass = ds.string("x00080016");
  if (sopClass === SOP_CLASS.rtStructureSet) return rtstructMask(ds, file.name, image, options);
  if (sopClass === SOP_CLASS.segmentation) {
    const label = options.label ?? 1;
    return segMask(ds, file.name, image, { segment: options.roi, fallbackSegment: label, value: label });
  }
  return readDicomSeries([file], options);
}

/**
 * Reads a mask from named files, as a label map: a NIfTI/NRRD label map, one RTSTRUCT or
 * SEG file (rasterised or read onto the image's grid, as `readMaskInput` does), or the DICOM files of a label series.
 * RTSTRUCT masks hold 0 and 1, SEG masks 0 and `label`.
 * @example
 * ```ts
 * const image = imageFromFiles(files);
 * const gtv = maskFromFiles([{ name: "RS.dcm", bytes: maskBytes }], image, { roi: "GTV-1" });
 * ```
 */
export function maskFromFiles(files: NamedBytes[], image: Grid, options: MaskInputOptions = {}): Volume {
  const dicom = dicomFiles(files);
  if (dicom?.length === 1) return maskFromDicomFile(dicom[0]!, image, options);
  if (dicom) return readDicomSeries(dicom, options);
  return volumeFromNamedFiles(files, { channel: options.channel }, "mask");
}
