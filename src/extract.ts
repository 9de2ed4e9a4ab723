/**
 * One case: image + label map + configuration → {@link FeatureRow}.
 *
 * Pipeline: normalise (optional) → align the mask with the image (geometry check,
 * `correctMask`) → select the label → resample (optional) → ROI checks → crop to the
 * ROI box (plus the local-intensity sphere's reach) → re-segment →
 * for each image type and enabled family: build the family context once, compute its
 * features. Shape-type families use the mask before re-segmentation (the IBSI
 * morphological mask), intensity families the re-segmented one (the intensity mask).
 * @module
 */
import { factsHere, gridDiagnostics, imageDiagnostics, maskDiagnostics, runtimeVersion, settleDiagnostics, type ImageStats, type PendingDiagnostics, type VolumeFacts } from "./diagnostics.js";
import { hashHelperReady, nodeSha1, sha1Text, takeBackHashes } from "./sha1.js";
import { hashBeside } from "./hash-helper.js";
import { workerThreadsThatFit } from "./parallel/room.js";
import { outOfMemory, RadiomicsError } from "./errors.js";
import { familyEntries, type FamilyResult } from "./features/evaluate.js";
import type { FamilyPlan } from "./features/registry.js";
import { planFeatures, planSelection } from "./features/registry.js";
import type { RoiInput } from "./features/types.js";
import { discretise, requireDiscretisation } from "./preprocess/discretise.js";
import { textureVolume } from "./texture/volume.js";
import { once } from "./once.js";
import { giveBack, listFor, listedWith } from "./scratch.js";
import { settleAfterExtraction } from "./settle.js";
import { alignMask } from "./preprocess/geometry.js";
import { ibsiGrid, interpolationOf, pyradiomicsGrid, resampledBox, resampledWindow, resampleIntensities, resampleMask, type Placement } from "./preprocess/resample.js";
import { normaliseImage, normalised, normalisedBy, resegment, type Normalisation } from "./preprocess/intensity.js";
import { selectLabel, selectLabelWithFacts } from "./preprocess/mask.js";
import { PEAK_RADIUS_MM } from "./features/localintensity.js";
import { asConfig, type ExtractionConfig, type ParamsInput, type Settings } from "./settings.js";
import { inNameOrder, mapsPerCase, plannedMaps, readBox, readsWindow, scaledByRange } from "./filters/registry.js";
import { canShare, createFamilyPool, factsOnPool, runOnPool, SharedVolumes, type FamilyPool } from "./parallel/families.js";
import { nextTurn } from "./parallel/pool.js";
import { claimNext, claimOrder, factsOnWorker, FACTS_MAX_VOXELS, FACTS_MIN_VOXELS, SPLIT_MAX_VOXELS, SPLIT_MIN_VOXELS } from "./parallel/split.js";
import type { FeatureEntry, FeatureRow } from "./table/row.js";
import { VERSION } from "./version.js";
import { fallbackNote, kernelsFor, kernelsReserveMemory } from "./kernels/backend.js";
import { jsKernels } from "./kernels/js.js";
import type { BackendChoice, Kernels } from "./kernels/types.js";
import { checkVolume, crop, enclosingBox, isShared, padBox, shiftBox, voxelCount, type BoundingBox, type Grid, type Vec3, type Volume, type VoxelArray } from "./volume.js";
import { combineLanes, emptyLanes, imageLanes, type MaskFacts } from "./kernels/intensity.js";

/** Options of {@link extract} that do not change feature values. */
export interface ExtractOptions {
  /** Case identifier for the output row. @default "case" */
  caseId?: string;
  /** Identifying columns placed before `Label` (e.g. `Image`, `Mask` paths, manifest columns). */
  ids?: Record<string, string>;
  /**
   * Voxel-kernel backend: `auto` (default) takes WebAssembly with SIMD where the runtime
   * has it. Every backend gives the same values; the one used is recorded in
   * `diagnostics_Configuration_Backend`.
   */
  backend?: BackendChoice;
  /**
   * Threads for a filtered image's response maps (an ROI of at least
   * {@link PARALLEL_MAPS_MIN_VOXELS} voxels): this thread and `workers − 1` workers. This
   * thread computes the maps (the filters); a map goes to a worker that can take it at
   * once, and this thread computes the families of the others itself. With one map (no
   * filters), an ROI of {@link SPLIT_MIN_VOXELS} to {@link SPLIT_MAX_VOXELS} voxels shares
   * its texture families with a worker of a `pool` whose workers are up (started by
   * `pool.start()` or an earlier job; parallel/split.ts); otherwise, and for smaller and
   * larger ROIs, they run in the calling thread. For an image in shared memory (see `sharedMemory` of the readers)
   * of {@link FACTS_MIN_VOXELS} to {@link FACTS_MAX_VOXELS} voxels, a worker computes the
   * diagnostics' hashes and the image's range. A temporary pool is started and closed
   * when `pool` is not given. Under an address-space limit (`ulimit -v`) only the workers
   * it has room for start, with a warning (see parallel/room.ts).
   * @default 1 (all in the calling thread)
   */
  workers?: number;
  /** A family pool to reuse across calls ({@link createFamilyPool}), beside this thread; the caller closes it. */
  pool?: FamilyPool;
  /**
   * In Node, on the main thread, the diagnostics' hashes go to a helper thread from the
   * second extraction on, while no pool works for this one: a warm CT phantom's extraction
   * 47 → 38 ms. `false` keeps them on this thread (a batch does: there the helper was
   * measured slower).
   * @default true
   */
  hashHelper?: boolean;
  /** Stops the extraction's workers; the returned promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called as each feature family of each image type finishes, with how many have and how many there are. */
  onProgress?: (done: number, total: number) => void;
}

/** With several response maps (filters), ROIs from this size on share their maps with the workers (see `workers`). */
export const PARALLEL_MAPS_MIN_VOXELS = 50_000;

/**
 * Whether an ROI of `voxels` with `maps` response maps sends whole maps to the workers:
 * only with several maps. One map's families sent whole were measured slower than in one
 * thread and twice the memory (each worker lays out the ROI again): the 2.5 M-voxel
 * ellipsoid 1.00 s against 0.95 s, a 22.7 M-voxel ROI 7.98 s and 3.2 GB against 6.71 s
 * and 1.56 GB (docs/decisions.md, Engine). One map shares its laid-out volume instead
 * (see {@link splitROI}).
 */
function parallelROI(voxels: number, maps: number): boolean {
  return maps > 1 && voxels >= PARALLEL_MAPS_MIN_VOXELS;
}

