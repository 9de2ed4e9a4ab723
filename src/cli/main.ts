/**
 * The `radiomics` command line. The only module that touches `process`, the console
 * and exit codes.
 *
 * Exit codes: 0 success; 1 bad input (a typed {@link RadiomicsError}: file, settings,
 * mask …); 2 command-line usage; 3 unexpected internal error.
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { isRadiomicsError, RadiomicsError } from "../errors.js";
import { extract, extractWindowed, PARALLEL_MAPS_MIN_VOXELS } from "../extract.js";
import { streamCaseFor } from "../extract-files.js";
import { featureDictionary } from "../features/registry.js";
import { mergeTables, readsShared, runBatch, shardFiles, workersStartEarly, type BatchEvent, type BatchFormat } from "../batch.js";
import { describeInput, dicomWebOptions, readCaseInputs, readImageInput, readMaskInput, readParamsFile, writeFileAtomic } from "../io/files.js";
import { readFile } from "../io/node-files.js";
import { parseSettingOverride, PROFILES, resolveConfig, type ExtractionConfig, type ParamsInput } from "../settings.js";
import { FeatureTable, type JoinKind } from "../table/table.js";
import { formatRows, OUTPUT_FORMATS, recordsToCsv, type OutputFormat } from "../table/writers.js";
import { VERSION } from "../version.js";
import { filterImage } from "../filters/response.js";
import { encodeVolume, mapFormatOf } from "../io/write.js";
import { maskOptionsOf, qcPng } from "../qc/picture.js";
import { reportOfVolumes } from "../clinical/sr.js";
import { fhirBundle } from "../clinical/fhir.js";
import { storeDicomWebInstances } from "../io/dicomweb.js";
import { fallbackNote, kernelsReserveMemory } from "../kernels/backend.js";
import { BACKENDS, type BackendChoice } from "../kernels/types.js";
import { packageModule } from "../parallel/location.js";
import { workersAllowed } from "../parallel/endpoint.js";
import { createFamilyPool } from "../parallel/families.js";
import type { FeatureRow } from "../table/row.js";
import type { ErrorCode } from "../errors.js";
import { fileURLToPath } from "node:url";
import { availableCores, workerThreadsThatFit } from "../parallel/room.js";
import { settleExtractions } from "../settle.js";

interface ExtractFlags {
  backend: BackendChoice;
  workers?: string;
  params?: string;
  profile?: string;
  label?: string;
  setting: string[];
  format: OutputFormat | "dicom-sr" | "fhir";
  out?: string;
  caseId?: string;
  roi?: string;
  series?: string;
  store?: string;
  subject?: string;
}

interface QcFlags extends Pick<ExtractFlags, "params" | "profile" | "setting" | "label" | "roi" | "series"> {
  out: string;
  fov: "image" | "roi";
  size?: string;
  window?: string;
}

interface FilterFlags {
  params: string;
  out: string;
  map?: string;
  mask?: string;
  label?: string;
  profile?: string;
  setting: string[];
  series?: string;
  backend: BackendChoice;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Case id from an image path: the file name without its image extensions. */
function caseIdFromPath(path: string): string {
  return basename(path).replace(/\.(nii\.gz|nii|nrrd|nhdr|hdr|img|gz)$/i, "");
}

async function emit(text: string, out: string | undefined, write: (s: string) => void): Promise<void> {
  if (out) await writeFileAtomic(out, text);
  else write(text);
}

/** The configuration a command's --params, --profile, --setting and --label give. */
async function configFromFlags(flags: Pick<ExtractFlags, "params" | "profile" | "setting" | "label">): Promise<ExtractionConfig> {
  const params: ParamsInput = flags.params ? await readParamsFile(flags.params) : {};
  const overrides: Record<string, unknown> = Object.fromEntries(flags.setting.map(parseSettingOverride));
  if (flags.profile) overrides["profile"] = flags.profile;
  if (flags.label !== undefined) {
    const label = Number(flags.label);
    if (!Number.isInteger(label) || label < 1) throw new RadiomicsError("INVALID_SETTING", `--label must be a positive integer, got "${flags.label}"`);
    overrides["label"] = label;
  }
  return resolveConfig(params, overrides, flags.params ?? "settings");
}

