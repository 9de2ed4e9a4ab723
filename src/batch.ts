/**
 * Cohort batch jobs (Node.js): a manifest of cases in, one table out.
 *
 * - Manifest: PyRadiomics' batch CSV (`Image`, `Mask`, optional `Label`), plus optional
 *   `case_id`, `ROI` (the RTSTRUCT ROI to rasterise) and any other columns, which pass
 *   through to the output. Relative paths resolve against the manifest's folder; an Image
 *   may be a DICOM series folder and a Mask an RTSTRUCT file, and either a DICOMweb series
 *   (`dicomweb:<base>/studies/<UID>/series/<UID>`).
 * - Every finished case is written atomically to `<out>.cases/<case>.json` (with the
 *   settings hash and library version) or `<case>.error.json`; the table is assembled
 *   from those files at the end, also atomically. A kill at any moment leaves no partial
 *   file that a later run would trust.
 * - `resume` skips cases whose result was computed with the same settings hash.
 * - Sharding: case i belongs to shard i mod N; a sharded run writes
 *   `<name>.shard-I-of-N.<ext>`; {@link mergeTables} joins the parts and checks that none
 *   is missing or duplicated.
 * - Workers: with at least {@link MAPS_PER_WORKER} response maps per worker (and a case
 *   for each), cases run side by side: this thread and `workers − 1` pool workers
 *   (parallel/pool.ts, comlink over `worker_threads`) take cases from one queue; with
 *   fewer, cases run one at a time and each filtered case's response maps go to the workers.
 * - QC pictures: with `qc`, each computed case's mask outline over its image goes to
 *   `<qc>/<case>.png` (see qc/picture.ts); resumed cases keep the picture they had.
 * - Cancellation: `signal` stops the workers; finished case files stay, so `resume`
 *   carries on from there.
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, resolve } from "node:path";
import { RadiomicsError, isRadiomicsError } from "./errors.js";
import { checkedPlan, configHash, extract, extractWindowed, windowed, type ExtractOptions } from "./extract.js";
import { streamCaseFor } from "./extract-files.js";
import type { BackendChoice } from "./kernels/types.js";
import { kernelsReserveMemory } from "./kernels/backend.js";
import { createFamilyPool, MAPS_PER_FAMILY_WORKER, type FamilyPool, type FamilyWorkerApi } from "./parallel/families.js";
import { mapsPerCase } from "./filters/registry.js";
import { packageModule } from "./parallel/location.js";
import { workerThreadsThatFit } from "./parallel/room.js";
import { claimNext, factsOnWorker } from "./parallel/split.js";
import { nextTurn, WorkerPool } from "./parallel/pool.js";
import { pathToFileURL } from "node:url";
import { headerVoxels, readCaseInputs, readImageInput, writeFileAtomic } from "./io/files.js";
import { ReadBuffers } from "./io/read-buffers.js";
import { isDicomWebUrl } from "./io/dicomweb.js";
import type { ExtractionConfig } from "./settings.js";
import { voxelCount } from "./volume.js";
import { maskOptionsOf, qcPng } from "./qc/picture.js";
import { reportOfVolumes } from "./clinical/sr.js";
import { fhirBundle } from "./clinical/fhir.js";
import { csvRecords } from "./table/csv.js";
import type { FeatureRow } from "./table/row.js";
import { FeatureTable } from "./table/table.js";
import { recordsToCsv } from "./table/writers.js";
import { VERSION } from "./version.js";

/** One row of a manifest. */
export interface BatchCase {
  /** Position in the manifest (0-based). */
  index: number;
  caseId: string;
  image: string;
  mask: string;
  /** Label from the manifest's `Label` column, or null for the settings' label. */
  label: number | null;
  /** RTSTRUCT masks: the ROI from the manifest's `ROI` column, if any. */
  roi?: string;
  /** Manifest columns other than Image, Mask, Label, ROI and case_id. */
  passThrough: Record<string, string>;
}

/**
 * Reads a batch manifest (see the module doc).
 * @example
 * ```ts
 * for (const c of readManifest("cohort/manifest.csv")) console.log(c.caseId, c.image, c.mask);
 * ```
 */