/**
 * Whether an ROI of `voxels` with one response map shares that map's texture families
 * with a worker of `pool` (parallel/split.ts): this thread lays out the gray-level volume
 * once and the worker reads it from shared memory. Small ROIs stay in one thread (a
 * worker's first families run cold), and so do very large ones (see
 * {@link SPLIT_MAX_VOXELS}); so does every ROI while the pool has no worker up. A worker
 * started for the case cost more than it took over: on a host where a page fault costs
 * 11–20 µs, `radiomics extract` of ROIs of 0.5, 2.5 and 8 M voxels took 50–150, 100 and
 * 300 ms longer with two threads than with one, and a worker already up with a cold
 * memory came out level (docs/decisions.md, Engine).
 */
function splitROI(voxels: number, maps: number, pool: FamilyPool): boolean {
  return maps === 1 && voxels >= SPLIT_MIN_VOXELS && voxels <= SPLIT_MAX_VOXELS && pool.up?.() === true;
}

/**
 * Image voxels above which no image type goes whole to a worker: its filter's whole-image
 * float64 intermediates would then be held by two threads at once (the same bound as
 * cases side by side, batch.ts SIDE_BY_SIDE_MAX_VOXELS).
 */
export const TYPES_ON_WORKER_MAX_VOXELS = 8 << 20;

/**
 * The image types (indices into `maps`) whose response maps a worker computes whole,
 * filters included, while this thread filters the others: the filters are otherwise all
 * on this thread, and a worker that takes only families waits for its maps (the CT
 * phantom with Original + LoG + Wavelet: the worker idle 250 ms of a 780 ms extraction,
 * docs/decisions.md, Engine). From the last type on, each whose maps keep the worker's
 * share within half of them; never Original (it has no filter), and only for an ROI whose
 * maps go to workers at all ({@link parallelROI}) in an image of at most
 * {@link TYPES_ON_WORKER_MAX_VOXELS}.
 */
export function typesForWorker(maps: ReadonlyArray<{ type: { name: string }; names: readonly string[] }>, roiVoxels: number, imageVoxels: number): number[] {
  const total = maps.reduce((n, m) => n + m.names.length, 0);
  if (!parallelROI(roiVoxels, total) || imageVoxels > TYPES_ON_WORKER_MAX_VOXELS) return [];
  const chosen: number[] = [];
  let share = 0;
  for (let i = maps.length - 1; i >= 0; i--) {
    const n = maps[i]!.names.length;
    if (maps[i]!.type.name === "Original" || 2 * (share + n) > total) continue;
    chosen.push(i);
    share += n;
  }
  return chosen;
}

/**
 * Whether a worker takes the diagnostics' whole-volume facts (hashes, the image's range):
 * for an image in shared memory (as the command reads it) of {@link FACTS_MIN_VOXELS} to
 * {@link FACTS_MAX_VOXELS} voxels, where they cost this thread 40 ms and more. Decided by
 * the image alone, so they go before the ROI is known.
 */
function factsImage(image: Volume): boolean {
  return isShared(image.data) && factsOnWorker(voxelCount(image.size));
}

/**
 * A map's families on this thread and a worker (parallel/split.ts): the worker gets the
 * laid-out gray-level volume (in shared memory) and claims texture families while this
 * thread computes the others (`alongside`: what else this thread has, such as the
 * deferred mask facts), then claims what is left, letting events run between families so
 * that a worker still busy with this case's earlier jobs gets the job late rather than
 * never. Results in plan order, once both are done. Without a worker, shared memory or
 * texture families, all run here.
 */
async function familiesShared(
  pool: FamilyPool | null, plan: FamilyPlan[], input: RoiInput, prefix: string, backend: BackendChoice,
  onFamily: () => void, alongside: () => Promise<void>, signal?: AbortSignal,
): Promise<FamilyResult[]> {
  const order = claimOrder(plan);
  if (!pool || !order.length || !canShare()) {
    await alongside();
    return familiesHere(plan, input, prefix, onFamily);
  }
  // The input was made with its gray-level volume in shared memory: the worker reads it where it is.
  const { kernels: _, ...volume } = input.texture();
  const claims = new Int32Array(new SharedArrayBuffer(4));
  const job = { volume, settings: input.settings, featureClasses: planSelection(order), claims, prefix, backend };
  const results = runOnPool(pool, (api) => api.evaluateTexture(job), onFamily);
  results.catch(() => undefined);
  // A free worker has the job now. One still busy with this case (its hashes, its shape) or
  // still starting gets it at a turn between this thread's families and claims what is left.
  await nextTurn();
  await alongside();
  const done = new Map<FamilyPlan, FamilyResult>();
  const compute = (planned: FamilyPlan) => {
    // A stop ends this thread's share between families (the worker's ends with its pool).
    signal?.throwIfAborted();
    done.set(planned, familiesHere([planned], input, prefix, onFamily)[0]!);
  };
  for (const planned of plan) if (!order.includes(planned)) compute(planned);
  for (let i = claimNext(claims, order.length); i >= 0; i = claimNext(claims, order.length)) {
    compute(order[i]!);
    await nextTurn();
  }
  return results.then((remote) => {
    remote.forEach((r, i) => r && done.set(order[i]!, r));
    return plan.map((p) => done.get(p)!);
  });
}

/** Every planned family in this thread, in plan order. */
function familiesHere(plan: FamilyPlan[], input: RoiInput, prefix: string, onFamily: () => void): FamilyResult[] {
  return plan.map((planned) => {
    const result = familyEntries(planned, input, prefix);
    onFamily();
    return result;
  });
}

/** Canonical JSON (sorted keys), for hashing settings. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Hash of everything that changes values: library version, settings, image types, feature classes.
 * @example
 * ```ts
 * const hash = await configHash(resolveConfig({ setting: { binWidth: 25 } })); // stable across runs
 * ```
 */
export function configHash(config: ExtractionConfig): Promise<string> {
  return sha1Text(configText(config));
}

/** What {@link configHash} hashes. */
const configText = (config: ExtractionConfig) => canonicalJson({ version: VERSION, ...config });

function checkRoi(box: BoundingBox, voxels: number, settings: Settings): void {
  const extents = box.upper.map((u, a) => u - box.lower[a]! + 1);
  const spanned = extents.filter((e) => e > 1).length;
  if (spanned < settings.minimumROIDimensions) {
    throw new RadiomicsError(
      "INVALID_ROI",
      spanned === 0
        ? `the ROI is a single voxel; minimumROIDimensions (${settings.minimumROIDimensions}, at least 1) needs it to extend along an axis: check the mask and label`
        : `the ROI spans ${spanned} axis/axes (extent ${extents.join(" × ")} voxels) but minimumROIDimensions is ${settings.minimumROIDimensions}; ` +
          `lower minimumROIDimensions or check the mask`,
      { extents, minimumROIDimensions: settings.minimumROIDimensions },
    );
  }
  if (settings.minimumROISize !== null && voxels <= settings.minimumROISize) {
    throw new RadiomicsError("INVALID_ROI", `the ROI has ${voxels} voxels; minimumROISize requires more than ${settings.minimumROISize}`, { voxels });
  }
}