/** The image and mask of one case; `sharedMemory` for a command with workers. */
async function readVolumes(image: string, mask: string, flags: Pick<ExtractFlags, "roi" | "series">, config: ExtractionConfig, sharedMemory = false) {
  const read = await readCaseInputs(image, mask, { seriesUid: flags.series, sharedMemory }, { channel: config.settings.label_channel, roi: flags.roi, label: config.settings.label, sharedMemory });
  return { imageVolume: read.image, labelMap: read.mask };
}

/** The configuration, image and mask a command that reads one case is given. */
async function readCase(image: string, mask: string, flags: Pick<ExtractFlags, "params" | "profile" | "setting" | "label" | "roi" | "series">) {
  const config = await configFromFlags(flags);
  return { config, ...(await readVolumes(image, mask, flags, config)) };
}

async function runExtract(image: string, mask: string, flags: ExtractFlags, write: (s: string) => void): Promise<void> {
  if (flags.format === "dicom-sr" && !flags.out) throw new RadiomicsError("INVALID_SETTING", "--format dicom-sr writes a binary DICOM file: name it with --out (e.g. --out features-sr.dcm)");
  if (flags.store && flags.format !== "dicom-sr") throw new RadiomicsError("INVALID_SETTING", "--store sends a DICOM SR to an archive: use it with --format dicom-sr");
  const workers = workersOf(flags);
  const config = await configFromFlags(flags);
  // Workers a large or filtered case will use start now, loading the library while the case is read.
  const pool = workers > 1 && workersStartEarly(image, config) ? createFamilyPool(workers - 1) : undefined;
  pool?.start();
  let volumes: Awaited<ReturnType<typeof readVolumes>> | undefined, row: FeatureRow;
  try {
    const options = { caseId: flags.caseId ?? caseIdFromPath(image), ids: { Image: image, Mask: mask }, backend: flags.backend, workers, pool };
    // Only the ROI's window of raw files, where no report needs the whole volumes afterwards.
    const windowedCase = flags.format === "dicom-sr" || flags.format === "fhir" || flags.roi || flags.series ? null : await streamCaseFor(image, mask, config, { backend: flags.backend, pool });
    if (windowedCase) {
      row = await extractWindowed(windowedCase, config, options);
    } else {
      volumes = await readVolumes(image, mask, flags, config, workers > 1 && await readsShared(config, image));
      row = await extract(volumes.imageVolume, volumes.labelMap, config, options);
    }
  } finally {
    await pool?.close();
  }
  for (const warning of row.warnings) process.stderr.write(`radiomics: warning: ${warning}\n`);
  if (flags.format === "dicom-sr") {
    const report = reportOfVolumes(row, volumes!.imageVolume, volumes!.labelMap, config);
    await writeFileAtomic(flags.out!, report);
    process.stderr.write(`radiomics: DICOM SR (TID 1500, ${row.features.length} measurements) → ${flags.out}\n`);
    if (flags.store) {
      await storeDicomWebInstances(flags.store, [{ name: flags.out!, bytes: report }], dicomWebOptions());
      process.stderr.write(`radiomics: stored in ${flags.store.replace(/^dicomweb:/i, "")} (STOW-RS)\n`);
    }
    return;
  }
  if (flags.format === "fhir") {
    const bundle = fhirBundle(row, { subject: flags.subject, image: volumes!.imageVolume.dicom });
    await emit(JSON.stringify(bundle, null, 2) + "\n", flags.out, write);
    return;
  }
  await emit(formatRows([row], flags.format), flags.out, write);
}

