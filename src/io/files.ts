/**
 * File-system readers and the atomic writer (Node.js, Deno). Detached NRRD data (`.nhdr`)
 * and NIfTI `.hdr`/`.img` pairs are resolved next to the header.
 * @module
 */
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { RadiomicsError } from "../errors.js";
import { parseParams, type ParamsInput } from "../settings.js";
import type { Volume } from "../volume.js";
import { nrrdDataFiles } from "./nrrd.js";
import { readMask, readVolume, type MaskReadOptions, type ReadOptions } from "./read.js";

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