/**
 * The families and features a configuration computes. Refuses, before anything is
 * computed, one whose gray-level families would find no binWidth or binCount on some
 * image type (the morphology of a large ROI takes seconds first; a batch asks before its
 * first case).
 */
export function checkedPlan({ featureClasses, imageTypes, settings }: ExtractionConfig): FamilyPlan[] {
  const plan = planFeatures(featureClasses, settings.profile);
  if (plan.some((p) => !p.family.geometric && p.family.discretises?.(p.features))) {
    for (const [name, overrides] of Object.entries(imageTypes)) requireDiscretisation({ ...settings, ...overrides }, name);
  }
  return plan;
}

/**
 * The ROI's intensities and their range, refused when any is NaN or infinite: the features
 * are undefined there (PyRadiomics' binning fails on them), and the order statistics would
 * pass over a NaN where binning would lump every voxel together. Found with the extremes
 * and the sum of one pass, whose range the discretisation then takes (NaN turns the sum
 * NaN, ±∞ the extremes).
 */
function finiteRoiValues(values: VoxelArray, kernels: Kernels): { values: VoxelArray; range: { min: number; max: number } } {
  const { sum, min, max } = kernels.imageStats(values);
  if (values.length === 0 || (!Number.isNaN(sum) && Number.isFinite(min) && Number.isFinite(max))) return { values, range: { min, max } };
  let bad = 0;
  for (const v of values) if (!Number.isFinite(v)) bad++;
  throw new RadiomicsError(
    "INVALID_INPUT",
    `the image has ${bad} NaN or infinite value${bad === 1 ? "" : "s"} among the ROI's ${values.length} voxels: features are undefined there; ` +
      "fix the image, or leave them out with resegmentRange (e.g. resegmentRange: [-1000, 3000])",
    { nonFinite: bad, voxels: values.length },
  );
}

/**
 * Everything the feature families read about one ROI: the image, both masks and, on
 * first use, the ROI intensities and their gray levels by the configured discretisation.
 * `sharedTexture`: the gray-level volume in shared memory, for a worker to read. `made`:
 * where the ROI-sized arrays it makes are listed as they are made (the values, the gray
 * levels, the texture volume's), for the caller to give back to the thread's scratch
 * (scratch.ts) once the families are done.
 */
export function roiInput(
  image: Volume,
  intensityMask: Volume<Uint8Array>,
  morphologicalMask: Volume<Uint8Array>,
  settings: Settings,
  resegmentBounds: [number | null, number | null] | null,
  kernels: Kernels = jsKernels,
  sharedTexture = false,
  made: ArrayBufferView[] = [],
): RoiInput {
  // On first use: a worker given only shape families never reads the image.
  const checked = once(() => finiteRoiValues(listedWith(input, kernels.maskedValues(image.data, intensityMask.data)), kernels));
  const values = () => checked().values;
  const levels = once(() =>
    listedWith(input, discretise(values(), {
      profile: settings.profile,
      binWidth: settings.binWidth,
      binCount: settings.binCount,
      lowerBound: resegmentBounds?.[0] ?? null,
    }, kernels, checked().range)));
  const input: RoiInput = {
    image,
    intensityMask,
    morphologicalMask,
    get values() {
      return values();
    },
    resegmentBounds,
    settings,
    levels,
    levelCounts: once(() => kernels.levelCounts(levels())),
    texture: once(() => textureVolume(input, sharedTexture, made)),
    kernels,
  };
  // What is made of the ROI on the thread's scratch (its values and levels, a shape context's crop and mesh) joins `made`.
  listFor(input, made);
  return input;
}

/**
 * Resampling of image and ROI mask (its box `box`): IBSI's centred grid or PyRadiomics'
 * ROI-box grid (see {@link resampleIntensities} for the image); the mask by linear
 * interpolation and the `maskPartialVolume` threshold, or nearest neighbour. `placements`:
 * where image and mask lie in the whole volumes, when they are a window of them (`box` then
 * on the whole grid; only the PyRadiomics grid, which covers the ROI's box, reads a window).
 */
function resampleRoi(
  image: Volume, mask: Volume<Uint8Array>, box: BoundingBox, settings: Settings, kernels: Kernels,
  placements?: { image: Placement; mask: Placement },
): { image: Volume<Float64Array>; mask: Volume<Uint8Array> } {
  const pyradiomics = settings.profile === "pyradiomics";
  const grid = pyradiomics ? pyradiomicsGrid(placements?.mask.whole ?? mask, box, settings.resampledPixelSpacing!, settings.padDistance) : ibsiGrid(image, settings.resampledPixelSpacing!);
  const extrapolation = pyradiomics ? "zero" : "nearest";
  const resampled = resampleIntensities(image, grid, settings, kernels, placements?.image);
  const resampledMask = resampleMask(mask, box, grid, maskInterpolation(settings), extrapolation, settings.maskPartialVolume ?? 0.5, kernels, placements?.mask);
  if (!resampledMask.data.some((v) => v)) throw vanishedRoi();
  return { image: resampled, mask: resampledMask };
}

/** The error for an ROI that resampling left empty. */
const vanishedRoi = () => new RadiomicsError("EMPTY_ROI", "the ROI vanished when resampled to the new spacing; use a finer resampledPixelSpacing or a lower maskPartialVolume");

/** How the ROI mask is resampled: linearly when `maskPartialVolume` thresholds the fractions, else by nearest neighbour. */
const maskInterpolation = (settings: Settings): "nearest" | "linear" => (settings.maskPartialVolume === null ? "nearest" : "linear");

/** Whether the image is resampled: a spacing and an interpolator given. */
const isResampled = (settings: Settings) => Boolean(settings.resampledPixelSpacing && settings.interpolator !== null);

/**
 * The resampling of the first steps ({@link resampleRoi}) with the resampled volumes' ROI
 * facts and diagnostics (`Image-interpolated_*`, `Mask-interpolated_*`).
 */
function resampledStart(
  image: Volume, mask: Volume<Uint8Array>, box: BoundingBox, context: StartContext, volumeFacts: VolumeFacts,
  placements?: { image: Placement; mask: Placement },
): Pick<Started, "work" | "mask" | "facts" | "whole"> {
  const { settings, kernels, diagnostics, defer } = context;
  if (!placements && ibsiWindowed(context)) return ibsiWindowStart(image, mask, box, context);
  const resampled = resampleRoi(image, mask, box, settings, kernels, placements);
  const facts = kernels.maskFacts(resampled.mask.data, resampled.mask.size);
  if (settings.additionalInfo) {
    Object.assign(diagnostics, imageDiagnostics("interpolated", resampled.image, volumeFacts));
    Object.assign(diagnostics, maskDiagnostics("interpolated", resampled.mask, { image: resampled.image, kernels, facts, defer }));
  }
  return { work: resampled.image, mask: resampled.mask, facts };
}