async function runQc(image: string, mask: string, flags: QcFlags): Promise<void> {
  if (!/\.png$/i.test(flags.out)) throw new RadiomicsError("INVALID_SETTING", `the QC picture is a PNG: name it .png, got "${flags.out}"`, { path: flags.out });
  const { config, imageVolume, labelMap } = await readCase(image, mask, flags);
  const png = qcPng(imageVolume, labelMap, {
    ...maskOptionsOf(config.settings),
    fov: flags.fov,
    title: caseIdFromPath(image),
    ...(flags.size ? { panelSize: positiveInteger(flags.size, "--size") } : {}),
    ...(flags.window ? { window: windowOf(flags.window) } : {}),
  });
  await writeFileAtomic(flags.out, png);
  process.stderr.write(`radiomics: QC picture → ${flags.out}\n`);
}

/** `--window LOW,HIGH`. */
function windowOf(text: string): [number, number] {
  const parts = text.split(",").map(Number);
  if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[1]! > parts[0]!)) {
    throw new RadiomicsError("INVALID_SETTING", `--window must be LOW,HIGH with LOW < HIGH (e.g. -160,240), got "${text}"`);
  }
  return parts as [number, number];
}

/** The feature dictionary as CSV. */
function dictionaryCsv(): string {
  const entries = featureDictionary();
  return recordsToCsv(Object.keys(entries[0]!), entries.map((e) => ({ ...e, deprecated: String(e.deprecated) })));
}

async function runFeatures(format: "csv" | "json", out: string | undefined, write: (s: string) => void): Promise<void> {
  await emit(format === "json" ? JSON.stringify(featureDictionary(), null, 2) + "\n" : dictionaryCsv(), out, write);
}

interface BatchFlags extends Pick<ExtractFlags, "params" | "profile" | "setting" | "backend" | "workers"> {
  out: string;
  format: BatchFormat | "dicom-sr" | "fhir";
  shard?: string;
  shardCount?: string;
  resume?: boolean;
  failFast?: boolean;
  qc?: string;
  sr?: string;
  fhir?: string;
}

/** Parses a positive integer option. */
function positiveInteger(text: string, option: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new RadiomicsError("INVALID_SETTING", `${option} must be an integer ≥ ${min}, got "${text}"`);
  return n;
}

/**
 * The shard to run: --shard I/N, else SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, else
 * Kubernetes' JOB_COMPLETION_INDEX with --shard-count N; none when nothing says so.
 */
function shardFrom(flags: BatchFlags, env: NodeJS.ProcessEnv): { index: number; count: number } | undefined {
  let index: number | undefined, count: number | undefined;
  if (flags.shard) {
    const m = /^(\d+)\/(\d+)$/.exec(flags.shard);
    if (!m) throw new RadiomicsError("INVALID_SETTING", `--shard must be I/N (e.g. 0/4), got "${flags.shard}"`);
    [index, count] = [Number(m[1]), Number(m[2])];
  } else if (env["SLURM_ARRAY_TASK_ID"] !== undefined) {
    index = positiveInteger(env["SLURM_ARRAY_TASK_ID"], "SLURM_ARRAY_TASK_ID", 0);
    count = positiveInteger(flags.shardCount ?? env["SLURM_ARRAY_TASK_COUNT"] ?? "", "SLURM_ARRAY_TASK_COUNT (or --shard-count)");
  } else if (env["JOB_COMPLETION_INDEX"] !== undefined) {
    index = positiveInteger(env["JOB_COMPLETION_INDEX"], "JOB_COMPLETION_INDEX", 0);
    count = positiveInteger(flags.shardCount ?? "", "--shard-count (with JOB_COMPLETION_INDEX)");
  }
  if (index === undefined || count === undefined) return undefined;
  if (count < 1 || index >= count) throw new RadiomicsError("INVALID_SETTING", `shard ${index} does not exist in ${count} shards (indices run 0…${count - 1})`);
  return { index, count };
}

/** The `--workers` a command was given, or the cores it may use. */
function workersOf(flags: Pick<ExtractFlags, "workers" | "backend">): number {
  // One where threads are not allowed (Node's permission model without --allow-worker).
  const wanted = flags.workers ? positiveInteger(flags.workers, "--workers") : workersAllowed() ? availableCores(process.env) : 1;
  const room = workerThreadsThatFit(wanted - 1, kernelsReserveMemory(flags.backend));
  if (room.note) process.stderr.write(`radiomics: note: ${room.note}\n`);
  return room.threads + 1;
}


