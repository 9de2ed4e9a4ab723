/**
 * Cohort batch jobs through the CLI, as users and schedulers run them: failures recorded
 * and skipped, resume after SIGKILL, shards merged, Parquet, joins, the cluster examples.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parquetReadObjects } from "hyparquet";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { FeatureTable } from "../src/index.js";
import { headerVoxels, readImageInput } from "../src/io/files.js";
import { caseKey, claimCaseForWorker, EARLY_WORKERS_MAX_BYTES, EARLY_WORKERS_MIN_BYTES, readManifest, readsShared, sideBySide, SIDE_BY_SIDE_MAX_VOXELS, workersStartEarly } from "../src/batch.js";
import { resolveConfig } from "../src/index.js";
import { FACTS_MAX_VOXELS, FACTS_MIN_VOXELS } from "../src/parallel/split.js";
import { niftiBytes, nrrdBytes } from "./helpers/builders.js";
import { csvRecords, fixture, ROOT } from "./helpers/fixtures.js";

const BIN = join(ROOT, "bin", "radiomics.cjs");
const radiomics = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const digital = [fixture("ibsi1", "digital_phantom", "image.nii.gz"), fixture("ibsi1", "digital_phantom", "mask.nii.gz")];
const brain = [fixture("pyradiomics", "brain1_image.nrrd"), fixture("pyradiomics", "brain1_label.nrrd")];

/** A cohort folder: n digital-phantom cases (copied, so paths are relative), plus extra rows. */
function cohort(n: number, extra: string[] = [], pair = digital): string {
  const dir = mkdtempSync(join(tmpdir(), "radiomics-batch-"));
  mkdirSync(join(dir, "images"));
  const ext = pair[0]!.endsWith(".nrrd") ? ".nrrd" : ".nii.gz";
  copyFileSync(pair[0]!, join(dir, "images", `image${ext}`));
  copyFileSync(pair[1]!, join(dir, "images", `mask${ext}`));
  const rows = Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, "0")},site-${i % 3},images/image${ext},images/mask${ext}`);
  writeFileSync(join(dir, "manifest.csv"), ["case_id,site,Image,Mask", ...rows, ...extra].join("\n") + "\n");
  writeFileSync(join(dir, "params.yaml"), "setting:\n  binWidth: 1\nfeatureClass:\n  statistics:\n  glcm: [Contrast]\n");
  return dir;
}

const byCase = (csv: string) => Object.fromEntries(csvRecords(csv).map((r) => [r["case_id"], r]));

describe("radiomics batch", () => {
  it("computes every good case on the worker pool, records every bad one (missing file, empty mask), and exits non-zero", () => {
    // 12 cases (one map each) for 2 workers: enough for one case per worker (MAPS_PER_WORKER).
    const dir = cohort(10, ["missing,site-x,images/none.nii.gz,images/mask.nii.gz", "empty,site-y,images/image.nii.gz,images/empty.nii.gz"]);
    writeFileSync(join(dir, "images", "empty.nii.gz"), niftiBytes({ dims: [5, 4, 4], type: "uint8", values: new Array(80).fill(0), pixdim: [2, 2, 2] }));
    const r = radiomics(["batch", join(dir, "manifest.csv"), "--params", join(dir, "params.yaml"), "--out", join(dir, "out/"), "--workers", "2"]);
    expect(r.code).toBe(1);
    const errors = csvRecords(readFileSync(join(dir, "out", "features.errors.csv"), "utf8"));
    expect(errors.map((e) => [e["case_id"], e["code"]]).sort()).toEqual([["empty", "LABEL_NOT_FOUND"], ["missing", "IO_ERROR"]]);
    expect(csvRecords(readFileSync(join(dir, "out", "features.csv"), "utf8")).map((x) => x["case_id"])).toEqual(Array.from({ length: 10 }, (_, i) => `p0${i}`));
  });

  it("stops at the first failure with --fail-fast", () => {
    const dir = cohort(0, ["missing,site-x,images/none.nii.gz,images/mask.nii.gz", "p00,site-0,images/image.nii.gz,images/mask.nii.gz"]);
    const r = radiomics(["batch", join(dir, "manifest.csv"), "--params", join(dir, "params.yaml"), "--out", join(dir, "t.csv"), "--workers", "1", "--fail-fast"]);
    expect(r.code).toBe(1);
    expect(csvRecords(readFileSync(join(dir, "t.csv"), "utf8"))).toEqual([]);
    expect(r.stderr).toMatch(/0 computed, 0 already done, 1 failed/);
  });

  it("refuses a configuration every case would fail on before the first case, writing nothing", () => {
    const dir = cohort(3);
    writeFileSync(join(dir, "nobins.yaml"), "featureClass:\n  morphology:\n  glcm: [Contrast]\n");
    const r = radiomics(["batch", join(dir, "manifest.csv"), "--params", join(dir, "nobins.yaml"), "--out", join(dir, "out", "t.csv"), "--workers", "1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error \[INVALID_SETTING\]: no discretisation is set for image type Original/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("keeps case IDs that differ only in characters a file name cannot hold apart (a/b, a_b, a:b)", () => {
    const dir = cohort(0, [
      "a/b,site-0,images/image.nii.gz,images/mask.nii.gz",
      "a_b,site-1,images/image.nii.gz,images/all.nii.gz",
      "a:b,site-2,images/image.nii.gz,images/all.nii.gz",
    ]);
    writeFileSync(join(dir, "images", "all.nii.gz"), niftiBytes({ dims: [5, 4, 4], type: "uint8", values: new Array(80).fill(1), pixdim: [2, 2, 2] }));
    const r = radiomics(["batch", join(dir, "manifest.csv"), "--params", join(dir, "params.yaml"), "--out", join(dir, "t.csv"), "--workers", "1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3 computed, 0 already done, 0 failed/);
    const rows = byCase(readFileSync(join(dir, "t.csv"), "utf8"));
    expect(Object.keys(rows).sort()).toEqual(["a/b", "a:b", "a_b"]);
    // The IBSI 1 digital phantom's ROI mean is 2.15; the whole image's is another.
    expect(Number(rows["a/b"]!["original_statistics_Mean"])).toBeCloseTo(2.15, 2);
    expect(Number(rows["a_b"]!["original_statistics_Mean"])).not.toBeCloseTo(2.15, 2);
    expect(rows["a:b"]!["original_statistics_Mean"]).toBe(rows["a_b"]!["original_statistics_Mean"]);
    expect(readdirSync(join(dir, "t.csv.cases")).sort()).toEqual(["a_2fb.json", "a_3ab.json", "a_5fb.json"]);
  });

  it("keeps manifest columns and writes every good row", () => {
    const dir = cohort(4, ["missing,site-x,images/none.nii.gz,images/mask.nii.gz"]);
    const r = radiomics(["batch", join(dir, "manifest.csv"), "--params", join(dir, "params.yaml"), "--out", join(dir, "out", "table.csv"), "--workers", "2"]);
    expect(r.code).toBe(1);
    const rows = csvRecords(readFileSync(join(dir, "out", "table.csv"), "utf8"));
    expect(rows.map((x) => x["case_id"])).toEqual(["p00", "p01", "p02", "p03"]);
    expect(rows.map((x) => x["site"])).toEqual(["site-0", "site-1", "site-2", "site-0"]);
    expect(Number(rows[0]!["original_statistics_Mean"])).toBeCloseTo(2.1486, 4);
    expect(rows[0]!["Image"]).toBe(join(dir, "images", "image.nii.gz"));
    const errors = csvRecords(readFileSync(join(dir, "out", "table.errors.csv"), "utf8"));
    expect(errors.map((e) => e["case_id"])).toEqual(["missing"]);
    expect(existsSync(join(dir, "out", "table.dictionary.csv"))).toBe(true);
  });

  it("resumes after SIGKILL: each case exactly once, values equal to an uninterrupted run", async () => {
    const dir = cohort(8, [], brain);
    writeFileSync(join(dir, "params.yaml"), "setting:\n  profile: pyradiomics\n");
    const args = (out: string) => [BIN, "batch", join(dir, "manifest.csv"), "--params", join(dir, "params.yaml"), "--out", out, "--workers", "1"];
    const reference = radiomics(args(join(dir, "ref.csv")).slice(1));
    expect(reference.code, reference.stderr).toBe(0);

    const out = join(dir, "killed.csv");
    const child = spawn(process.execPath, args(out), { stdio: "ignore" });
    const casesDir = `${out}.cases`;
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        const finished = existsSync(casesDir) ? readdirSync(casesDir).filter((f) => f.endsWith(".json")).length : 0;
        if (finished >= 2) {
          clearInterval(poll);
          child.kill("SIGKILL");
          done();
        }
      }, 5);
    });
    await new Promise((done) => child.on("exit", done));
    expect(existsSync(out)).toBe(false); // no table before the run ends
    const resumed = radiomics([...args(out).slice(1), "--resume"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const skipped = resumed.stderr.split("\n").filter((l) => l.includes('"status":"skipped"')).length;
    expect(skipped).toBeGreaterThanOrEqual(2);
    const got = csvRecords(readFileSync(out, "utf8"));
    expect(got.map((r) => r["case_id"])).toEqual(Array.from({ length: 8 }, (_, i) => `p0${i}`));
    expect(readFileSync(out, "utf8").replaceAll("killed.csv", "ref.csv")).toBe(readFileSync(join(dir, "ref.csv"), "utf8"));
  });

  it("shards 0…N−1 merged equal the unsharded output; merge refuses a missing shard", () => {
    const dir = cohort(7);
    const base = ["batch", join(dir, "manifest.csv"), "--params", join(dir, "params.yaml"), "--workers", "1"];
    expect(radiomics([...base, "--out", join(dir, "all.csv")]).code).toBe(0);
    for (let i = 0; i < 3; i++) expect(radiomics([...base, "--out", join(dir, "parts", "features.csv"), "--shard", `${i}/3`]).code).toBe(0);
    const missing = radiomics(["merge", join(dir, "parts", "features.shard-0-of-3.csv"), join(dir, "parts", "features.shard-2-of-3.csv"), "--out", join(dir, "x.csv")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/shards missing: 1 \(of 3\)/);
    expect(radiomics(["merge", join(dir, "parts"), "--out", join(dir, "merged.csv")]).code).toBe(0);
    const strip = (csv: string) => csv.replaceAll(/\/(all|parts\/features)\.csv/g, "");
    expect(byCase(strip(readFileSync(join(dir, "merged.csv"), "utf8")))).toEqual(byCase(strip(readFileSync(join(dir, "all.csv"), "utf8"))));
  });

  it("writes Parquet that reads back to the same values", async () => {
    const dir = cohort(3);
    const base = ["batch", join(dir, "manifest.csv"), "--params", join(dir, "params.yaml"), "--workers", "1"];
    expect(radiomics([...base, "--out", join(dir, "t.parquet"), "--format", "parquet"]).code).toBe(0);
    expect(radiomics([...base, "--out", join(dir, "t.csv")]).code).toBe(0);
    const file = readFileSync(join(dir, "t.parquet"));
    const rows = await parquetReadObjects({ file: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) });
    const csv = csvRecords(readFileSync(join(dir, "t.csv"), "utf8"));
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r["case_id"])).toEqual(["p00", "p01", "p02"]);
    expect(rows[1]!["original_glcm_Contrast_3Davg"]).toBe(Number(csv[1]!["original_glcm_Contrast_3Davg"]));
    expect(rows[2]!["site"]).toBe("site-2");
  });
});

describe("one case per worker or the families on the workers", () => {
  const config = (imageType: Record<string, Record<string, unknown>>) => resolveConfig({ setting: { binWidth: 1 }, imageType });
  const manifest = (dir: string, n: number, image: string) => {
    writeFileSync(join(dir, "m.csv"), ["case_id,Image,Mask", ...Array.from({ length: n }, (_, i) => `c${i},${image},images/mask.nii.gz`)].join("\n") + "\n");
    return readManifest(join(dir, "m.csv"));
  };
  it("counts response maps, not cases, and keeps large filtered images in one case at a time", async () => {
    const dir = cohort(0);
    const small = manifest(dir, 3, "images/image.nii.gz");
    // 3 cases of one map: too little work for two workers; with Wavelet's 8 maps, enough.
    expect(await sideBySide(small, { config: config({ Original: {} }), out: dir, workers: 2 })).toBe(false);
    expect(await sideBySide(manifest(dir, 12, "images/image.nii.gz"), { config: config({ Original: {} }), out: dir, workers: 2 })).toBe(true);
    expect(await sideBySide(small, { config: config({ Wavelet: {} }), out: dir, workers: 2 })).toBe(true);
    expect(await sideBySide(small, { config: config({ Wavelet: {} }), out: dir, workers: 1 })).toBe(false);
    // An image over the limit (uint8, one voxel more): its filtered cases do not run side by side.
    const size = [256, 256, (SIDE_BY_SIDE_MAX_VOXELS >> 16) + 1];
    const header = niftiBytes({ dims: size, type: "uint8", values: [] });
    writeFileSync(join(dir, "images", "large.nii"), Buffer.concat([header, Buffer.alloc(size[0]! * size[1]! * size[2]!)]));
    expect(await sideBySide(manifest(dir, 3, "images/large.nii"), { config: config({ Wavelet: {} }), out: dir, workers: 2 })).toBe(false);
  });

  it("counts an image's voxels from its header alone, as the reader sizes it, and gives null for what it cannot tell", async () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-header-"));
    const voxels = (v: { size: readonly number[] }) => v.size[0]! * v.size[1]! * v.size[2]!;
    // Gzipped NIfTI (the CT phantom) and an attached NRRD (brain1), each against the whole file read.
    const ct = fixture("ibsi1", "ct_phantom", "image.nii.gz"), brain = join(ROOT, "examples", "data", "brain1_image.nrrd");
    expect(await headerVoxels(ct)).toBe(204 * 201 * 60);
    expect(await headerVoxels(ct)).toBe(voxels(await readImageInput(ct)));
    expect(await headerVoxels(brain)).toBe(voxels(await readImageInput(brain)));
    // Channels are not voxels: a 4-D NIfTI (3 × 4 × 2, 5 channels) and an NRRD with a vector axis first.
    writeFileSync(join(dir, "channels.nii"), niftiBytes({ dims: [3, 4, 2, 5], type: "uint8", values: Array.from({ length: 120 }, (_, i) => i % 7) }));
    expect(await headerVoxels(join(dir, "channels.nii"))).toBe(24);
    expect(await headerVoxels(join(dir, "channels.nii"))).toBe(voxels(await readImageInput(join(dir, "channels.nii"), { channel: 2 })));
    const nrrd = ["NRRD0004", "type: uint8", "dimension: 4", "sizes: 2 3 4 5", "kinds: vector domain domain domain", "encoding: raw", "", ""].join("\n");
    writeFileSync(join(dir, "vector.nrrd"), Buffer.concat([Buffer.from(nrrd), Buffer.alloc(120)]));
    expect(await headerVoxels(join(dir, "vector.nrrd"))).toBe(60);
    expect(await headerVoxels(join(dir, "vector.nrrd"))).toBe(voxels(await readImageInput(join(dir, "vector.nrrd"), { channel: 1 })));
    // What the header cannot tell: a DICOM file, a folder, a text file, no file at all.
    writeFileSync(join(dir, "slice.dcm"), gunzipSync(readFileSync(fixture("ibsi1", "ct_phantom", "dicom", "image", "DCM_IMG_00000.dcm.gz"))));
    writeFileSync(join(dir, "notes.txt"), "not an image\n");
    for (const path of ["slice.dcm", ".", "notes.txt", "missing.nii"]) expect(await headerVoxels(join(dir, path)), path).toBeNull();
  });

  it("lets workers claim each case once, and keeps the last for this thread while its case shares maps", () => {
    // Slots: the next case, this thread busy, this thread's case sharing maps.
    const claims = new Int32Array(new SharedArrayBuffer(12));
    expect([claimCaseForWorker(claims, 3), claimCaseForWorker(claims, 3)]).toEqual([0, 1]);
    claims[1] = 1;
    // Busy, but its case shares no maps: the worker takes the last one.
    expect(claimCaseForWorker(claims, 3)).toBe(2);
    expect(claimCaseForWorker(claims, 3)).toBe(-1);
    // Two of three claimed, this thread busy with a case that shares maps: the last is kept for it.
    const last = new Int32Array(new SharedArrayBuffer(12));
    last.set([2, 1, 1]);
    expect(claimCaseForWorker(last, 3)).toBe(-1);
    // This thread done with its case: the last one is free again.
    last[1] = 0;
    expect(claimCaseForWorker(last, 3)).toBe(2);
  });

  it("starts the workers before reading a case that is filtered or held in a large file", () => {
    const dir = cohort(0);
    const small = join(dir, "images", "image.nii.gz");
    expect(workersStartEarly(small, config({ Original: {} }))).toBe(false);
    expect(workersStartEarly(small, config({ Original: {}, Square: {} }))).toBe(true);
    // A large image read whole (a DICOM file) has its hashes and range computed there.
    const large = join(dir, "images", "large.dcm");
    writeFileSync(large, Buffer.alloc(EARLY_WORKERS_MIN_BYTES));
    expect(workersStartEarly(large, config({ Original: {} }))).toBe(true);
    // A NIfTI or NRRD file is read as its ROI's window, hashed as it is read: unless the configuration reads beyond the window.
    const windowedFile = join(dir, "images", "large.nii");
    writeFileSync(windowedFile, Buffer.alloc(EARLY_WORKERS_MIN_BYTES));
    expect(workersStartEarly(windowedFile, config({ Original: {} }))).toBe(false);
    expect(workersStartEarly(windowedFile, resolveConfig({ setting: { binWidth: 25, resegmentRange: [-100, 400] } }))).toBe(true);
    const huge = join(dir, "images", "huge.nii");
    writeFileSync(huge, Buffer.alloc(EARLY_WORKERS_MAX_BYTES + 1));
    expect(workersStartEarly(huge, config({ Original: {} }))).toBe(false);
    // A path that is not a file (a DICOM folder, a DICOMweb address) decides nothing.
    expect(workersStartEarly(join(dir, "missing.nii"), config({ Original: {} }))).toBe(false);
  });

  it("reads a case into shared memory only where a worker reads it there, and nothing converts the whole image", async () => {
    const dir = cohort(0);
    // Headers alone say how many voxels an image holds: 8 M voxels (the least whose facts go to a worker), one fewer, and past the most.
    const header = (name: string, sizes: number[]) => {
      const path = join(dir, "images", name);
      writeFileSync(path, nrrdBytes({ type: "uint8", dimension: "3", sizes: sizes.join(" "), encoding: "raw" }));
      return path;
    };
    const large = header("large.nrrd", [256, 256, 128]);
    const smaller = header("smaller.nrrd", [256 * 256 * 128 - 1, 1, 1]);
    const huge = header("huge.nrrd", [1024, 1024, 65]);
    expect(256 * 256 * 128).toBe(FACTS_MIN_VOXELS);
    expect(1024 * 1024 * 65).toBeGreaterThan(FACTS_MAX_VOXELS);
    expect(await readsShared(config({ Original: {} }), large)).toBe(true);
    expect(await readsShared(config({ Original: {} }), smaller)).toBe(false);
    expect(await readsShared(config({ Original: {} }), huge)).toBe(false);
    // The cohort's gzipped NIfTI (the digital phantom): its hashes stay on the thread that reads it.
    expect(await readsShared(config({ Original: {} }), join(dir, "images", "image.nii.gz"))).toBe(false);
    // An input without such a header may hold a large image: a DICOM folder.
    expect(await readsShared(config({ Original: {} }), dir)).toBe(true);
    // Converted whole: never.
    expect(await readsShared(config({ Original: {}, LoG: { sigma: [1] } }), large)).toBe(false);
    expect(await readsShared(resolveConfig({ setting: { binWidth: 1, resampledPixelSpacing: [1, 1, 1] } }), large)).toBe(false);
    expect(await readsShared(resolveConfig({ setting: { binWidth: 1, normalize: true } }), large)).toBe(false);
  });
});

describe("case file names", () => {
  it("are one per case ID and label, and fit a file system's 255 bytes", () => {
    const ids = ["a/b", "a_b", "a b", "a%2fb", "a_2fb", "é", "../../x", "x".repeat(400), `${"x".repeat(399)}y`, `${"é".repeat(300)}`];
    const keys = ids.flatMap((caseId) => [caseKey({ caseId, label: null }), caseKey({ caseId, label: 2 })]);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) {
      expect(k).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(Buffer.byteLength(`${k}.error.json`)).toBeLessThanOrEqual(255);
    }
    expect(caseKey({ caseId: "TCGA-02-0001", label: 2 })).toBe("TCGA-02-0001__label2");
  });
});

describe("joins", () => {
  const features = FeatureTable.fromRecords([
    { case_id: "TCGA-02-0001-01A", f: 1.5 },
    { case_id: "TCGA-02-0002-01A", f: 2.5 },
  ]);
  const genes = FeatureTable.fromRecords([
    { sample: "TCGA-02-0001-01B-01R", EGFR: 8.9 },
    { sample: "TCGA-02-0003-01A-01R", EGFR: 7.4 },
  ]);

  it("inner join on a 12-character patient prefix keeps matched rows only", () => {
    const j = features.join(genes, { on: ["case_id", "sample"], key: (v) => v.slice(0, 12) });
    expect(j.columns).toEqual(["case_id", "f", "EGFR"]);
    expect(j.records).toEqual([{ case_id: "TCGA-02-0001-01A", f: 1.5, EGFR: 8.9 }]);
  });

  it("left join keeps unmatched rows with empty cells; exact keys match nothing here", () => {
    const left = features.join(genes, { on: ["case_id", "sample"], how: "left", key: (v) => v.slice(0, 12) });
    expect(left.records.map((r) => r["EGFR"])).toEqual([8.9, null]);
    expect(features.join(genes, { on: ["case_id", "sample"] }).length).toBe(0);
  });

  it("names a missing key column", () => {
    expect(() => features.join(genes, { on: "patient" })).toThrow(/left table has no column "patient"/);
  });

  it("the radiogenomics example runs as its README says", () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-rg-"));
    const example = join(ROOT, "examples", "radiogenomics");
    const out = join(dir, "features.csv");
    expect(radiomics(["batch", "manifest.csv", "--profile", "pyradiomics", "--out", out, "--workers", "1"], { cwd: example }).code).toBe(0);
    const r = radiomics(["join", out, "expression.csv", "--on", "case_id=sample", "--key-prefix", "12", "--how", "left", "--out", join(dir, "rg.csv")], { cwd: example });
    expect(r.code, r.stderr).toBe(0);
    const rows = csvRecords(readFileSync(join(dir, "rg.csv"), "utf8"));
    expect(rows.map((x) => [x["case_id"], x["EGFR"]])).toEqual([["TCGA-02-0001-01A", "8.91"], ["TCGA-02-0002-01A", ""]]);
    expect(rows[0]!["timepoint"]).toBe("baseline");
  });
});

describe("cluster examples", () => {
  /** A cohort folder with manifest.csv and params.yaml, and a PATH whose `radiomics` is this checkout's. */
  function clusterCohort(): { dir: string; env: NodeJS.ProcessEnv } {
    const dir = cohort(6);
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "radiomics"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, "radiomics"), 0o755);
    return { dir, env: { PATH: `${bin}:${process.env["PATH"]}`, SLURM_CPUS_PER_TASK: "1" } };
  }

  it("the SLURM array and merge scripts, with the array variables set by hand, give the unsharded table", () => {
    const { dir, env } = clusterCohort();
    for (let task = 0; task < 4; task++) {
      const r = spawnSync("bash", [join(ROOT, "examples", "cluster", "slurm-array.sh")], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env, SLURM_ARRAY_TASK_ID: String(task), SLURM_ARRAY_TASK_COUNT: "4" } });
      expect(r.status, r.stderr).toBe(0);
    }
    const merge = spawnSync("bash", [join(ROOT, "examples", "cluster", "slurm-merge.sh")], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });
    expect(merge.status, merge.stderr).toBe(0);
    expect(radiomics(["batch", "manifest.csv", "--params", "params.yaml", "--out", "whole.csv", "--workers", "1"], { cwd: dir }).code).toBe(0);
    const strip = (csv: string) => csv.replaceAll(/\/(whole|results\/features)\.csv/g, "");
    expect(byCase(strip(readFileSync(join(dir, "results", "features.csv"), "utf8")))).toEqual(byCase(strip(readFileSync(join(dir, "whole.csv"), "utf8"))));
  });

  it("the Kubernetes Indexed Job's commands, per completion index, give the unsharded table", () => {
    const { dir, env } = clusterCohort();
    const docs = readFileSync(join(ROOT, "examples", "cluster", "k8s-indexed-job.yaml"), "utf8").split(/^---$/m).map((d) => parseYaml(d));
    const [job, mergeJob] = docs;
    const command = (doc: typeof job) => doc.spec.template.spec.containers[0].command as string[];
    const run = (cmd: string[], extraEnv: NodeJS.ProcessEnv) => {
      // `npx --yes radiomics …` stands for the installed CLI; run this checkout's instead.
      expect(cmd.slice(0, 3)).toEqual(["npx", "--yes", "radiomics"]);
      return radiomics(cmd.slice(3), { cwd: dir, env: { ...env, ...extraEnv } });
    };
    for (let index = 0; index < job.spec.completions; index++) expect(run(command(job), { JOB_COMPLETION_INDEX: String(index) }).code).toBe(0);
    expect(run(command(mergeJob), {}).code).toBe(0);
    expect(radiomics(["batch", "manifest.csv", "--params", "params.yaml", "--out", "whole.csv", "--workers", "1"], { cwd: dir }).code).toBe(0);
    const strip = (csv: string) => csv.replaceAll(/\/(whole|results\/features)\.csv/g, "");
    expect(byCase(strip(readFileSync(join(dir, "results", "features.csv"), "utf8")))).toEqual(byCase(strip(readFileSync(join(dir, "whole.csv"), "utf8"))));
  });
});
