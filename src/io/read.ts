/**
 * Format-detecting readers over bytes. These work in every runtime (no file system);
 * `radiomics/node` adds path-based readers on top of them.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { selectLabel } from "../preprocess/mask.js";
import type { Volume } from "../volume.js";
import { gunzip, isGzip } from "./gzip.js";
import { isNifti, niftiClaim, readNifti } from "./nifti.js";
import { isNrrd, readNrrd } from "./nrrd.js";
import type { SampleMemoryOptions } from "./samples.js";

/** Options shared by {@link readVolume} and {@link readMask}. */
export interface ReadOptions extends SampleMemoryOptions {
  /** Name used in error messages (a file name). */
  name?: string;
  /** Which channel of a 4-D or vector file to read. */
  channel?: number;
  /** NRRD: bytes of detached data files, by the name the header uses. */
  dataFiles?: Record<string, Uint8Array>;
  /** NIfTI `.hdr`/`.img` pair: the `.img` bytes. */
  imageBytes?: Uint8Array;
  /** Let the volume view the input bytes instead of copying them where it can; they must not change afterwards (the file readers set this). */
  shareBytes?: boolean;
}

/** The image formats recognised by their bytes. */
export type VolumeFormat = "nifti" | "nrrd";

/**
 * Recognises NIfTI (plain or gzipped) and NRRD by their first bytes; `name` is for messages;
 * with `sharedMemory` a gzipped file inflates into shared memory.
 * @example
 * ```ts
 * detectFormat(bytes)?.format; // "nifti", "nrrd", or undefined
 * ```
 */
export function detectFormat(bytes: Uint8Array, name = "gzip data", sharedMemory = false): { format: VolumeFormat; bytes: Uint8Array } | null {
  if (isNrrd(bytes)) return { format: "nrrd", bytes };
  const plain = isGzip(bytes) ? gunzip(bytes, name, niftiClaim, sharedMemory) : bytes;
  if (isNifti(plain)) return { format: "nifti", bytes: plain };
  if (isNrrd(plain)) return { format: "nrrd", bytes: plain };
  return null;
}

/**
 * Reads a NIfTI-1/2 or NRRD image from its bytes.
 * @example
 * ```ts
 * const image = readVolume(new Uint8Array(await (await fetch("ct.nii.gz")).arrayBuffer()));
 * ```
 */
export function readVolume(input: Uint8Array | ArrayBuffer, options: ReadOptions = {}): Volume {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const name = options.name ?? "image";
  const detected = detectFormat(bytes, name, options.sharedMemory);
  if (!detected) {
    throw new RadiomicsError("INVALID_FILE", `${name}: not a NIfTI or NRRD file (unrecognised first bytes); convert it to .nii.gz or .nrrd`);
  }
  return detected.format === "nifti"
    ? readNifti(detected.bytes, { ...options, name })
    : readNrrd(detected.bytes, { ...options, name });
}

/** Options for {@link readMask}. */
export interface MaskReadOptions extends ReadOptions {
  /** The label value that marks the region. @default 1 */
  label?: number;
}

/**
 * Reads a label map and returns the binary (0/1) mask of one label.
 * @example
 * ```ts
 * const tumour = readMask(maskBytes, { label: 1 }); // 0/1 mask of label 1
 * ```
 */
export function readMask(input: Uint8Array | ArrayBuffer, options: MaskReadOptions = {}): Volume<Uint8Array> {
  return selectLabel(readVolume(input, { name: "mask", ...options }), options.label ?? 1);
}