/**
 * Whether a case resampled onto the IBSI grid (which covers the whole image) keeps only the
 * window of that grid its extraction reads ({@link ibsiWindowStart}): when its image types
 * each name the box they read and nothing re-segments (whose diagnostics describe the whole
 * grid), and where the grid's hash can be taken a slab at a time (Node's incremental SHA-1)
 * or is not asked.
 */
function ibsiWindowed({ resolved, settings }: StartContext): boolean {
  return settings.profile !== "pyradiomics" && !resegments(resolved) && readsWindow(resolved.imageTypes) && (!settings.additionalInfo || nodeSha1() !== null);
}

/**
 * {@link resampledStart} on the IBSI grid, keeping of the resampled image only the window
 * the families and image types read around the ROI (their region and the filters' reach on
 * the new grid, as for a case read as a window): the mask is resampled first (only where it
 * meets the ROI), its box gives the window, and the image's slabs pass by for the
 * `Image-interpolated` diagnostics (the whole grid's hash and range, in scan order as the
 * whole grid's) and for the range that image types scaled by it take. Every value is the
 * whole grid's: the window's samples are its samples, bit for bit. A 512 × 512 × 120 CT at
 * 1 mm: the grid is 359 × 359 × 300 voxels, 309 MB of float64 that was made, copied out of
 * the kernels' memory and held to the end.
 */
function ibsiWindowStart(image: Volume, mask: Volume<Uint8Array>, box: BoundingBox, { resolved, settings, kernels, diagnostics, defer }: StartContext): Pick<Started, "work" | "mask" | "facts" | "whole"> {
  const grid = ibsiGrid(image, settings.resampledPixelSpacing!);
  const wholeMask = resampleMask(mask, box, grid, maskInterpolation(settings), "nearest", settings.maskPartialVolume ?? 0.5, kernels);
  const facts = kernels.maskFacts(wholeMask.data, wholeMask.size);
  if (!facts.box) throw vanishedRoi();
  const window = readBox(resolved, padBox(facts.box, regionPad(settings, grid.spacing), grid.size), grid)!;
  const sha1 = settings.additionalInfo ? nodeSha1() : null;
  const lanes = settings.additionalInfo || scaledByRange(resolved.imageTypes) ? emptyLanes() : null;
  const work = resampledWindow(image, grid, settings, kernels, window, (values) => {
    sha1?.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    // The twin's lanes: the slab is the kernels' memory, which no kernel may use meanwhile.
    if (lanes) imageLanes(values, lanes);
  });
  const stats = lanes && combineLanes(lanes);
  const windowMask = crop(wholeMask, window);
  if (settings.additionalInfo) {
    Object.assign(diagnostics, gridDiagnostics("interpolated", wholeMask, Promise.resolve(sha1!.digest("hex")), Promise.resolve(stats!)));
    Object.assign(diagnostics, maskDiagnostics("interpolated", windowMask, { image: work, kernels, facts, defer, window: { lower: window.lower, grid: wholeMask } }));
  }
  const range = () => stats!;
  return { work, mask: windowMask, facts: { ...facts, box: shiftBox(facts.box, window.lower) }, whole: { size: grid.size, range } };
}

/** Whether a configuration re-segments, in its settings or an image type's. */
function resegments({ settings, imageTypes }: Pick<ExtractionConfig, "settings" | "imageTypes">): boolean {
  return Object.values(imageTypes).some((t) => t["resegmentRange"] || (t["resegmentOutliers"] ?? null) !== null) || Boolean(settings.resegmentRange) || settings.resegmentOutliers !== null;
}

/**
 * Extracts features of one ROI.
 * @param image the image volume.
 * @param labelMap the mask: a label map (the `label` setting selects the ROI) or a binary mask.
 * @param config a resolved configuration ({@link resolveConfig}) or a params object.
 * @example
 * ```ts
 * const image = readVolume(bytes), mask = readVolume(maskBytes);
 * const row = await extract(image, mask, { setting: { binWidth: 25 }, featureClass: { glcm: null } }, { caseId: "p01" });
 * row.values["original_glcm_Contrast"];
 * ```
 */
export async function extract(
  image: Volume,
  labelMap: Volume,
  config?: ExtractionConfig | ParamsInput,
  options: ExtractOptions = {},
): Promise<FeatureRow> {
  checkVolume(image, "extract(): the image");
  checkVolume(labelMap, "extract(): the mask");
  return extractWithPool({ image, labelMap }, config, options);
}

/**
 * A case of which only a window around the ROI is held: io/stream-case.ts reads it from
 * files a piece at a time. The window's image and 0/1 ROI mask (its `box` plus the reach
 * of the families, see `regionPad`), where it lies in the whole grid, and what the
 * diagnostics report of the whole volumes.
 */
export interface WindowedCase {
  image: Volume;
  mask: Volume<Uint8Array>;
  /** The window's place in the whole grid. */
  window: BoundingBox;
  /** The whole image's and label map's grids. */
  grids: { image: Grid; labelMap: Grid };
  /** The ROI's count and box in the whole grid. */
  facts: MaskFacts;
  /** SHA-1s of the whole image and of the label map (as uint32), the image's sum and range; null when not computed. */
  hashes: { image: string; labelMap: string; stats: ImageStats } | null;
  /** The whole image's sum and range (with the hashes, or alone: image types scaled by the range read it); null or absent when not computed. */
  stats?: ImageStats | null;
  /** The whole image's mean and sample standard deviation, as normalisation takes them (`StreamOptions.moments`); null or absent when not computed. */
  moments?: { mean: number; sd: number } | null;
}

/**
 * Whether a configuration extracts the same values from a {@link WindowedCase} as from the
 * whole volumes: not re-segmented (its mask's diagnostics describe the whole grid; a
 * normalised window takes the whole image's moments from its reading), and its image types seeing no
 * more than a window holds: a crop (`preCrop`), PyRadiomics' resampled grid (it covers the
 * ROI's box; the IBSI grid covers the whole image), or image types that each name the box
 * of the image they read (the original image, LoG, Wavelet, Gradient, LBP2D, and Square,
 * SquareRoot, Logarithm and Exponential with the whole image's range: see `ImageType.reads`;
 * a window holding those boxes gives their responses bit for bit).
 * @example
 * ```ts
 * windowed({ setting: { binWidth: 25 } }); // true
 * windowed({ imageType: { Original: {}, LoG: { sigma: [1, 2] } } }); // true: the LoG reads the region ± its reach
 * windowed({ imageType: { Original: {}, Square: {} } }); // true: Square reads the region, scaled by the whole image's range (read with the window)
 * windowed({ imageType: { Original: {}, LBP3D: {} } }); // false: LBP3D's B-spline prefilter reads the whole image
 * windowed({ setting: { preCrop: true }, imageType: { Original: {}, LBP3D: {} } }); // true: LBP3D sees the crop
 * windowed({ setting: { profile: "pyradiomics", resampledPixelSpacing: [1, 1, 1] }, imageType: { Square: {} } }); // true: the filters see the resampled ROI box
 * ```
 */