/** Progress on stderr: a bar on a terminal, JSON lines otherwise (cluster logs). */
function progressReporter(): (e: BatchEvent) => void {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  return (e) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = e.done / Math.max(seconds, 1e-3);
    const eta = rate > 0 ? (e.total - e.done) / rate : NaN;
    if (tty) {
      const width = 30, filled = Math.round((width * e.done) / Math.max(e.total, 1));
      process.stderr.write(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${e.done}/${e.total}  ${rate.toFixed(2)} cases/s  ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : "–"} `);
      if (e.done === e.total) process.stderr.write("\n");
      if (e.error) process.stderr.write(`\nradiomics: case ${e.caseId} failed [${e.error.code}]: ${e.error.message}\n`);
    } else {
      process.stderr.write(JSON.stringify({ event: "case", case_id: e.caseId, status: e.status, done: e.done, total: e.total, rate: +rate.toFixed(3), ...(e.error ? { error: e.error } : {}) }) + "\n");
    }
  };
}

async function runBatchCommand(manifest: string, flags: BatchFlags): Promise<number> {
  const config = await configFromFlags({ ...flags, setting: flags.setting });
  // Each case's diagnostics carry it too; the terminal hears it once.
  const note = fallbackNote(flags.backend);
  if (note) process.stderr.write(`radiomics: note: ${note}\n`);
  // A report per case (DICOM SR, FHIR) goes into the --out folder, beside the CSV table.
  const tableFormat = flags.format === "dicom-sr" || flags.format === "fhir" ? "csv" : flags.format;
  const reports = tableFormat !== flags.format ? flags.out : undefined;
  const summary = await runBatch(manifest, {
    config,
    out: reports ? join(flags.out, "features.csv") : flags.out,
    format: tableFormat,
    workers: workersOf(flags),
    backend: flags.backend,
    shard: shardFrom(flags, process.env),
    resume: Boolean(flags.resume),
    failFast: Boolean(flags.failFast),
    qc: flags.qc,
    sr: flags.format === "dicom-sr" ? reports : flags.sr,
    fhir: flags.format === "fhir" ? reports : flags.fhir,
    onEvent: progressReporter(),
  });
  await writeFileAtomic(`${summary.out.slice(0, summary.out.length - extname(summary.out).length)}.dictionary.csv`, dictionaryCsv());
  process.stderr.write(`radiomics: ${summary.succeeded} computed, ${summary.skipped} already done, ${summary.failed} failed → ${summary.out}${summary.errorsFile ? ` (errors: ${summary.errorsFile})` : ""}\n`);
  return summary.failed ? 1 : 0;
}

/** `--backend`: where the voxel kernels run. */
function backendOption(): Option {
  return new Option("--backend <backend>", "voxel kernels: WebAssembly with SIMD, without, or TypeScript (same values; auto takes the fastest available)")
    .choices(["auto", ...BACKENDS])
    .default("auto");
}

/** The IMAGE and MASK arguments of the commands that read one case, and the options that pick a DICOM series or ROI. */
function caseInputs(command: Command): Command {
  return command
    .argument("<image>", "image: .nii, .nii.gz, .nrrd, .nhdr, a DICOM series folder or file, or dicomweb:<base>/studies/<UID>[/series/<UID>]")
    .argument("<mask>", "mask: a label map on the image's grid (NIfTI, NRRD, DICOM), an RTSTRUCT or SEG file, or a dicomweb: series")
    .option("--roi <name>", "RTSTRUCT or SEG mask: the ROI or segment, by name or number")
    .option("--series <uid>", "DICOM folder holding several series: the Series Instance UID to read");
}

/** Exit status a command asks for (a batch with failed cases: 1). */
let commandStatus = 0;

/** Builds the command tree; `write` receives standard output. */
export function buildProgram(write: (s: string) => void = (s) => process.stdout.write(s)): Command {
  const program = new Command("radiomics")
    .description("Radiomics features from medical images: IBSI-conformant, PyRadiomics-compatible.")
    .version(VERSION)
    .option("--debug", "print stack traces of errors")
    .option("--dicomweb-authorization-file <file>", "a file holding the Authorization header value for dicomweb: inputs (instead of RADIOMICS_DICOMWEB_AUTHORIZATION; a flag would show the secret in process lists)")
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: (s) => process.stderr.write(s) })
    .hook("preAction", async (root) => {
      const file = root.opts<{ dicomwebAuthorizationFile?: string }>().dicomwebAuthorizationFile;
      if (!file) return;
      const value = new TextDecoder().decode(await readFile(file).catch((cause) => {
        throw new RadiomicsError("IO_ERROR", `cannot read the DICOMweb authorization file "${file}": ${(cause as Error).message}`, { path: file }, { cause });
      })).trim();
      // The readers and any worker started later take it from the environment, never from a message.
      process.env["RADIOMICS_DICOMWEB_AUTHORIZATION"] = value;
    });

  caseInputs(program
    .command("extract")
    .description("extract features of one image and mask")
    .option("-p, --params <file>", "PyRadiomics params file (YAML or JSON)")
    .addOption(new Option("--profile <profile>", "definitions to follow (default: ibsi, or the params file's)").choices([...PROFILES]))
    .option("-l, --label <n>", "mask label of the region (default 1)")
    .option("-s, --setting <name:value>", "override one setting, e.g. binWidth:25 (repeatable)", collect, [])
    .addOption(new Option("-f, --format <format>", "output format (dicom-sr: a TID 1500 measurement report referencing the DICOM image and SEG/RTSTRUCT, to --out; fhir: a FHIR R4 Bundle of Observations)").choices([...OUTPUT_FORMATS, "dicom-sr", "fhir"]).default("csv"))
    .option("-o, --out <file>", "write here (atomically) instead of standard output")
    .option("--case-id <id>", "case identifier (default: the image file name)")
    .option("--subject <id>", "with --format fhir: the patient's identifier (default: the DICOM Patient ID)")
    .option("--store <dicomweb:base>", "with --format dicom-sr: also store the report in a DICOMweb archive (STOW-RS; Authorization from RADIOMICS_DICOMWEB_AUTHORIZATION)")
    .addOption(backendOption()))
    .option("-w, --workers <n>", `threads for the response maps of filtered images: this one and n − 1 workers (ROIs under ${PARALLEL_MAPS_MIN_VOXELS} voxels, and images without filters, run in one thread; default: available cores)`)
    .action((image: string, mask: string, flags: ExtractFlags) => runExtract(image, mask, flags, write));

  program
    .command("filter")
    .description("write the response map of the one filtered image type a params file enables (float32 on the image's grid)")
    .argument("<image>", "image: .nii, .nii.gz, .nrrd, .nhdr, or a DICOM series folder or file")
    .requiredOption("-p, --params <file>", "params file enabling one filtered imageType (LoG, Wavelet, …) and its settings")
    .requiredOption("-o, --out <file>", "response map: .nii, .nii.gz or .nrrd (written atomically)")
    .option("-m, --map <name>", "which map, when the image type gives several (e.g. wavelet-HHL, log-sigma-2-0-mm-3D)")
    .option("--mask <file>", "label map on the image's grid, for image types that need the ROI (LBP3D)")
    .option("-l, --label <n>", "mask label of the region (default 1)")
    .addOption(new Option("--profile <profile>", "definitions to follow (default: ibsi, or the params file's)").choices([...PROFILES]))
    .option("-s, --setting <name:value>", "override one setting, e.g. sigma:[2.0] (repeatable)", collect, [])
    .option("--series <uid>", "DICOM folder holding several series: the Series Instance UID to read")
    .addOption(backendOption())
    .action(async (image: string, flags: FilterFlags) => {
      const format = mapFormatOf(flags.out);
      const config = await configFromFlags(flags);
      const imageVolume = await readImageInput(image, { seriesUid: flags.series });
      const mask = flags.mask ? await readMaskInput(flags.mask, imageVolume, { channel: config.settings.label_channel, label: config.settings.label }) : undefined;
      const map = filterImage(imageVolume, config, { map: flags.map, backend: flags.backend, mask });
      for (const warning of map.warnings) process.stderr.write(`radiomics: warning: ${warning}\n`);
      await writeFileAtomic(flags.out, encodeVolume(map.image, format));
      process.stderr.write(`radiomics: ${map.name} (${map.image.size.join(" × ")}) → ${flags.out}\n`);
    });

  caseInputs(program
    .command("qc")
    .description("draw the mask's outline over the image in three planes through the ROI's centre (PNG), to check a segmentation")
    .requiredOption("-o, --out <file>", "PNG picture (written atomically)")
    .option("-p, --params <file>", "params file: the label, label_channel, correctMask and geometryTolerance settings apply")
    .addOption(new Option("--profile <profile>", "definitions to follow").choices([...PROFILES]))
    .option("-l, --label <n>", "mask label of the region (default 1)")
    .option("-s, --setting <name:value>", "override one setting, e.g. correctMask:true (repeatable)", collect, [])
    .addOption(new Option("--fov <fov>", "whole planes, or the ROI's box with a margin").choices(["image", "roi"]).default("image"))
    .option("--size <pixels>", "pixels along the longest side of the largest panel (default 320)")
    .option("--window <low,high>", "grey window (default: from the ROI's 1st and 99th percentiles, widened by half their distance)"))
    .action((image: string, mask: string, flags: QcFlags) => runQc(image, mask, flags));

  program
    .command("info")
    .description("show what an input holds: DICOM series, RTSTRUCT ROIs, SEG segments, or an image's grid and labels")
    .argument("<path>", "a NIfTI/NRRD file, a DICOM file or a DICOM folder")
    .action(async (path: string) => write((await describeInput(path)).join("\n") + "\n"));

  program
    .command("features")
    .description("print the feature dictionary: column, family, IBSI code and tag, PyRadiomics name")
    .addOption(new Option("-f, --format <format>", "output format").choices(["csv", "json"]).default("csv"))
    .option("-o, --out <file>", "write here instead of standard output")
    .action((flags: { format: "csv" | "json"; out?: string }) => runFeatures(flags.format, flags.out, write));

  program
    .command("batch")
    .description("extract features of every case of a manifest (PyRadiomics batch CSV: Image, Mask[, Label, case_id, …])")
    .argument("<manifest>", "CSV manifest; relative paths resolve against its folder")
    .option("-p, --params <file>", "PyRadiomics params file (YAML or JSON)")
    .addOption(new Option("--profile <profile>", "definitions to follow").choices([...PROFILES]))
    .option("-s, --setting <name:value>", "override one setting (repeatable)", collect, [])
    .requiredOption("-o, --out <file|dir>", "output table (a folder gets features.<ext>); per-case results go to <table>.cases/")
    .addOption(new Option("-f, --format <format>", "output format (dicom-sr, fhir: one report per case in the --out folder, beside features.csv)").choices(["csv", "long-csv", "parquet", "dicom-sr", "fhir"]).default("csv"))
    .option("-w, --workers <n>", "parallel workers (default: available cores, or SLURM_CPUS_PER_TASK)")
    .addOption(backendOption())
    .option("--shard <I/N>", "run shard I of N (default: SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX)")
    .option("--shard-count <n>", "number of shards, with JOB_COMPLETION_INDEX (Kubernetes)")
    .option("--resume", "skip cases already computed with the same settings")
    .option("--fail-fast", "stop at the first failing case")
    .option("--qc <dir>", "also write each case's QC picture (mask outline over the image, three planes) to <dir>/<case>.png")
    .option("--fhir <dir>", "also write each case's FHIR R4 Bundle of Observations to <dir>/<case>.fhir.json (the manifest's subject column names the patient)")
    .option("--sr <dir>", "also write each case's DICOM SR (TID 1500 measurement report; DICOM images with SEG or RTSTRUCT masks) to <dir>/<case>.dcm")
    .action(async (manifest: string, flags: BatchFlags) => {
      commandStatus = await runBatchCommand(manifest, flags);
    });

  program
    .command("merge")
    .description("merge shard outputs (features.shard-I-of-N.csv) into one table, checking none is missing or repeated")
    .argument("<parts...>", "shard output files, or a folder holding them")
    .requiredOption("-o, --out <file>", "merged table")
    .action(async (parts: string[], flags: { out: string }) => {
      const files = parts.flatMap((p) => (existsSync(p) && statSync(p).isDirectory() ? shardFiles(p) : [p]));
      const { rows } = await mergeTables(files, flags.out);
      process.stderr.write(`radiomics: merged ${files.length} parts, ${rows} rows → ${flags.out}\n`);
    });

  program
    .command("join")
    .description("join a feature table with another table (clinical, genomic) by a key column")
    .argument("<features>", "feature table (CSV)")
    .argument("<other>", "table to join (CSV)")
    .requiredOption("--on <column>", "key column, or LEFT=RIGHT when the names differ")
    .addOption(new Option("--how <kind>", "inner keeps matched rows, left keeps every feature row").choices(["inner", "left"]).default("inner"))
    .option("--key-prefix <n>", "compare only the first n characters of the keys (12 for TCGA patient barcodes)")
    .requiredOption("-o, --out <file>", "joined table (CSV)")
    .action(async (features: string, other: string, flags: { on: string; how: JoinKind; keyPrefix?: string; out: string }) => {
      const [left, right] = flags.on.includes("=") ? (flags.on.split("=") as [string, string]) : [flags.on, flags.on];
      const prefix = flags.keyPrefix ? positiveInteger(flags.keyPrefix, "--key-prefix") : undefined;
      const read = async (p: string) => FeatureTable.fromCsv(new TextDecoder().decode(await readFile(p).catch((cause) => {
        throw new RadiomicsError("IO_ERROR", `cannot read table "${p}": ${(cause as Error).message}`, { path: p }, { cause });
      })));
      const joined = (await read(features)).join(await read(other), { on: [left, right], how: flags.how, ...(prefix ? { key: (v: string) => v.slice(0, prefix) } : {}) });
      await writeFileAtomic(flags.out, joined.toCSV());
      process.stderr.write(`radiomics: ${joined.length} rows → ${flags.out}\n`);
    });

  return program;
}

/** Codes whose fix takes more than the message's line: a second line points to docs/errors.md. */
const EXPLAINED: readonly ErrorCode[] = ["UNSUPPORTED_FORMAT", "GEOMETRY_MISMATCH", "EMPTY_ROI", "UNSUPPORTED_BACKEND", "OUT_OF_MEMORY"];

/** Where docs/errors.md explains a code: the installed package's copy, else its name. */
function errorsDoc(code: ErrorCode): string {
  // From dist/<esm|cjs>/ up to the package root.
  const path = fileURLToPath(packageModule("../../docs/errors.md"));
  return `${existsSync(path) ? path : "docs/errors.md"}#${code.toLowerCase()}`;
}

/** Runs the CLI and returns the exit code. Errors print one line (two where docs/errors.md helps) unless --debug. */
export async function main(argv: string[] = process.argv): Promise<number> {
  // The command's process ends without the library's moment after an extraction (see settle.ts).
  settleExtractions(false);
  const program = buildProgram();
  const debug = argv.includes("--debug");
  try {
    await program.parseAsync(argv);
    return commandStatus;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed its message (or help/version, which exit 0).
      return err.exitCode === 0 ? 0 : 2;
    }
    if (isRadiomicsError(err)) {
      process.stderr.write(`radiomics: error [${err.code}]: ${err.message}\n`);
      if (EXPLAINED.includes(err.code)) process.stderr.write(`radiomics: what to do: ${errorsDoc(err.code)}\n`);
      if (debug) process.stderr.write(`${err.stack}\n`);
      return 1;
    }
    process.stderr.write(`radiomics: internal error: ${(err as Error)?.message ?? String(err)} (run with --debug for the stack trace)\n`);
    if (debug) process.stderr.write(`${(err as Error)?.stack}\n`);
    return 3;
  }
}