export function readManifest(path: string): BatchCase[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new RadiomicsError("IO_ERROR", `cannot read manifest "${path}": ${(cause as Error).message}`, { path }, { cause });
  }
  const { columns, records } = csvRecords(text);
  for (const required of ["Image", "Mask"]) {
    if (!columns.includes(required)) {
      throw new RadiomicsError("INVALID_INPUT", `manifest "${path}" has no "${required}" column (columns: ${columns.join(", ")}); PyRadiomics' batch format needs Image and Mask`, { path });
    }
  }
  const base = dirname(resolve(path));
  const at = (p: string) => (isAbsolute(p) || isDicomWebUrl(p) ? p : join(base, p));
  const seen = new Set<string>();
  return records.map((r, index) => {
    const label = r["Label"] ? Number(r["Label"]) : null;
    if (label !== null && !(Number.isInteger(label) && label > 0)) {
      throw new RadiomicsError("INVALID_INPUT", `manifest "${path}" row ${index + 2}: Label "${r["Label"]}" is not a positive integer`, { row: index + 2 });
    }
    const caseId = r["case_id"] || `case-${index + 1}`;
    const key = `${caseId}|${label ?? ""}`;
    if (seen.has(key)) throw new RadiomicsError("INVALID_INPUT", `manifest "${path}": case_id "${caseId}" with label ${label ?? "(default)"} appears twice`, { caseId });
    seen.add(key);
    const passThrough = Object.fromEntries(columns.filter((c) => !["Image", "Mask", "Label", "ROI", "case_id"].includes(c)).map((c) => [c, r[c]!]));
    const roi = r["ROI"] ? { roi: r["ROI"] } : {};
    return { index, caseId, image: at(r["Image"]!), mask: at(r["Mask"]!), label, ...roi, passThrough };
  });
}

/** Longest escaped case ID kept whole in a file name (file systems stop at 255 bytes). */
const KEY_LENGTH = 160;

/**
 * File-name-safe key of a case, one per (case ID, label): letters, digits, "." and "-" stay,
 * every other byte of the UTF-8 ID becomes "_" and two hex digits ("a/b" → "a_2fb", "a_b" →
 * "a_5fb"), so no two IDs share a key and "__label" cannot occur inside one. An escaped ID
 * longer than fits a file name keeps its start and a SHA-256 of the whole ID.
 */
export function caseKey(c: Pick<BatchCase, "caseId" | "label">): string {
  let id = Array.from(new TextEncoder().encode(c.caseId), (b) => {
    const ch = String.fromCharCode(b);
    return /[A-Za-z0-9.-]/.test(ch) ? ch : `_${b.toString(16).padStart(2, "0")}`;
  }).join("");
  if (id.length > KEY_LENGTH) id = `${id.slice(0, KEY_LENGTH - 66)}__sha256-${createHash("sha256").update(c.caseId).digest("hex")}`;
  return `${id}${c.label === null ? "" : `__label${c.label}`}`;
}

/** What a case file holds. */
interface CaseRecord {
  version: string;
  settingsHash: string;
  caseId: string;
  passThrough: Record<string, string>;
  row: FeatureRow;
}

/** What an error file holds. */
interface CaseError {
  caseId: string;
  image: string;
  mask: string;
  label: number | null;
  code: string;
  message: string;
}

/**
 * Folders for per-case files beside the table, each `<case key>.<ext>`: the QC picture (drawn
 * before the features, so a case whose extraction fails still has one when its mask has the
 * region), the DICOM SR and the FHIR bundle (after them).
 */
type CaseReports = Pick<BatchOptions, "qc" | "sr" | "fhir">;

/**
 * Runs one case and writes its result or error file atomically; returns its error, or null.
 * Its files are read into `readBuffers` when given (one per thread), recycled when it ends.
 */