export function windowed(config: ExtractionConfig | ParamsInput | undefined): boolean {
  const resolved = asConfig(config);
  const { settings, imageTypes } = resolved;
  if (resegments(resolved)) return false;
  if (isResampled(settings)) return settings.profile === "pyradiomics";
  return settings.preCrop || readsWindow(imageTypes);
}

/**
 * The box of the whole image that an extraction of a windowed case's ROI (its box `roi` on
 * the whole grid) reads: with resampling, what the image's and mask's interpolations read
 * for PyRadiomics' grid (`resampledBox`; a voxel more, as the label map's grid may differ
 * from the image's within the geometry tolerance); else the ROI box plus padDistance when
 * pre-cropped (nothing beyond the crop is read), else the families' region (see
 * {@link regionPad}) and what the image types' filters read around it (see `readBox`).
 * Null when the image types or the IBSI grid read the whole image.
 */
export function windowNeeded(config: ExtractionConfig, roi: BoundingBox, grid: Grid): BoundingBox | null {
  const { settings } = config;
  if (isResampled(settings)) {
    if (settings.profile !== "pyradiomics") return null;
    const target = pyradiomicsGrid(grid, roi, settings.resampledPixelSpacing!, settings.padDistance);
    const read = enclosingBox(resampledBox(grid, target, interpolationOf(settings.interpolator!)), resampledBox(grid, target, maskInterpolation(settings)));
    return padBox(enclosingBox(roi, read), 1, grid.size);
  }
  if (settings.preCrop) return padBox(roi, settings.padDistance, grid.size);
  return readBox(config, padBox(roi, regionPad(settings, grid.spacing), grid.size), grid);
}

/** The whole image's normalisation for a windowed case, from the moments it was read with (`StreamOptions.moments`); a typed error when it was not. */
function windowNormalisation(c: WindowedCase, settings: Settings): Normalisation {
  if (c.moments) return { ...c.moments, scale: settings.normalizeScale, removeOutliers: settings.removeOutliers };
  throw new RadiomicsError("INVALID_INPUT", "normalize takes the whole image's mean and standard deviation: read the windowed case with them (streamCase's moments option), as streamCaseFor() does");
}

/**
 * The whole image's range of a windowed case (normalised where the settings normalise:
 * normalisation keeps the order of samples), which it was read with (with the hashes, or
 * `StreamOptions.range`); a typed error when it was not.
 */
function wholeRange(c: WindowedCase, settings: Settings): { min: number; max: number } {
  const stats = c.stats ?? c.hashes?.stats;
  if (stats && settings.normalize) {
    const by = windowNormalisation(c, settings);
    return { min: normalised(stats.min, by), max: normalised(stats.max, by) };
  }
  if (stats) return stats;
  throw new RadiomicsError(
    "INVALID_INPUT",
    "Square, SquareRoot, Logarithm and Exponential scale by the whole image's range: read the windowed case with it (streamCase's range or hashes option), as streamCaseFor() does",
  );
}

/** A typed error unless the windowed case's window holds what the extraction reads ({@link windowNeeded}, `roi` in window coordinates). */
function checkWindow(c: WindowedCase, config: ExtractionConfig, roi: BoundingBox): void {
  const { lower, upper } = c.window;
  const needed = windowNeeded(config, shiftBox(roi, lower.map((v) => -v) as Vec3), c.grids.image);
  if (needed && needed.lower.every((v, a) => v >= lower[a]!) && needed.upper.every((v, a) => v <= upper[a]!)) return;
  const show = (b: BoundingBox) => `[${b.lower.join(", ")}]–[${b.upper.join(", ")}]`;
  throw new RadiomicsError(
    "INVALID_INPUT",
    `the case's window ${show(c.window)} does not hold the voxels the extraction reads${needed ? ` (${show(needed)})` : ""}: ` +
      "read the case with streamCaseFor(), whose window holds them, or read the whole volumes and call extract()",
    { window: c.window, needed },
  );
}

/**
 * {@link extract} of a {@link WindowedCase}: the same row as from the whole volumes, for a
 * configuration that keeps to the window (see {@link windowed}).
 * The window's arrays go back to the thread's scratch (scratch.ts) when the extraction ends:
 * read nothing of them afterwards.
 * @throws RadiomicsError `INVALID_SETTING` for a configuration that does not.
 * @example
 * ```ts
 * // In Node: radiomics/node's streamCase reads the window (extractFiles does both).
 * const windowedCase = await streamCase("ct.nii", "gtv.nii", { label: 1, pad: () => 3, hashes: true, kernels: kernelsFor("auto") });
 * if (windowedCase) console.log((await extractWindowed(windowedCase, { setting: { binWidth: 25 } })).values);
 * ```
 */
export async function extractWindowed(windowedCase: WindowedCase, config?: ExtractionConfig | ParamsInput, options: ExtractOptions = {}): Promise<FeatureRow> {
  if (!windowed(config)) {
    throw new RadiomicsError(
      "INVALID_SETTING",
      "a case read as a window around its ROI cannot have re-segmentation, resampling onto the IBSI grid, or, unless preCrop or resampling on PyRadiomics' grid, image types that read the whole image (LBP3D, the IBSI filters): read the whole volumes and call extract()",
    );
  }
  return extractWithPool({ windowed: windowedCase }, config, options);
}

/** Where a case's volumes come from: held whole, or a window of them. */
type CaseSource = { image: Volume; labelMap: Volume } | { windowed: WindowedCase };

/** {@link extractOnPool} with the pool `options` ask for (started here and closed when not given). */
async function extractWithPool(source: CaseSource, config: ExtractionConfig | ParamsInput | undefined, options: ExtractOptions): Promise<FeatureRow> {
  const size = "windowed" in source ? source.windowed.grids.image.size : source.image.size;
  const room = workerThreadsThatFit(options.pool ? 0 : (options.workers ?? 1) - 1, kernelsReserveMemory(options.backend));
  const pool = room.threads > 0 ? createFamilyPool(room.threads, options.signal) : null;
  try {
    return await extractOnPool(source, config, options, options.pool ?? pool, room.note);
  } catch (err) {
    throw outOfMemory(err, "the extraction", size, () => asConfig(config).settings.resampledPixelSpacing) ?? err;
  } finally {
    await pool?.close();
    settleAfterExtraction();
  }
}

/**
 * The ROI's padding in voxels along every axis: the local-intensity sphere's reach (1 cm³)
 * on the coarsest axis, or padDistance if larger. Families see the ROI box padded so.
 */
