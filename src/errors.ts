/**
 * Typed errors. Every error the library throws on bad input is a {@link RadiomicsError}
 * whose `code` says what kind of problem it is and whose message says how to fix it.
 *
 * Narrow with {@link isRadiomicsError}: `if (isRadiomicsError(e, "LABEL_NOT_FOUND")) …`.
 * @module
 */

/** The kinds of problem the library reports. */
export type ErrorCode =
  | "INVALID_FILE" // the bytes are not a valid file of the format they claim to be
  | "UNSUPPORTED_FORMAT" // a valid file, but a variant this library does not read
  | "TRUNCATED_FILE" // the file ends before its header says it should
  | "IO_ERROR" // a file could not be read or written
  | "INVALID_SETTING" // a setting, params file or option has a bad key or value
  | "UNSUPPORTED_SETTING" // a valid setting whose feature is not available
  | "GEOMETRY_MISMATCH" // image and mask do not share a voxel grid
  | "LABEL_NOT_FOUND" // the requested label is absent from the mask
  | "EMPTY_ROI" // the region of interest has too few voxels
  | "INVALID_ROI" // the region of interest fails a shape requirement
  | "INVALID_INPUT" // a programming-interface argument is wrong
  | "UNSUPPORTED_BACKEND" // the requested kernel backend cannot run in this runtime
  | "OUT_OF_MEMORY"; // the process could not allocate the memory an extraction needs

/**
 * Base class of every error this library throws on purpose.
 * @example
 * ```ts
 * try {
 *   await extract(image, mask, { setting: { binWidth: -1 } });
 * } catch (err) {
 *   if (err instanceof RadiomicsError) console.error(err.code, err.message); // INVALID_SETTING …
 * }
 * ```
 */
export class RadiomicsError extends Error {
  readonly code: ErrorCode;
  /** Structured details (file path, setting key, allowed values …). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RadiomicsError";
    this.code = code;
    this.details = details;
  }
}

/**
 * True when `err` is a {@link RadiomicsError}, optionally of one of the given codes.
 * @example
 * ```ts
 * try {
 *   readVolume(bytes);
 * } catch (err) {
 *   if (isRadiomicsError(err, "INVALID_FILE", "UNSUPPORTED_FORMAT")) console.error(err.message);
 *   else throw err;
 * }
 * ```
 */
export function isRadiomicsError(err: unknown, ...codes: ErrorCode[]): err is RadiomicsError {
  return err instanceof RadiomicsError && (codes.length === 0 || codes.includes(err.code));
}

/**
 * The runtime refusing an allocation (a typed array larger than the memory the process may
 * have) as an `OUT_OF_MEMORY` error that says what asked for the memory and how to ask for
 * less; null for any other error. `work`: what ran out ("the extraction"); `size`: the
 * image's voxels; `resampledTo`: the resampling spacing, if any (asked only for the message).
 */
export function outOfMemory(err: unknown, work: string, size: readonly number[], resampledTo: () => readonly number[] | null): RadiomicsError | null {
  // A length that is a number: a NaN or infinite one is a bug or a bad input, not memory.
  if (!(err instanceof RangeError) || !/allocation failed|Invalid (typed array|array buffer) length: \d/i.test(err.message)) return null;
  const spacing = resampledTo();
  const resampled = spacing ? ` resampled to [${spacing.join(", ")}] mm` : "";
  return new RadiomicsError(
    "OUT_OF_MEMORY",
    `${work} ran out of memory (${err.message}) on an image of ${size.join(" × ")} voxels${resampled}; ` +
      "give the process more memory (its virtual-memory limit, ulimit -v, or its container's) or ask for less: " +
      "a coarser resampledPixelSpacing, the image cropped around the ROI, fewer image types, a larger binWidth (fewer gray levels)",
    { size: [...size], ...(spacing ? { resampledPixelSpacing: [...spacing] } : {}) },
    { cause: err },
  );
}