export async function runCase(
  c: BatchCase,
  config: ExtractionConfig,
  settingsHash: string,
  casesDir: string,
  { readBuffers, ...options }: Pick<ExtractOptions, "backend" | "pool" | "signal"> & CaseReports & { readBuffers?: ReadBuffers } = {},
): Promise<CaseError | null> {
  const file = join(casesDir, `${caseKey(c)}.json`);
  const errorFile = join(casesDir, `${caseKey(c)}.error.json`);
  try {
    const caseConfig = c.label === null ? config : { ...config, settings: { ...config.settings, label: c.label } };
    const extractOptions = { ...options, caseId: c.caseId, ids: { Image: c.image, Mask: c.mask }, hashHelper: false };
    // Only the ROI's window of raw files, where no report needs the whole volumes. Also
    // where a worker would hash the whole image read into shared memory: the 2.5 M-voxel
    // case with two workers 117 ms faster as a window hashed here (7 of 8 pairs), four
    // 512 × 512 × 120 CTs 249 ms (6 of 6).
    const windowedCase = options.qc || options.sr || options.fhir || c.roi !== undefined ? null : await streamCaseFor(c.image, c.mask, caseConfig, { backend: options.backend, pool: options.pool });
    let row: FeatureRow;
    if (windowedCase) {
      row = await extractWindowed(windowedCase, caseConfig, extractOptions);
    } else {
      // With workers beside this thread, the samples go in shared memory where a worker reads them (see readsShared).
      const sharedMemory = options.pool !== undefined && await readsShared(caseConfig, c.image);
      const { image, mask } = await readCaseInputs(c.image, c.mask, { sharedMemory, readBuffers }, { channel: caseConfig.settings.label_channel, roi: c.roi, label: caseConfig.settings.label, sharedMemory, readBuffers });
      if (options.qc) await writeFileAtomic(join(options.qc, `${caseKey(c)}.png`), qcPng(image, mask, { ...maskOptionsOf(caseConfig.settings), title: c.caseId }));
      // No hashing helper of the library's own: with one thread running cases it made 8 CT phantoms 5 % slower.
      row = await extract(image, mask, caseConfig, extractOptions);
      if (options.sr) await writeFileAtomic(join(options.sr, `${caseKey(c)}.dcm`), reportOfVolumes(row, image, mask, caseConfig));
      if (options.fhir) {
        const bundle = fhirBundle(row, { subject: c.passThrough["subject"] || undefined, image: image.dicom });
        await writeFileAtomic(join(options.fhir, `${caseKey(c)}.fhir.json`), JSON.stringify(bundle, null, 2) + "\n");
      }
    }
    const record: CaseRecord = { version: VERSION, settingsHash, caseId: c.caseId, passThrough: c.passThrough, row };
    await writeFileAtomic(file, JSON.stringify(record, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)));
    rmSync(errorFile, { force: true });
    // Every job of the case has settled: its files' buffers go to the next case.
    readBuffers?.recycle();
    return null;
  } catch (err) {
    readBuffers?.recycle(false);
    if (options.signal?.aborted) throw err;
    const error: CaseError = {
      caseId: c.caseId, image: c.image, mask: c.mask, label: c.label,
      code: isRadiomicsError(err) ? err.code : "INTERNAL_ERROR",
      message: err instanceof Error ? err.message : String(err),
    };
    await writeFileAtomic(errorFile, JSON.stringify(error));
    rmSync(file, { force: true });
    return error;
  }
}

/**
 * Reads a case's file back (numbers that were written as text, NaN and ±Infinity, restored),
 * or null when there is none, it does not parse, or it holds another case.
 */
function readCaseRecord(casesDir: string, c: BatchCase): CaseRecord | null {
  try {
    const record = JSON.parse(readFileSync(join(casesDir, `${caseKey(c)}.json`), "utf8")) as CaseRecord;
    if (record.caseId !== c.caseId || (c.label !== null && record.row.label !== c.label)) return null;
    for (const f of record.row.features) f.value = Number(f.value);
    for (const k of Object.keys(record.row.values)) record.row.values[k] = Number(record.row.values[k]);
    return record;
  } catch {
    return null;
  }
}

/** Output formats of a batch. */
export type BatchFormat = "csv" | "long-csv" | "parquet";

/** Progress events, in order of completion. */
export interface BatchEvent {
  caseId: string;
  status: "done" | "failed" | "skipped";
  done: number;
  total: number;
  error?: { code: string; message: string };
}