export function regionPad(settings: Settings, spacing: Vec3): number {
  return Math.max(settings.padDistance, ...spacing.map((s) => Math.floor(PEAK_RADIUS_MM / s)));
}

/** Whether hashes may go to a helper thread: unless told not to, and only while no other thread works for this one (it would slow them more than it saves). */
const hashesMayGoBeside = (options: ExtractOptions, pool: FamilyPool | null) => options.hashHelper !== false && (pool === null || pool.busy?.() === false);

/** What the extraction's first steps share: the configuration, kernels, pool, diagnostics, and where mask facts that can wait are deferred to. */
interface StartContext {
  resolved: ExtractionConfig;
  settings: Settings;
  kernels: Kernels;
  pool: FamilyPool | null;
  options: ExtractOptions;
  diagnostics: PendingDiagnostics;
  defer: (work: () => void) => void;
  /** Where the arrays the extraction may give back to the thread's scratch are listed. */
  made: ArrayBufferView[];
}

/** Where the features start from: the image and ROI mask on one grid, the ROI's facts on it, and what the first steps did. */
interface Started {
  work: Volume;
  mask: Volume<Uint8Array>;
  facts: MaskFacts;
  /** The whole volumes' facts went to a worker of the pool. */
  factsThere: boolean;
  resampled: boolean;
  /**
   * When `work` is a window of a larger image (a windowed case, or the IBSI grid kept as
   * its ROI's window): the larger image's size, which image types check their settings
   * against, and its range, which those scaled by it take.
   */
  whole?: { size: Vec3; range: () => { min: number; max: number } };
}

/**
 * The first steps on whole volumes: the diagnostics' whole-volume facts (hashes and range)
 * asked, normalisation, the mask aligned with the image and its label selected,
 * resampling, with their diagnostics.
 */
async function wholeStart(image: Volume, labelMap: Volume, context: StartContext): Promise<Started> {
  const { resolved, settings, kernels, pool, options, diagnostics, defer } = context;
  // Hashes and the image's range are awaited at the end. For a large image in shared memory
  // they go to a worker as one job as soon as they are asked, and it computes them while this
  // thread selects and crops. Otherwise the hashes go to a helper thread where there is one
  // (in Node one started here: see hashBeside), and in browsers WebCrypto hashes off this thread.
  const helperMay = () => hashesMayGoBeside(options, pool);
  // Not on a worker where a helper that is up takes the hashes: hashing there costs no worker's start.
  const factsThere = pool !== null && settings.additionalInfo && factsImage(image) && !(helperMay() && hashHelperReady()) && pool.hasCapacity();
  if (factsThere) pool.start();
  const beside = helperMay();
  if (settings.additionalInfo && beside) hashBeside();
  const volumeFacts = factsThere ? factsOnPool(pool, factsHere(kernels, false), options.backend ?? "auto") : factsHere(kernels, beside);
  let labelMapHash: Promise<string> | undefined;
  if (settings.additionalInfo) {
    // The label map's hash (as uint32, as PyRadiomics hashes masks) is asked with the image's
    // facts, so they go together; the larger first (the label map's for samples of up to 4
    // bytes): a helper thread starts on it, and this thread computes the other once its
    // features are done if the helper has not started it by then (takeBackHashes).
    if (4 * labelMap.data.length >= image.data.byteLength) labelMapHash = volumeFacts.sha1(labelMap.data, true);
    Object.assign(diagnostics, imageDiagnostics("original", image, volumeFacts));
    labelMapHash ??= volumeFacts.sha1(labelMap.data, true);
    if (factsThere) await Promise.resolve();
  }

  let work = settings.normalize ? normaliseImage(image, settings.normalizeScale, settings.removeOutliers) : image;
  const aligned = alignMask(work, labelMap, { tolerance: settings.geometryTolerance, correctMask: settings.correctMask });
  // The ROI's count and box: for the checks below and, on the same mask, the diagnostics.
  const selected = selectLabelWithFacts(aligned, settings.label, kernels);
  let mask = selected.mask;
  let facts = selected.facts();
  startWorkers(pool, facts, resolved);
  if (settings.additionalInfo) {
    const original = aligned === labelMap ? mask : selectLabel(labelMap, settings.label, kernels);
    Object.assign(diagnostics, maskDiagnostics("original", original, { hash: labelMapHash, kernels, defer, ...(original === mask ? { facts } : {}) }));
    if (aligned !== labelMap) Object.assign(diagnostics, maskDiagnostics("corrected", mask, { image: work, kernels, facts, defer }));
  }
  const resampled = isResampled(settings);
  if (resampled) return { ...resampledStart(work, mask, facts.box!, context, volumeFacts), factsThere, resampled };
  return { work, mask, facts, factsThere, resampled };
}

/** The first steps on a {@link WindowedCase}: the diagnostics of the whole volumes from its facts; the window is the image, its mask the ROI's. */
function windowStart(c: WindowedCase, context: StartContext): Started {
  const { resolved, settings, kernels, pool, diagnostics, defer, made } = context;
  const { lower } = c.window;
  if (settings.additionalInfo) {
    if (!c.hashes) throw new RadiomicsError("INVALID_INPUT", "additionalInfo reports the whole volumes' hashes and range: read the windowed case with them (streamCase's hashes option), or set additionalInfo: false");
    Object.assign(diagnostics, gridDiagnostics("original", c.grids.image, Promise.resolve(c.hashes.image), Promise.resolve(c.hashes.stats)));
    const window = { lower, grid: c.grids.labelMap };
    Object.assign(diagnostics, maskDiagnostics("original", c.mask, { hash: Promise.resolve(c.hashes.labelMap), kernels, defer, facts: c.facts, window }));
  }
  // The window's arrays are the extraction's to give back (io/stream-case.ts takes them from the scratch).
  made.push(c.image.data, c.mask.data);
  const facts = { ...c.facts, box: c.facts.box && shiftBox(c.facts.box, lower) };
  if (facts.box) checkWindow(c, resolved, facts.box);
  // Normalised by the whole image's moments, the window's samples are the whole normalised image's there.
  const work = settings.normalize ? normalisedBy(c.image, windowNormalisation(c, settings)) : c.image;
  if (isResampled(settings) && c.facts.box) {
    const placements = { image: { whole: c.grids.image, lower }, mask: { whole: c.grids.labelMap, lower } };
    const started = resampledStart(work, c.mask, c.facts.box, context, factsHere(kernels), placements);
    startWorkers(pool, started.facts, resolved);
    return { ...started, factsThere: false, resampled: true };
  }
  startWorkers(pool, facts, resolved);
  // A crop (preCrop) is the image the image types see; otherwise the whole image is.
  const whole = settings.preCrop ? {} : { whole: { size: c.grids.image.size, range: () => wholeRange(c, settings) } };
  return { work, mask: c.mask, facts, factsThere: false, resampled: false, ...whole };
}

