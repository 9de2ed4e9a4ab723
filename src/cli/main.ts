/**
 * The `radiomics` command line. The only module that touches `process`, the console
 * and exit codes.
 *
 * Exit codes: 0 success; 1 bad input (a typed {@link RadiomicsError}: file, settings,
 * mask …); 2 command-line usage; 3 unexpected internal error.
 * @module
 */
import { basename } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { isRadiomicsError, RadiomicsError } from "../errors.js";
import { extract } from "../extract.js";
import { featureDictionary } from "../features/registry.js";
import { readParamsFile, readVolumeFile, writeFileAtomic } from "../node.js";
import { parseSettingOverride, PROFILES, resolveConfig, type ParamsInput } from "../settings.js";
import { csvField, formatRows, OUTPUT_FORMATS, type OutputFormat } from "../table/writers.js";
import { VERSION } from "../version.js";

interface ExtractFlags {
  params?: string;
  profile?: string;
  label?: string;
  setting: string[];
  format: OutputFormat;
  out?: string;
  caseId?: string;
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

async function runExtract(image: string, mask: string, flags: ExtractFlags, write: (s: string) => void): Promise<void> {
  const params: ParamsInput = flags.params ? await readParamsFile(flags.params) : {};
  const overrides: Record<string, unknown> = Object.fromEntries(flags.setting.map(parseSettingOverride));
  if (flags.profile) overrides["profile"] = flags.profile;
  if (flags.label !== undefined) {
    const label = Number(flags.label);
    if (!Number.isInteger(label) || label < 1) throw new RadiomicsError("INVALID_SETTING", `--label must be a positive integer, got "${flags.label}"`);
    overrides["label"] = label;
  }
  const config = resolveConfig(params, overrides, flags.params ?? "settings");
  const [imageVolume, labelMap] = await Promise.all([
    readVolumeFile(image),
    readVolumeFile(mask, { channel: config.settings.label_channel }),
  ]);
  const row = await extract(imageVolume, labelMap, config, { caseId: flags.caseId ?? caseIdFromPath(image), ids: { Image: image, Mask: mask } });
  for (const warning of row.warnings) process.stderr.write(`radiomics: warning: ${warning}\n`);
  await emit(formatRows([row], flags.format), flags.out, write);
}

async function runFeatures(format: "csv" | "json", out: string | undefined, write: (s: string) => void): Promise<void> {
  const entries = featureDictionary();
  let text: string;
  if (format === "json") {
    text = JSON.stringify(entries, null, 2) + "\n";
  } else {
    const columns = Object.keys(entries[0]!) as Array<keyof (typeof entries)[number]>;
    text = [columns.join(","), ...entries.map((e) => columns.map((c) => csvField(String(e[c]))).join(","))].join("\n") + "\n";
  }
  await emit(text, out, write);
}

/** Builds the command tree; `write` receives standard output. */
export function buildProgram(write: (s: string) => void = (s) => process.stdout.write(s)): Command {
  const program = new Command("radiomics")
    .description("Radiomics features from medical images: IBSI-conformant, PyRadiomics-compatible.")
    .version(VERSION)
    .option("--debug", "print stack traces of errors")
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: (s) => process.stderr.write(s) });

  program
    .command("extract")
    .description("extract features of one image and mask")
    .argument("<image>", "image file (.nii, .nii.gz, .nrrd, .nhdr)")
    .argument("<mask>", "mask / label-map file, on the image's voxel grid")
    .option("-p, --params <file>", "PyRadiomics params file (YAML or JSON)")
    .addOption(new Option("--profile <profile>", "definitions to follow (default: ibsi, or the params file's)").choices([...PROFILES]))
    .option("-l, --label <n>", "mask label of the region (default 1)")
    .option("-s, --setting <name:value>", "override one setting, e.g. binWidth:25 (repeatable)", collect, [])
    .addOption(new Option("-f, --format <format>", "output format").choices([...OUTPUT_FORMATS]).default("csv"))
    .option("-o, --out <file>", "write here (atomically) instead of standard output")
    .option("--case-id <id>", "case identifier (default: the image file name)")
    .action((image: string, mask: string, flags: ExtractFlags) => runExtract(image, mask, flags, write));

  program
    .command("features")
    .description("print the feature dictionary: column, family, IBSI code and tag, PyRadiomics name")
    .addOption(new Option("-f, --format <format>", "output format").choices(["csv", "json"]).default("csv"))
    .option("-o, --out <file>", "write here instead of standard output")
    .action((flags: { format: "csv" | "json"; out?: string }) => runFeatures(flags.format, flags.out, write));

  return program;
}

/** Runs the CLI and returns the exit code. Errors print one line unless --debug. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes("--debug");
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed its message (or help/version, which exit 0).
      return err.exitCode === 0 ? 0 : 2;
    }
    if (isRadiomicsError(err)) {
      process.stderr.write(`radiomics: error [${err.code}]: ${err.message}\n`);
      if (debug) process.stderr.write(`${err.stack}\n`);
      return 1;
    }
    process.stderr.write(`radiomics: internal error: ${(err as Error)?.message ?? String(err)} (run with --debug for the stack trace)\n`);
    if (debug) process.stderr.write(`${(err as Error)?.stack}\n`);
    return 3;
  }
}
