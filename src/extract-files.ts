/**
 * Extraction from files (Node.js, Deno): a case's image and label map read as a window
 * around the ROI where the files and the configuration allow (io/stream-case.ts), else
 * whole. The same row either way.
 * @module
 */
import { extract, extractWindowed, windowed, windowNeeded, type ExtractOptions, type WindowedCase } from "./extract.js";
import { readCaseInputs } from "./io/files.js";
import { streamCase } from "./io/stream-case.js";
import type { FamilyPool } from "./parallel/families.js";
import { mapsPerCase, scaledByRange } from "./filters/registry.js";
import { kernelsFor } from "./kernels/backend.js";
import type { BackendChoice } from "./kernels/types.js";
import type { FeatureRow } from "./table/row.js";
import { asConfig, type ExtractionConfig, type ParamsInput } from "./settings.js";

/**
 * Gzipped images read as a window from this many voxels on (8 M, 16 MB of int16). Below,
 * they are inflated whole, in one call: the CT phantom's .nii.gz (2.5 M voxels) streamed
 * through zlib's chunks took a `radiomics extract` 358 against 332 ms (1.6 k more page
 * faults), where a 512 × 512 × 120 CT's files read whole had cost 140 ms more than its
 * ROI's window (docs/decisions.md, Engine, sixteenth and twenty-ninth steps).
 */
export const STREAM_MIN_VOXELS = 8 << 20;

/**
 * Raw (uncompressed) images of unfiltered cases read as a window from this many voxels on
 * (1 M, 2 MB of int16): their pieces pass through two buffers of 1 MB used again, where a
 * whole read puts the files in new memory. The CT phantom's .nii (2.5 M voxels): 290 →
 * 261 ms a `radiomics extract`, 11.8 k → 9.4 k page faults; a 1 M-voxel case level either
 * way. Filtered cases keep {@link STREAM_MIN_VOXELS}: three CT phantoms with LoG and
 * Wavelet on two workers took 1,150 → 1,505 ms as windows (read whole, the image goes to
 * the workers in shared memory).
 */
export const RAW_STREAM_MIN_VOXELS = 1 << 20;

/**
 * Whether an image of `voxels` voxels (`gzipped` or raw) is read as a window by default:
 * from {@link RAW_STREAM_MIN_VOXELS} on for a raw image of an unfiltered case (`filtered`:
 * more than one image type), else from {@link STREAM_MIN_VOXELS}.
 */
export const worthStreaming = (voxels: number, gzipped: boolean, filtered = false): boolean =>
  voxels >= (gzipped || filtered ? STREAM_MIN_VOXELS : RAW_STREAM_MIN_VOXELS);

/**
 * The ROI's window of a case's files ({@link streamCase}) for a configuration that keeps to
 * it ({@link windowed}; the first channel of the mask) and an image `worth` reading so (by
 * default {@link worthStreaming}), or null where the configuration, the files or their
 * size call for the whole volumes. With filters and a `pool` that can take a job now, a
 * worker of it reads the label map once more for its hash while this thread reads the window.
 */
export async function streamCaseFor(
  imagePath: string, maskPath: string, config: ExtractionConfig | ParamsInput | undefined,
  { backend = "auto", worth = worthStreaming, pool }: { backend?: BackendChoice; worth?: (voxels: number, gzipped: boolean, filtered: boolean) => boolean; pool?: FamilyPool } = {},
): Promise<WindowedCase | null> {
  const resolved = asConfig(config);
  const { settings } = resolved;
  if (!windowed(resolved) || (settings.label_channel ?? 0) !== 0) return null;
  const filtered = mapsPerCase(resolved) > 1;
  return streamCase(imagePath, maskPath, {
    label: settings.label,
    // What the extraction reads (the ROI box pre-cropped to padDistance, else the families'
    // region and its filters' reach); settings a filter refuses leave the case to the whole
    // readers, and the extraction says what is wrong with them.
    window: (roi, grid) => {
      try {
        return windowNeeded(resolved, roi, grid);
      } catch {
        return null;
      }
    },
    hashes: settings.additionalInfo,
    // Square, SquareRoot, Logarithm and Exponential scale by the whole image's range: taken as the file passes.
    range: scaledByRange(resolved.imageTypes),
    moments: settings.normalize,
    // Only with filters: the command and a batch then start the pool before the case is read, and its worker waits for the first map.
    ...(pool && filtered && pool.hasCapacity() ? { labelMapHashBeside: (path: string) => pool.run((api) => api.labelMapSha1(path)) } : {}),
    tolerance: settings.geometryTolerance ?? undefined,
    kernels: kernelsFor(backend),
    worth: (voxels, gzipped) => worth(voxels, gzipped, filtered),
  });
}

/**
 * Extracts features of one case from its files (NIfTI, NRRD, DICOM, as
 * {@link readCaseInputs} reads them). A NIfTI or NRRD image worth it (`worthStreaming`:
 * 1 M voxels raw, 8 M gzipped or filtered) and its label map on one grid, with a
 * configuration whose image types read a box of the image they can name (PyRadiomics' image types but LBP3D, or any after
 * `preCrop` or PyRadiomics' resampling: see {@link windowed}), are read a piece at a time, keeping only the window that the
 * extraction reads: a 512 × 512 × 120 CT with a small ROI holds a few megabytes instead of
 * 94 (with LoG σ up to 3 mm, the ROI's box and some 90 voxels around it in each plane).
 * @example
 * ```ts
 * const row = await extractFiles("ct.nii", "gtv.nii", { setting: { binWidth: 25 } });
 * ```
 */
export async function extractFiles(imagePath: string, maskPath: string, config?: ExtractionConfig | ParamsInput, options: ExtractOptions = {}): Promise<FeatureRow> {
  const resolved = asConfig(config);
  const windowedCase = await streamCaseFor(imagePath, maskPath, resolved, { backend: options.backend });
  if (windowedCase) return extractWindowed(windowedCase, resolved, options);
  const { image, mask } = await readCaseInputs(imagePath, maskPath, {}, { channel: resolved.settings.label_channel, label: resolved.settings.label });
  return extract(image, mask, resolved, options);
}