/** Options of {@link runBatch}. */
export interface BatchOptions {
  config: ExtractionConfig;
  /** Output table file, or a folder (then `features.<ext>` inside it). */
  out: string;
  format?: BatchFormat;
  /** Parallel workers; under an address-space limit (`ulimit -v`), only as many as it has room for (parallel/room.ts). @default 1 */
  workers?: number;
  /** Voxel-kernel backend (see {@link ExtractOptions.backend}). @default "auto" */
  backend?: BackendChoice;
  /** Stops the batch: running cases are abandoned (their files are never half-written) and runBatch rejects. */
  signal?: AbortSignal;
  /** Run only shard `index` of `count`: the cases whose manifest position mod count is index. */
  shard?: { index: number; count: number };
  /** Skip cases already computed with the same settings hash. */
  resume?: boolean;
  /** Stop at the first failing case. */
  failFast?: boolean;
  /** A folder for one QC picture per computed case (`<case key>.png`, see {@link qcPicture}). */
  qc?: string;
  /** A folder for one FHIR R4 Bundle of Observations per computed case (`<case key>.fhir.json`; a `subject` manifest column names the patient). */
  fhir?: string;
  /** A folder for one DICOM SR (TID 1500 measurement report) per computed case (`<case key>.dcm`); cases must be DICOM images with SEG or RTSTRUCT masks. */
  sr?: string;
  onEvent?: (event: BatchEvent) => void;
  /** Worker module path (defaults to the built `batch-worker.js` of this package). */
  workerModule?: string;
}