/** Workers that will help with this ROI start now: they load the library while this thread resamples and crops. */
function startWorkers(pool: FamilyPool | null, facts: MaskFacts, resolved: ExtractionConfig): void {
  const mapCount = mapsPerCase(resolved);
  if (pool && parallelROI(facts.count, mapCount)) pool.start();
}

/** {@link extract} with the family pool (or none) settled; `fewerWorkers`: the warning that fewer workers run than asked, or null. */
async function extractOnPool(
  source: CaseSource,
  config: ExtractionConfig | ParamsInput | undefined,
  options: ExtractOptions,
  pool: FamilyPool | null,
  fewerWorkers: string | null,
): Promise<FeatureRow> {
  options.signal?.throwIfAborted();
  const resolved = asConfig(config);
  const { settings } = resolved;
  const kernels = kernelsFor(options.backend ?? "auto");
  const plan = checkedPlan(resolved);
  const warnings: string[] = [];
  const note = fallbackNote(options.backend);
  if (note) warnings.push(note);
  if (fewerWorkers) warnings.push(fewerWorkers);
  const diagnostics: PendingDiagnostics = {};
  if (settings.additionalInfo) {
    Object.assign(diagnostics, {
      diagnostics_Versions_Radiomics: VERSION,
      diagnostics_Versions_Runtime: runtimeVersion(),
      diagnostics_Configuration_Profile: settings.profile,
      diagnostics_Configuration_Settings: JSON.stringify(settings),
      diagnostics_Configuration_EnabledImageTypes: JSON.stringify(resolved.imageTypes),
      diagnostics_Configuration_SettingsHash: sha1Text(configText(resolved), hashesMayGoBeside(options, pool)),
      diagnostics_Configuration_Backend: kernels.backend,
    });
  }
  // The mask facts that read the ROI's voxels (components, centre of mass) wait: when one
  // large map is shared with a worker, until the worker has its share (they are not on the
  // way to it); else until the features start.
  const deferred: Array<() => void> = [];
  const defer = (work: () => void) => void deferred.push(work);
  const runDeferred = () => deferred.splice(0).forEach((work) => work());
  // The arrays this extraction makes on the thread's scratch (crops, ROI values, gray
  // levels), given back when its families are done (scratch.ts); a failed extraction
  // leaves them to the collector, as workers may still read them.
  const made: ArrayBufferView[] = [];
  const context: StartContext = { resolved, settings, kernels, pool, options, diagnostics, defer, made };
  const started = "windowed" in source ? windowStart(source.windowed, context) : await wholeStart(source.image, source.labelMap, context);
  let { work, mask, facts } = started;
  const { factsThere, resampled, whole } = started;
  // Response maps of the enabled image types (plannedMaps below checks them against the image).
  const mapCount = mapsPerCase(resolved);
  const box = facts.box!;
  checkRoi(box, facts.count, settings);
  if (settings.preCrop && !resampled) {
    // PyRadiomics crops to the ROI box plus padDistance before any filter sees the image.
    work = crop(work, box, settings.padDistance);
    mask = crop(mask, box, settings.padDistance);
    made.push(work.data, mask.data);
    facts = kernels.maskFacts(mask.data, mask.size);
  }
  const roiBox = facts.box!;
  // Families read the ROI and, for local intensity, a 1 cm³ sphere around each voxel:
  // they get the ROI box plus that reach (or padDistance, if larger), which changes no value.
  const pad = regionPad(settings, work.spacing);
  const region = padBox(roiBox, pad, work.size);
  const uncropped = { image: work, mask };
  // Image types check their settings against the whole image (a window stands for it), or its crop or resampled grid.
  const maps = plannedMaps(resolved.imageTypes, settings, whole ? { size: whole.size, spacing: work.spacing } : work);
  // What image types scaled by the image's range scale by: the whole image's, for a window of it.
  const range = whole && scaledByRange(resolved.imageTypes) ? whole.range() : undefined;
  // One large map shares its families with a worker: its region is cropped into shared memory.
  const splitting = pool !== null && splitROI(facts.count, mapCount, pool);
  const original = crop(work, region, 0, splitting && canShare());
  mask = crop(mask, region, 0, splitting && canShare());
  made.push(original.data, mask.data);

  const features: FeatureEntry[] = [];
  // Shape and morphology describe the ROI, not a response map: once, on the original image.
  const geometric = plan.filter((p) => p.family.geometric);
  const perMap = plan.filter((p) => !p.family.geometric);
  const families = geometric.length + perMap.length * mapCount;
  let familiesDone = 0;
  // A stop asked for while the families run (from onProgress, say) ends the extraction after the family in hand.
  const onFamily = () => {
    options.onProgress?.(++familiesDone, families);
    options.signal?.throwIfAborted();
  };
  // With several response maps (from a smaller ROI on), a map's families go to a worker
  // that can take them at once; the others are computed here, between the filters.
  const onWorkers = (count: number) => pool !== null && count > 1 && parallelROI(facts.count, mapCount) && pool.hasCapacity();
  const pending: Array<Promise<FamilyResult[]>> = [];
  const shareable = new SharedVolumes();
  // `scratch`: the image's samples are the map's own (ResponseMap.scratch), given back once this thread is done with them.
  const evaluate = (
    families: FamilyPlan[], image: Volume, reseg: { mask: Volume<Uint8Array>; bounds: [number | null, number | null] | null },
    morphological: Volume<Uint8Array>, typeSettings: Settings, prefix: string, there = onWorkers(families.length), scratch = false,
  ) => {
    let next: Promise<FamilyResult[]>;
    if (there) {
      const [shared, intensityMask, morphologicalMask] = [shareable.share(image), shareable.share(reseg.mask), shareable.share(morphological)];
      // A worker reads the shared copy; the samples themselves only when there is none.
      if (scratch && shared !== image) giveBack(image.data);
      const job = {
        image: shared, intensityMask, morphologicalMask,
        settings: typeSettings, resegmentBounds: reseg.bounds, featureClasses: planSelection(families), prefix, backend: options.backend ?? "auto",
      };
      next = runOnPool(pool!, (api) => api.evaluate(job), onFamily);
      // The buffers go back to the pool whether the job succeeds or fails.
      void next.finally(() => [shared, intensityMask, morphologicalMask].forEach((v) => shareable.release(v))).catch(() => undefined);
    } else {
      const arrays: ArrayBufferView[] = [];
      next = Promise.resolve(familiesHere(families, roiInput(image, reseg.mask, morphological, typeSettings, reseg.bounds, kernels, false, arrays), prefix, onFamily));
      // Done with at once: the next map's families reuse them.
      giveBack(...arrays, scratch ? image.data : null);
    }
    // Awaited below in order; marked handled now, so a failure while later maps are computed is not reported twice.
    next.catch(() => undefined);
    return next;
  };
  // Re-segmentation always reads the original intensities; a type's own settings may change it.
  const resegmentations = new Map<string, ReturnType<typeof resegment>>();
  const resegmented = async (typeSettings: Settings) => {
    if (!(typeSettings.resegmentRange || typeSettings.resegmentOutliers !== null)) return { mask, bounds: null };
    // Image types that do not change these settings share one re-segmentation.
    const key = JSON.stringify([typeSettings.resegmentRange, typeSettings.resegmentMode, typeSettings.resegmentOutliers]);
    const known = resegmentations.get(key);
    if (known) return known;
    const reseg = resegment(original, mask, typeSettings);
    resegmentations.set(key, reseg);
    if (settings.additionalInfo && !diagnostics["diagnostics_Mask-resegmented_VoxelNum"]) {
      // Reported on the whole grid, as PyRadiomics does.
      Object.assign(diagnostics, maskDiagnostics("resegmented", resegment(uncropped.image, uncropped.mask, typeSettings).mask, { image: uncropped.image, kernels }));
    }
    return reseg;
  };
  // One large map shares its texture families with a worker. Shape and the like go to the
  // worker at once, when it can take them: it has hashed the image before this thread has
  // laid out the gray-level volume, and would wait. Otherwise they are computed here after
  // the worker has its share. They come first in the row either way.
  const geometricThere = splitting && geometric.length > 0 && pool.hasCapacity();
  if (geometricThere) pending.push(evaluate(geometric, original, await resegmented(settings), mask, settings, "original", true));
  // Computed here after the worker has its share, they take the place kept for them first
  // (`pending` is awaited as it stands once the maps are given out: pushed then, they were lost).
  let placeGeometric: (results: Promise<FamilyResult[]>) => void = (results) => void pending.push(results);
  if (splitting && geometric.length > 0 && !geometricThere) {
    const kept = new Promise<FamilyResult[]>((resolve) => (placeGeometric = resolve));
    kept.catch(() => undefined);
    pending.push(kept);
  }
  const geometricHere = async () => {
    runDeferred();
    if (geometric.length && !geometricThere) placeGeometric(evaluate(geometric, original, await resegmented(settings), mask, settings, "original"));
  };
  // Each image type's results (and its filters' warnings) in plan order, whichever thread computes them.
  const byType: Array<Array<Promise<FamilyResult[]>>> = maps.map(() => []);
  const typeWarnings: string[][] = maps.map(() => []);
  // Whole image types go to a worker first (see typesForWorker), so that it filters while this thread does.
  const sent = new Set<number>();
  const typePool = splitting || !canShare() ? null : pool;
  const toWorker = typePool ? typesForWorker(maps, facts.count, voxelCount(work.size)) : [];
  // The first re-segmentation asked for names the row's diagnostics: the one it would be without.
  if (toWorker.length) await resegmented(geometric.length ? settings : maps[0]!.settings);
  for (const i of toWorker) {
    if (!typePool!.hasCapacity()) break;
    const { type, settings: typeSettings } = maps[i]!;
    const reseg = await resegmented(typeSettings);
    const volumes = [uncropped.image, original, reseg.mask, mask].map((v) => shareable.share(v));
    const [image, regionImage, intensityMask, morphologicalMask] = volumes as [Volume, Volume, Volume<Uint8Array>, Volume<Uint8Array>];
    const job = { imageType: type.name, image, region, regionImage, intensityMask, morphologicalMask, settings: typeSettings, featureClasses: planSelection(perMap), backend: options.backend ?? "auto", ...(range ? { range } : {}) };
    const results = runOnPool<FamilyResult>(typePool!, (api) => api.evaluateMaps(job), onFamily, (w) => typeWarnings[i]!.push(...w));
    void results.finally(() => volumes.forEach((v) => shareable.release(v))).catch(() => undefined);
    results.catch(() => undefined);
    byType[i]!.push(results);
    sent.add(i);
  }
  if (!splitting) await geometricHere();
  for (const [i, { type, settings: typeSettings, names }] of maps.entries()) {
    if (sent.has(i)) continue;
    // Each map's families, placed in the row by the map's name once all are made (see `ImageType.responses`).
    const madeHere: Array<[string, Promise<FamilyResult[]>]> = [];
    const reseg = await resegmented(typeSettings);
    const input = { image: uncropped.image, region, regionImage: original, roi: reseg.mask, settings: typeSettings, kernels, warn: (w: string) => typeWarnings[i]!.push(w), ...(range ? { range } : {}) };
    for (const map of type.responses(input)) {
      options.signal?.throwIfAborted();
      // Re-segmentation bounds are in original intensities: they say nothing of a response map's range.
      const bounds = map.name === "original" ? reseg.bounds : null;
      // A map on a coarser grid of its own (a decimated wavelet band) brings the masks onto it.
      const onMap = map.maskOnMap ?? ((m: Volume<Uint8Array>) => m);
      if (splitting) {
        const input = roiInput(map.image, onMap(reseg.mask), onMap(mask), typeSettings, bounds, kernels, canShare(), made);
        // A pool this case has given jobs to (hashes, shape) takes this one behind them.
        const helper = pool.hasCapacity() || factsThere || geometricThere ? pool : null;
        madeHere.push([map.name, familiesShared(helper, perMap, input, map.name, options.backend ?? "auto", onFamily, geometricHere, options.signal)]);
        continue;
      }
      // Let finished workers hand their results (and shared buffers) back before deciding
      // where this map's families go: a worker that finished while the map was computed
      // says so only at a turn of the event loop.
      if (pool) await nextTurn();
      madeHere.push([map.name, evaluate(perMap, map.image, { mask: onMap(reseg.mask), bounds }, onMap(mask), typeSettings, map.name, undefined, map.scratch)]);
    }
    byType[i]!.push(...inNameOrder(names, madeHere));
  }
  pending.push(...byType.flat());
  runDeferred();
  // Results in plan order, whichever thread computed them. A stop ends the workers'
  // tasks with their workers: the stop's reason is the error, not theirs.
  const computed = await Promise.all(pending).catch((err: unknown) => {
    options.signal?.throwIfAborted();
    throw err;
  });
  warnings.push(...typeWarnings.flat());
  for (const results of computed) {
    for (const r of results) {
      features.push(...r.entries);
      warnings.push(...r.warnings);
    }
  }
  // Nothing is left for this thread but the diagnostics: the hashes its helper has not started are computed here.
  takeBackHashes();
  giveBack(...made);
  if (settings.additionalInfo && warnings.length) diagnostics["diagnostics_Configuration_Warnings"] = warnings.join(" | ");

  const values: Record<string, number> = {};
  for (const f of features) values[f.column] = f.value;
  return {
    caseId: options.caseId ?? "case",
    label: settings.label,
    ids: { ...options.ids, Label: String(settings.label) },
    diagnostics: await settleDiagnostics(diagnostics),
    features,
    values,
    warnings,
  };
}