/** Result of a batch. */
export interface BatchSummary {
  /** The table written. */
  out: string;
  /** The errors table, written when any case failed. */
  errorsFile: string | null;
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

const EXTENSIONS: Record<BatchFormat, string> = { csv: ".csv", "long-csv": ".csv", parquet: ".parquet" };

/**
 * The table path of a run: a folder gets `features.<ext>`; a shard gets `.shard-I-of-N` before the extension.
 * @example
 * ```ts
 * outputPath("out/", "csv", { index: 0, count: 4 }); // "out/features.shard-0-of-4.csv"
 * ```
 */
export function outputPath(out: string, format: BatchFormat, shard?: { index: number; count: number }): string {
  const isDir = out.endsWith("/") || (existsSync(out) && statSync(out).isDirectory());
  const file = isDir ? join(out, `features${EXTENSIONS[format]}`) : out;
  if (!shard) return file;
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}.shard-${shard.index}-of-${shard.count}${ext}`;
}

/** The per-case report folders of a batch's options (workers receive them with each case). */
const reportsOf = ({ qc, sr, fhir }: BatchOptions): CaseReports => ({ qc, sr, fhir });

/** What a batch worker (batch-worker.ts) serves. */
export interface BatchWorkerApi extends FamilyWorkerApi {
  runClaimedCase: ReturnType<typeof caseClaimer>;
}

/** Slots of a side-by-side batch's claims, an Int32Array in shared memory (see {@link runSideBySide}). */
const NEXT_CASE = 0, HERE_BUSY = 1, MAPS_SHARED = 2, CLAIM_SLOTS = 3;

/**
 * Claims the next of `count` cases for a worker: its index, or -1 when every case is
 * claimed, or when only the last is left while this thread runs a case whose response
 * maps the workers share (the last case then stays for this thread, see
 * {@link runSideBySide}). This thread claims with `claimNext` (parallel/split.ts).
 * @example
 * ```ts
 * const claims = new Int32Array(new SharedArrayBuffer(12));
 * claimCaseForWorker(claims, 2); // 0, then 1, then -1
 * ```
 */
export function claimCaseForWorker(claims: Int32Array, count: number): number {
  for (;;) {
    const next = Atomics.load(claims, NEXT_CASE);
    if (next >= count) return -1;
    if (next === count - 1 && Atomics.load(claims, HERE_BUSY) === 1 && Atomics.load(claims, MAPS_SHARED) === 1) return -1;
    if (Atomics.compareExchange(claims, NEXT_CASE, next, next + 1) === next) return next;
  }
}

/** What a batch worker needs of a side-by-side batch, sent with its first claim. */
export interface ClaimedCases {
  cases: BatchCase[];
  /** See {@link claimCaseForWorker}. */
  claims: Int32Array;
  config: ExtractionConfig;
  settingsHash: string;
  casesDir: string;
  options: Pick<ExtractOptions, "backend"> & CaseReports;
}

/**
 * A batch worker's side of {@link runSideBySide}: each call claims the next case, runs it
 * and returns its index and error (null without one), or null when no case is left for
 * it. Calls run one after another, so this thread keeps two outstanding per worker: the
 * next is waiting in the worker's queue when a case ends, and the worker claims and starts
 * its next case without waiting for this thread. A case is claimed when it starts, never
 * held back for a busy worker. The first call brings the batch.
 */
export function caseClaimer(): (open?: ClaimedCases) => Promise<{ index: number; error: CaseError | null } | null> {
  let batch: ClaimedCases | null = null;
  let turn: Promise<unknown> = Promise.resolve();
  const readBuffers = new ReadBuffers();
  return (open) => {
    if (open) batch = open;
    const run = turn.then(async () => {
      const b = batch;
      const index = b ? claimCaseForWorker(b.claims, b.cases.length) : -1;
      if (!b || index < 0) return null;
      return { index, error: await runCase(b.cases[index]!, b.config, b.settingsHash, b.casesDir, { ...b.options, readBuffers }) };
    });
    turn = run.catch(() => undefined);
    return run;
  };
}

/**
 * Response maps per worker (cases × the maps of each: 1 without filters) below which a
 * batch runs in this thread (a filtered case's maps on the workers) rather than one
 * case per worker: a fresh worker loads the library and warms its JIT on its first cases.
 * Measured here with 2 workers: CT phantoms without filters, 8 cases 0.8× as fast as one
 * thread and 16 cases 1.2×; with this thread taking cases too (one worker fewer to start),
 * 8 CT phantoms without filters still took 1.22–1.29 s against 1.15–1.28 s in one thread:
 * both threads warm their JIT at once on two cores. Once the GLCM's sums left JavaScript
 * (less to warm up), 8 CT phantoms side by side took 0.66–0.73 s against 0.73–0.76 s in one
 * thread, and 4 of them 0.46–0.47 against 0.47–0.48 s, so the bar went from 6 to 4. With
 * Original + LoG (3 σ) + Wavelet (12 maps a case), 3 cases side by side 1.63–1.87 s against
 * 1.73–1.79 s one at a time with their maps shared between this thread and the worker
 * (2.19–2.28 s in one thread).
 */
export const MAPS_PER_WORKER = 4;

/**
 * Image voxels above which cases do not run side by side: a filtered case holds whole-image
 * float64 intermediates, so two at once double the peak. Measured (2 workers, Original +
 * LoG + Wavelet, 3 cases of a 384 × 384 × 160 image with a 2.5 M-voxel ROI): side by side
 * 26.6 s and 1.76 GB, the families on the workers 26.7 s and 1.53 GB; on the 2.5 M-voxel
 * CT phantom side by side wins (3.11 s against 3.35 s).
 */
export const SIDE_BY_SIDE_MAX_VOXELS = 8 << 20;

/**
 * Whether a batch runs cases side by side (see {@link runBatch}): enough cases and response maps for the
 * workers (see {@link MAPS_PER_WORKER}), and, with filters, images small enough that cases
 * side by side fit in memory (the first case's image stands for the others, sized from its
 * header where that tells, else read whole; one that cannot be read decides nothing, and
 * its case reports why). Without filters a case holds no whole-image intermediates.
 */
export async function sideBySide(pending: BatchCase[], options: BatchOptions): Promise<boolean> {
  const workers = options.workers ?? 1;
  if (workers < 2 || pending.length < workers || pending.length * mapsPerCase(options.config) < MAPS_PER_WORKER * workers) return false;
  if (Object.keys(options.config.imageTypes).every((name) => name === "Original")) return true;
  try {
    const voxels = (await headerVoxels(pending[0]!.image)) ?? voxelCount((await readImageInput(pending[0]!.image)).size);
    return voxels <= SIDE_BY_SIDE_MAX_VOXELS;
  } catch {
    return true;
  }
}

/** What the two ways of running a batch's cases share. */
interface BatchRun {
  options: BatchOptions;
  settingsHash: string;
  casesDir: string;
  /** Records a finished case; false stops the batch (fail-fast). */
  settle(c: BatchCase, error: CaseError | null): boolean;
}

/**
 * Runs cases side by side: this thread and `workers − 1` pool workers claim the next case
 * from a counter in shared memory until none is left (see {@link caseClaimer}), and this
 * thread settles each as its result comes in. A worker does not wait for this thread
 * between cases: measured with 2 workers on 8 CT phantoms, a worker handed its next case
 * by this thread sat idle 40–70 ms at a time, until this thread ended its own case's
 * features. This thread has the library loaded and starts at once; a worker joins when it
 * has started. Once no worker runs a case (none left for them), the workers take response
 * maps of the filtered case this thread is still computing, as family workers would; so
 * when cases share their maps, the last case is left to this thread.
 */
async function runSideBySide(cases: BatchCase[], { options, settingsHash, casesDir, settle }: BatchRun): Promise<void> {
  const url = options.workerModule ? pathToFileURL(resolve(options.workerModule)) : packageModule("batch-worker.js");
  const helpers = Math.min((options.workers ?? 1) - 1, cases.length - 1);
  const pool = helpers > 0 ? new WorkerPool<BatchWorkerApi>(url, helpers, options.signal, MAPS_PER_FAMILY_WORKER) : null;
  const claims = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const stop = () => Atomics.store(claims, NEXT_CASE, cases.length);
  // Claims not yet answered (running or waiting on a worker).
  let claimsOut = 0;
  const backend = options.backend ?? "auto";
  // The workers as a family pool for this thread's cases: open only while no claim is out.
  const between: FamilyPool | undefined = pool
    ? {
      start: () => undefined,
      hasCapacity: () => (Atomics.store(claims, MAPS_SHARED, 1), claimsOut === 0 && pool.hasCapacity()),
      busy: () => claimsOut > 0 || pool.busy(),
      up: () => pool.up(),
      run: (task) => pool.run(task),
      close: async () => undefined,
    }
    : undefined;
  const here = async () => {
    const readBuffers = new ReadBuffers();
    for (let i = claimNext(claims, cases.length); i >= 0; i = claimNext(claims, cases.length)) {
      options.signal?.throwIfAborted();
      Atomics.store(claims, HERE_BUSY, 1);
      const error = await runCase(cases[i]!, options.config, settingsHash, casesDir, { backend, pool: between, signal: options.signal, readBuffers, ...reportsOf(options) });
      Atomics.store(claims, HERE_BUSY, 0);
      if (!settle(cases[i]!, error)) stop();
      // Let finished workers hand their results over.
      await nextTurn();
    }
  };
  const batch: ClaimedCases = { cases, claims, config: options.config, settingsHash, casesDir, options: { backend, ...reportsOf(options) } };
  const opened = new WeakSet<object>();
  const there = async () => {
    for (;;) {
      claimsOut++;
      const task = pool!.run((api) => api.runClaimedCase(opened.has(api) ? undefined : (opened.add(api), batch)));
      // A worker that cannot start, or dies, stops the batch (this thread ends its case first).
      const result = await task.catch((err: unknown) => {
        stop();
        throw err;
      }).finally(() => claimsOut--);
      if (!result) return;
      if (!settle(cases[result.index]!, result.error)) stop();
      // Every case claimed: another claim would only come back empty, and until it did this
      // thread would not hand the worker response maps (see `between`).
      if (Atomics.load(claims, NEXT_CASE) >= cases.length) return;
    }
  };
  try {
    const outcomes = await Promise.allSettled([here(), ...Array.from({ length: helpers * MAPS_PER_FAMILY_WORKER }, there)]);
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failure) throw failure.reason;
  } finally {
    await pool?.close();
  }
}

/** Image files from this size on (16 MB: 8 M int16 voxels, uncompressed) start a command's workers before the case is read. */
export const EARLY_WORKERS_MIN_BYTES = 16 << 20;
/**
 * ...up to this size (128 MB): a larger image may hold an ROI too large to share with a
 * worker, whose memory the case then needs (the 22.7 M-voxel ROI in a 210 MB image peaked
 * 13 MB over its 1.5 GB with an idle worker); its workers start once the ROI is known.
 */
export const EARLY_WORKERS_MAX_BYTES = 128 << 20;

/**
 * Whether a command's workers should start before its first case is read, so that they
 * have loaded the library when the case needs them: with filters (the response maps go
 * to them), or when the image file is large (its hashes and range go to them; a large
 * ROI's texture families then follow, its workers being up) but not huge. A worker
 * started for a small unfiltered case would only load the library on the other core; so
 * would one for a large image read as its ROI's window (a NIfTI or NRRD file, see
 * `extractFiles`), whose hashes are taken while it is read: the one-case batch of a 2.5
 * M-voxel ROI took 40–80 ms longer with its worker up than without a worker.
 */
export function workersStartEarly(image: string, config: ExtractionConfig): boolean {
  if (mapsPerCase(config) > 1) return true;
  if (windowed(config) && /\.(nii|nii\.gz|nrrd)$/i.test(image)) return false;
  try {
    const bytes = statSync(image).size;
    return bytes >= EARLY_WORKERS_MIN_BYTES && bytes <= EARLY_WORKERS_MAX_BYTES;
  } catch {
    return false;
  }
}

/**
 * Whether a command with workers reads a case's samples into shared memory: only where a
 * worker reads them there, that is for an image whose diagnostics' facts go to a worker
 * (its header says it holds as many voxels as {@link factsOnWorker} sends there; an input
 * without such a header, a DICOM folder or a URL, may hold them), and only when nothing
 * converts the whole image (no filters, resampling or normalisation). V8 converts typed
 * arrays out of shared memory about six times slower (int16 → float64: 106 against 18 ms
 * for 24 M samples), which made the filtered 2.5 M-voxel case 8 % slower; and a smaller
 * image in shared memory only made this thread's copies and hashes slower (8 CT phantoms
 * with two workers: docs/decisions.md, Engine).
 */
export async function readsShared(config: ExtractionConfig, image: string): Promise<boolean> {
  const { settings } = config;
  if (mapsPerCase(config) > 1 || settings.normalize || (settings.resampledPixelSpacing && settings.interpolator !== null)) return false;
  const voxels = await headerVoxels(image);
  return voxels === null || factsOnWorker(voxels);
}

/** Runs cases one after another in this thread; a filtered case shares its response maps with `workers − 1` workers. */
async function runHere(cases: BatchCase[], { options, settingsHash, casesDir, settle }: BatchRun): Promise<void> {
  const workers = options.workers ?? 1;
  const pool = workers > 1 ? createFamilyPool(workers - 1, options.signal) : undefined;
  if (pool && cases[0] && workersStartEarly(cases[0].image, options.config)) pool.start();
  const readBuffers = new ReadBuffers();
  try {
    for (const c of cases) {
      options.signal?.throwIfAborted();
      if (!settle(c, await runCase(c, options.config, settingsHash, casesDir, { backend: options.backend ?? "auto", pool, signal: options.signal, readBuffers, ...reportsOf(options) }))) break;
    }
  } finally {
    await pool?.close();
  }
}

/**
 * Runs a manifest (see the module doc).
 * @example
 * ```ts
 * const config = resolveConfig({ setting: { binWidth: 25 } }, { profile: "pyradiomics" });
 * const summary = await runBatch("cohort/manifest.csv", { config, out: "out/features.csv", workers: 4, resume: true });
 * console.log(`${summary.succeeded} done, ${summary.failed} failed`);
 * ```
 */
export async function runBatch(manifestPath: string, given: BatchOptions): Promise<BatchSummary> {
  // Only the workers the address space has room for (the command says when that is fewer).
  const options = { ...given, workers: workerThreadsThatFit((given.workers ?? 1) - 1, kernelsReserveMemory(given.backend)).threads + 1 };
  const format = options.format ?? "csv";
  // A configuration every case would fail on stops the batch before it writes anything.
  checkedPlan(options.config);
  const all = readManifest(manifestPath);
  const cases = options.shard ? all.filter((c) => c.index % options.shard!.count === options.shard!.index) : all;
  const out = outputPath(options.out, format, options.shard);
  mkdirSync(dirname(out), { recursive: true });
  const casesDir = `${outputPath(options.out, format)}.cases`;
  mkdirSync(casesDir, { recursive: true });
  for (const folder of Object.values(reportsOf(options))) if (folder) mkdirSync(folder, { recursive: true });
  const settingsHash = await configHash(options.config);

  let done = 0, failed = 0, skipped = 0;
  const errors = new Map<number, CaseError>();
  const emit = (c: BatchCase, status: BatchEvent["status"], error?: CaseError) =>
    options.onEvent?.({ caseId: c.caseId, status, done: done + failed + skipped, total: cases.length, ...(error ? { error: { code: error.code, message: error.message } } : {}) });
  const pending = cases.filter((c) => {
    if (!options.resume) return true;
    const record = readCaseRecord(casesDir, c);
    if (record?.settingsHash !== settingsHash) return true;
    skipped++;
    emit(c, "skipped");
    return false;
  });
  const settle = (c: BatchCase, error: CaseError | null): boolean => {
    if (error) {
      failed++;
      errors.set(c.index, error);
      emit(c, "failed", error);
      return !options.failFast;
    }
    done++;
    emit(c, "done");
    return true;
  };
  if (await sideBySide(pending, options)) {
    await runSideBySide(pending, { options, settingsHash, casesDir, settle });
  } else {
    await runHere(pending, { options, settingsHash, casesDir, settle });
  }
  options.signal?.throwIfAborted();

  // Assemble the table from the case files, in manifest order.
  const records = cases.map((c) => readCaseRecord(casesDir, c)).filter((r): r is CaseRecord => r !== null && r.settingsHash === settingsHash);
  const table = FeatureTable.fromRows(records.map((r) => r.row), records.map((r) => r.passThrough));
  await writeTable(table, out, format);
  let errorsFile: string | null = null;
  if (errors.size) {
    errorsFile = `${out.slice(0, out.length - extname(out).length)}.errors.csv`;
    const rows = [...errors.values()].map((e) => ({ case_id: e.caseId, Image: e.image, Mask: e.mask, Label: e.label === null ? "" : String(e.label), code: e.code, message: e.message }));
    await writeFileAtomic(errorsFile, recordsToCsv(["case_id", "Image", "Mask", "Label", "code", "message"], rows));
  }
  return { out, errorsFile, total: cases.length, succeeded: done, failed, skipped };
}

/**
 * Writes a table in a format, atomically.
 * @example
 * ```ts
 * await writeTable(FeatureTable.fromRows(rows), "features.parquet", "parquet");
 * ```
 */
export async function writeTable(table: FeatureTable, out: string, format: BatchFormat): Promise<void> {
  if (format === "parquet") await writeFileAtomic(out, await table.toParquet());
  else await writeFileAtomic(out, format === "long-csv" ? table.toLongCSV() : table.toCSV());
}

/**
 * Merges shard outputs (CSV, wide or long) into one table, checking that the parts are
 * shards 0…N−1 of one N, each present once, and that no case appears twice.
 * @example
 * ```ts
 * await mergeTables(["out/features.shard-0-of-2.csv", "out/features.shard-1-of-2.csv"], "out/features.csv");
 * ```
 */
export async function mergeTables(parts: string[], out: string): Promise<{ rows: number }> {
  const shards = parts.map((p) => {
    const m = /\.shard-(\d+)-of-(\d+)\.[^.]+$/.exec(basename(p));
    if (!m) throw new RadiomicsError("INVALID_INPUT", `"${p}" is not a shard output (expected a name like features.shard-0-of-4.csv)`, { path: p });
    return { path: p, index: Number(m[1]), count: Number(m[2]) };
  });
  const counts = new Set(shards.map((s) => s.count));
  if (counts.size !== 1) throw new RadiomicsError("INVALID_INPUT", `the parts come from different shard counts (${[...counts].join(", ")})`);
  const count = shards[0]!.count;
  const indices = shards.map((s) => s.index);
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !indices.includes(i));
  const repeated = indices.filter((i, k) => indices.indexOf(i) !== k);
  if (missing.length || repeated.length) {
    throw new RadiomicsError("INVALID_INPUT", `shards ${missing.length ? `missing: ${missing.join(", ")}` : ""}${missing.length && repeated.length ? "; " : ""}${repeated.length ? `given twice: ${repeated.join(", ")}` : ""} (of ${count})`);
  }
  const tables = shards.sort((a, b) => a.index - b.index).map((s) => csvRecords(readFileSync(s.path, "utf8")));
  const long = tables[0]!.columns.includes("ibsi_aggregation");
  const seen = new Set<string>();
  const columns = [...new Set(tables.flatMap((t) => t.columns))];
  const records: Array<Record<string, string>> = [];
  for (const t of tables) {
    const caseKeys = new Set(t.records.map((r) => `${r["case_id"]}|${r["Label"] ?? r["label"]}`));
    for (const k of caseKeys) {
      if (seen.has(k)) throw new RadiomicsError("INVALID_INPUT", `case ${k.replace("|", ", label ")} appears in more than one part`, { case: k });
      seen.add(k);
    }
    // One by one: a cohort's parts hold more rows than a call can take arguments.
    for (const r of t.records) records.push(r);
  }
  await writeFileAtomic(out, recordsToCsv(long ? tables[0]!.columns : columns, records));
  return { rows: records.length };
}

/** Lists the shard outputs next to a table path (for `radiomics merge` with a folder). */
export function shardFiles(folder: string): string[] {
  return readdirSync(folder).filter((f) => /\.shard-\d+-of-\d+\.csv$/.test(f)).map((f) => join(folder, f));
}
