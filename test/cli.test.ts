/** The command line, run as users run it: node bin/radiomics.cjs (the built package). */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { csvRecords, fixture, ibsiReferences, ROOT } from "./helpers/fixtures.js";
import { workerThreadsThatFit } from "../dist/esm/parallel/room.js";

/** The command, ended (code null) if it has not exited after two minutes: a hang fails its test instead of stopping the suite. */
function radiomics(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ct = [fixture("ibsi1", "ct_phantom", "image.nii.gz"), fixture("ibsi1", "ct_phantom", "mask.nii.gz")];

describe("the command's code cache (bin/radiomics.cjs)", () => {
  const cache = join(ROOT, "dist", "cjs", "cli", "radiomics.js.no-liftoff.cache");
  it("is written by an extraction that finds none and succeeds, replaced when V8 rejects it, the command unchanged", () => {
    rmSync(cache, { force: true });
    // A command that computes no features, or one that fails, leaves none (it would be kept, holding too little).
    expect(radiomics("features", "--format", "json").code).toBe(0);
    expect(radiomics("extract", ct[0]!, join(ROOT, "no-such-mask.nii")).code).not.toBe(0);
    expect(existsSync(cache)).toBe(false);
    const first = radiomics("extract", ...ct, "--profile", "pyradiomics", "--format", "json");
    expect(first.code, first.stderr).toBe(0);
    expect(statSync(cache).size).toBeGreaterThan(100_000);
    writeFileSync(cache, new Uint8Array(4096).fill(7));
    const second = radiomics("extract", ...ct, "--profile", "pyradiomics", "--format", "json");
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(cache).subarray(0, 4096).every((b) => b === 7)).toBe(false);
  });
});

describe("code caches of bundled files (bin/load-bundle.cjs), as worker threads load theirs", () => {
  it("keeps one cache for each set of V8 flags, each taken by the next load under those flags", () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-cache-"));
    const file = join(dir, "bundle.js");
    writeFileSync(file, `exports.answer = ${Array.from({ length: 200 }, (_, i) => `((x) => x + ${i})`).join(" && ")}(42) && 42;\n`);
    // A thread loads the bundle, as a worker's entry does ("loaded": written at once).
    const load = (flagged: boolean) => {
      const script = `${flagged ? 'require("node:v8").setFlagsFromString("--no-liftoff"); process.env.RADIOMICS_V8_FLAGS = "--no-liftoff";' : ""}
        const { Worker } = require("node:worker_threads");
        const code = \`require(\${JSON.stringify(process.argv[1])})(\${JSON.stringify(process.argv[2])}, "loaded"); require("node:worker_threads").parentPort.postMessage(module.exports.answer ?? "loaded");\`;
        new Worker(code, { eval: true }).once("message", (m) => console.log(m));`;
      const run = spawnSync(process.execPath, ["-e", script, join(ROOT, "bin", "load-bundle.cjs"), file], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe("loaded");
    };
    const plain = join(dir, "bundle.js.cache"), flagged = join(dir, "bundle.js.no-liftoff.cache");
    load(false);
    const first = statSync(plain).ino;
    load(true);
    expect(statSync(flagged).size).toBeGreaterThan(0);
    // Each taken as it is by the next load under its flags (a rejected one would be replaced: a new file).
    load(false);
    load(true);
    expect(statSync(plain).ino).toBe(first);
    const second = statSync(flagged).ino;
    load(true);
    expect(statSync(flagged).ino).toBe(second);
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads an ASCII file as Latin-1 and any other as UTF-8, inside CommonJS' wrapper", () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-source-"));
    const files = { ascii: join(dir, "ascii.js"), utf8: join(dir, "utf8.js") };
    // What a bundle sees of its module: its text, its file, its folder, require.
    const body = (text: string) => `exports.text = ${JSON.stringify(text)}; exports.file = __filename; exports.dir = __dirname; exports.sep = require("node:path").sep; exports.self = module.exports === exports;`;
    writeFileSync(files.ascii, body("plain \\u03c3 text"));
    writeFileSync(files.utf8, body("σ × 2 → μm"));
    const script = `const load = require(process.argv[1]); console.log(JSON.stringify([process.argv[2], process.argv[3]].map((f) => load(f, "never"))));`;
    const run = spawnSync(process.execPath, ["-e", script, join(ROOT, "bin", "load-bundle.cjs"), files.ascii, files.utf8], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { text: "plain \\u03c3 text", file: files.ascii, dir, sep: "/", self: true },
      { text: "σ × 2 → μm", file: files.utf8, dir, sep: "/", self: true },
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("the command's bundle (scripts/build.mjs)", () => {
  it("is ASCII, loads child_process, zlib and crypto only once a command uses them, and then reaches them", () => {
    const bundle = join(ROOT, "dist", "cjs", "cli", "radiomics.js");
    expect(readFileSync(bundle).every((byte) => byte < 0x80)).toBe(true);
    // Loaded as bin/radiomics.cjs loads it, then a gzipped case extracted on this one thread
    // (zlib to inflate it, crypto for its hashes). From a file: "node -e" loads crypto itself.
    const dir = mkdtempSync(join(tmpdir(), "radiomics-bundle-"));
    const script = join(dir, "load.cjs");
    writeFileSync(script, `const lazy = () => process.moduleLoadList.filter((m) => /^NativeModule (child_process|zlib|crypto)$/.test(m)).join(",");
      const { main } = require(process.argv[2])(process.argv[3], "never");
      const before = lazy();
      main(["node", "radiomics", "extract", process.argv[4], process.argv[5], "--profile", "pyradiomics", "--workers", "1", "--format", "json", "--out", process.argv[6]])
        .then((code) => console.log(JSON.stringify({ before, after: lazy(), code })));`);
    const run = spawnSync(process.execPath, [script, join(ROOT, "bin", "load-bundle.cjs"), bundle, ...ct, join(dir, "row.json")], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ before: "", after: "NativeModule zlib,NativeModule crypto", code: 0 });
    const [row] = JSON.parse(readFileSync(join(dir, "row.json"), "utf8"));
    expect(row["diagnostics_Image-original_Hash"]).toBe("90dc99f56755630db311639becd3787e8e9cab83");
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads, extracts and writes on its own thread without loading node:fs/promises or node:worker_threads (6–7 ms of a cold command)", () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-modules-"));
    // Preloaded into the command's process: the modules it loaded, written as it exits.
    const preload = join(dir, "modules.cjs");
    writeFileSync(preload, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(join(dir, "modules.json"))}, JSON.stringify(process.moduleLoadList)));`);
    const out = join(dir, "row.csv");
    const run = spawnSync(process.execPath, ["-r", preload, join(ROOT, "bin", "radiomics.cjs"), "extract", ...ct, "--profile", "pyradiomics", "--workers", "1", "--out", out], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const modules: string[] = JSON.parse(readFileSync(join(dir, "modules.json"), "utf8"));
    // The preload proves the list complete: it has what the command did load.
    expect(modules).toEqual(expect.arrayContaining(["NativeModule crypto", "NativeModule zlib"]));
    expect(modules.filter((m) => /^NativeModule (fs\/promises|worker_threads)$/.test(m))).toEqual([]);
    expect(readFileSync(out, "utf8")).toContain("90dc99f56755630db311639becd3787e8e9cab83");
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("the hashing helper's thread (src/hash-worker.ts)", () => {
  it("hashes volumes in shared memory as sitk.Hash does, the CommonJS build's and the ES modules'", async () => {
    const { Worker } = await import("node:worker_threads");
    // 'abc' (FIPS 180's first example) and a label map hashed as uint32 (bytes 1 0 0 0 2 0 0 0).
    const abc = new Uint8Array(new SharedArrayBuffer(3));
    abc.set([0x61, 0x62, 0x63]);
    const labels = new Int16Array(new SharedArrayBuffer(4));
    labels.set([1, 2]);
    const asUint32 = createHash("sha1").update(Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0)).digest("hex");
    for (const build of ["cjs", "esm"]) {
      const worker = new Worker(join(ROOT, "dist", build, "hash-worker.js"));
      const replies: unknown[] = [];
      const done = new Promise<void>((resolve, reject) => {
        worker.on("message", (reply) => replies.push(reply) === 2 && resolve()).once("error", reject).once("exit", (code) => reject(new Error(`exit ${code}`)));
      });
      // Each request with its claim word, unclaimed (src/sha1.ts takeBackHashes).
      const claim = () => new Int32Array(new SharedArrayBuffer(4));
      worker.postMessage({ id: 1, data: abc, uint32: false, claim: claim() });
      worker.postMessage({ id: 2, data: labels, uint32: true, claim: claim() });
      await done;
      expect(replies, build).toEqual([{ id: 1, hex: "a9993e364706816aba3e25717850c26c9cd0d89d" }, { id: 2, hex: asUint32 }]);
      await worker.terminate();
    }
  }, 30_000);
});

describe("under Node's permission model without --allow-worker", () => {
  const flag = process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
  const permitted = (...args: string[]) =>
    spawnSync(process.execPath, [flag, "--allow-fs-read=*", "--allow-fs-write=*", join(ROOT, "bin", "radiomics.cjs"), ...args], { cwd: ROOT, encoding: "utf8" });
  const dir = mkdtempSync(join(tmpdir(), "radiomics-permission-"));
  const filtered = join(dir, "params.yaml");
  writeFileSync(filtered, "setting: {binWidth: 25, label: 1}\nimageType: {Original: {}, Wavelet: {}}\n");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs in one thread by default, filters included (no family workers)", () => {
    // The CT phantom's ROI is large enough for its maps to go to workers where there are any.
    const r = permitted("extract", ...ct, "--params", filtered, "--format", "json");
    expect(r.status, r.stderr).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout)[0]).some((k) => k.startsWith("wavelet-LLH_"))).toBe(true);
  });

  it("refuses workers asked for, with the flag that allows them", () => {
    const r = permitted("extract", ...ct, "--params", filtered, "--workers", "2");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^radiomics: error \[UNSUPPORTED_SETTING\]: worker threads are not allowed here .*--allow-worker.*--workers 1/m);
  });
});

describe("radiomics extract", () => {
  it("emits long-CSV rows whose IBSI keys match the reference table (CT phantom, config A)", () => {
    const r = radiomics("extract", ...ct, "--params", "examples/ibsi/ct-config-A.yaml", "--format", "long-csv");
    expect(r.code, r.stderr).toBe(0);
    const rows = csvRecords(r.stdout);
    const keys = new Set(ibsiReferences().filter((x) => x.config === "A").map((x) => `${x.tag}|${x.aggregationCode}`));
    const tagged = rows.filter((x) => x["ibsi_tag"] !== "");
    expect(tagged.length).toBe(351);
    const unmatched = tagged.filter((x) => !keys.has(`${x["ibsi_tag"]}|${x["ibsi_aggregation"]}`)).map((x) => x["ibsi_tag"]);
    expect(unmatched.sort()).toEqual(["ivh.auc", "morph.a.dens.mvee", "morph.a.dens.ombb", "morph.v.dens.mvee", "morph.v.dens.ombb"]);
    expect(rows[0]!["case_id"]).toBe("image");
  });

  it("emits every texture reference key of the digital phantom (all aggregation methods) in long CSV", () => {
    const digital = [fixture("ibsi1", "digital_phantom", "image.nii.gz"), fixture("ibsi1", "digital_phantom", "mask.nii.gz")];
    const r = radiomics("extract", ...digital, "--params", "examples/ibsi/phantom-digital.yaml", "--format", "long-csv");
    expect(r.code, r.stderr).toBe(0);
    const emitted = new Set(csvRecords(r.stdout).map((x) => `${x["ibsi_tag"]}|${x["ibsi_aggregation"]}`));
    const texture = ibsiReferences().filter((x) => x.config === "digital" && ["glcm", "glrlm", "glszm", "gldzm", "ngtdm", "ngldm"].includes(x.family));
    expect(texture).toHaveLength(408);
    expect(texture.filter((x) => !emitted.has(`${x.tag}|${x.aggregationCode}`)).map((x) => x.tag)).toEqual([]);
  });

  it("writes wide CSV to a file atomically, with PyRadiomics-style names", () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-cli-"));
    const out = join(dir, "features.csv");
    const r = radiomics("extract", "examples/data/brain1_image.nrrd", "examples/data/brain1_label.nrrd", "--profile", "pyradiomics", "--out", out, "--case-id", "brain1");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(readdirSync(dir)).toEqual(["features.csv"]);
    const [record] = csvRecords(readFileSync(out, "utf8"));
    expect(record!["case_id"]).toBe("brain1");
    expect(Number(record!["original_firstorder_Mean"])).toBeCloseTo(825.2354363065023, 9);
    // PyRadiomics' hashes (its baseline for brain1), here computed by the command's helper thread.
    expect(record!["diagnostics_Image-original_Hash"]).toBe("5c9ce3ca174f0f8324aa4d277e0fef82dc5ac566");
    expect(record!["diagnostics_Mask-original_Hash"]).toBe("9dc2c3137b31fd872997d92c9a92d5178126d9d3");
  });

  it("accepts --setting overrides and --label", () => {
    const r = radiomics("extract", ...ct, "--setting", "binWidth:25", "-s", "resegmentRange:-500,400", "--label", "1", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    const [record] = JSON.parse(r.stdout);
    expect(record.original_statistics_Minimum).toBe(-500);
  });

  it("prints one clear line and exits 1 on bad input", () => {
    const missingLabel = radiomics("extract", ...ct, "--label", "7", "-s", "binWidth:25");
    expect(missingLabel.code).toBe(1);
    expect(missingLabel.stderr.trim()).toBe("radiomics: error [LABEL_NOT_FOUND]: label 7 is not in the mask; labels present: 1. Choose one with --label or the label setting");
    const noFile = radiomics("extract", "nope.nii", ct[1]!);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/^radiomics: error \[IO_ERROR\]: cannot read image "nope.nii": no such file\n$/);
    const dir = mkdtempSync(join(tmpdir(), "radiomics-cli-"));
    writeFileSync(join(dir, "bad.yaml"), "setting:\n  binWidth: -5\n");
    const badParams = radiomics("extract", ...ct, "--params", join(dir, "bad.yaml"));
    expect(badParams.code).toBe(1);
    expect(badParams.stderr).toMatch(/"binWidth" = -5 is not valid; expected a number > 0/);
    expect(badParams.stderr).not.toMatch(/at .*\.js/);
  });

  it("shows the stack trace with --debug", () => {
    const r = radiomics("extract", "nope.nii", ct[1]!, "--debug");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/at /);
  });

  it("exits 2 on usage errors", () => {
    expect(radiomics("extract", ct[0]!).code).toBe(2);
    expect(radiomics("extract", ...ct, "--format", "xlsx").code).toBe(2);
  });
});

describe("radiomics features and --help", () => {
  it("prints the feature dictionary as CSV and JSON", () => {
    const csv = csvRecords(radiomics("features").stdout);
    const mean = csv.find((e) => e["column"] === "original_statistics_Mean")!;
    expect(mean).toMatchObject({ family: "statistics", ibsiCode: "Q4LE", ibsiTag: "stat.mean", pyradiomicsName: "original_firstorder_Mean" });
    const json = JSON.parse(radiomics("features", "--format", "json").stdout);
    expect(json).toHaveLength(csv.length);
  });

  it("has help for every command", () => {
    for (const args of [["--help"], ["extract", "--help"], ["features", "--help"]]) {
      const r = radiomics(...args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: radiomics/);
    }
    expect(radiomics("--version").stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });
});

describe("under a virtual-memory limit", () => {
  const cli = join(ROOT, "bin", "radiomics.cjs");
  const brain = [fixture("pyradiomics", "brain1_image.nrrd"), fixture("pyradiomics", "brain1_label.nrrd")];
  const dir = mkdtempSync(join(tmpdir(), "radiomics-vmem-"));
  const params = join(dir, "log.yaml");
  writeFileSync(params, "imageType:\n  Original: {}\n  LoG: {sigma: [2.0]}\nfeatureClass:\n  firstorder:\n");
  // SGE's h_vmem and many shared servers set such limits; V8 reserves ~10 GB per WebAssembly memory.
  const limited = (args: string) => spawnSync("bash", ["-c", `ulimit -v 4000000 && "${process.execPath}" "${cli}" ${args}`], { cwd: ROOT, encoding: "utf8" });
  const notes = (stderr: string) => stderr.split("\n").filter((l) => /WebAssembly cannot reserve its memory/.test(l));

  it("extract falls back to the TypeScript kernels (ulimit -v 4 GB, 2 workers, with filters) and says so once", () => {
    const auto = limited(`extract "${brain[0]}" "${brain[1]}" --profile pyradiomics --format json --workers 2 --params "${params}"`);
    expect(auto.status, auto.stderr).toBe(0);
    const row = JSON.parse(auto.stdout)[0];
    expect(row["diagnostics_Configuration_Backend"]).toBe("js");
    expect(row["diagnostics_Configuration_Warnings"]).toMatch(/virtual-memory limit, ulimit -v/);
    // The same values as WebAssembly gives without the limit (the backends are bit-identical).
    const free = spawnSync(process.execPath, [cli, "extract", brain[0]!, brain[1]!, "--profile", "pyradiomics", "--format", "json", "--workers", "1", "--params", params], { cwd: ROOT, encoding: "utf8" });
    const reference = JSON.parse(free.stdout)[0];
    expect(reference["diagnostics_Configuration_Backend"]).toBe("wasm-simd");
    for (const column of Object.keys(reference).filter((c) => /_firstorder_/.test(c))) expect(row[column], column).toBe(reference[column]);
    expect(notes(auto.stderr)).toHaveLength(1);
    const explicit = limited(`extract "${brain[0]}" "${brain[1]}" --workers 1 --backend wasm --params "${params}"`);
    expect(explicit.status).toBe(1);
    expect(explicit.stderr).toMatch(/cannot reserve its memory: a virtual-memory limit \(ulimit -v\) below about 10 GB stops it\); use --backend auto or js/);
  }, 60_000);

  it("a batch computes every case and says so once", () => {
    const manifest = join(dir, "cases.csv");
    writeFileSync(manifest, `case_id,Image,Mask\na,${brain[0]},${brain[1]}\nb,${brain[0]},${brain[1]}\n`);
    const run = limited(`batch "${manifest}" --out "${join(dir, "out.csv")}" --params "${params}" --profile pyradiomics --workers 2`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/2 computed, 0 already done, 0 failed/);
    expect(notes(run.stderr)).toHaveLength(1);
  }, 60_000);

  it("starts only the workers the limit has room for, and says so (a thread refused its addresses ends the process)", () => {
    const manifest = join(dir, "tight.csv");
    writeFileSync(manifest, `case_id,Image,Mask
a,${brain[0]},${brain[1]}
b,${brain[0]},${brain[1]}
c,${brain[0]},${brain[1]}
`);
    // Node takes about 0.9 GB of addresses to run the command, a worker thread 0.6 GB more.
    const tight = (args: string) => spawnSync("bash", ["-c", `ulimit -v 1500000 && "${process.execPath}" "${cli}" ${args}`], { cwd: ROOT, encoding: "utf8" });
    const run = tight(`batch "${manifest}" --out "${join(dir, "tight-out.csv")}" --params "${params}" --profile pyradiomics --workers 2`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/3 computed, 0 already done, 0 failed/);
    expect(run.stderr).toMatch(/note: 2 workers wanted, 1 run: the address-space limit \(ulimit -v, 1\.4 GB, [\d.]+ GB of it in use\) has no room for more/);
    const extracted = tight(`extract "${brain[0]}" "${brain[1]}" --profile pyradiomics --format json --workers 2 --params "${params}"`);
    expect(extracted.status, extracted.stderr).toBe(0);
    expect(JSON.parse(extracted.stdout)[0]["diagnostics_Configuration_Backend"]).toBe("js");
    expect(extracted.stderr).toMatch(/note: 2 workers wanted, 1 run/);
  }, 60_000);
});

describe("worker threads under an address-space limit (parallel/room.ts)", () => {
  const GB = 2 ** 30;
  it("all where there is no limit; else those that fit beside this thread's 0.5 GB, 0.75 GB each, with a note when fewer", () => {
    expect(workerThreadsThatFit(3, false, null)).toEqual({ threads: 3, note: null });
    expect(workerThreadsThatFit(2, false, { limit: 4 * GB, used: GB })).toEqual({ threads: 2, note: null });
    // (4 − 1 − 0.5) / 0.75 = 3.3: three of seven.
    const some = workerThreadsThatFit(7, false, { limit: 4 * GB, used: GB });
    expect(some.threads).toBe(3);
    expect(some.note).toMatch(/^8 workers wanted, 4 run: the address-space limit \(ulimit -v, 4\.0 GB, 1\.0 GB of it in use\).*set workers to 4/);
    expect(workerThreadsThatFit(1, false, { limit: 1.5 * GB, used: 1.2 * GB })).toMatchObject({ threads: 0 });
    expect(workerThreadsThatFit(0, false, { limit: GB, used: GB })).toEqual({ threads: 0, note: null });
  });

  it("counts a worker's WebAssembly memory (10 GB of addresses) where the kernels are WebAssembly", () => {
    // This thread's memory is in use already (wasmSupport's probe): (24 − 11 − 0.5) / 10.75 = 1.2.
    expect(workerThreadsThatFit(3, true, { limit: 24 * GB, used: 11 * GB }).threads).toBe(1);
    expect(workerThreadsThatFit(3, false, { limit: 24 * GB, used: 11 * GB }).threads).toBe(3);
    const none = workerThreadsThatFit(1, true, { limit: 12.5 * GB, used: 11 * GB });
    expect(none.threads).toBe(0);
    expect(none.note).toMatch(/^2 workers wanted, 1 run: .*10 GB for its WebAssembly kernels/);
    expect(workerThreadsThatFit(2, true, null)).toEqual({ threads: 2, note: null });
  });

  it("keeps WebAssembly on one thread where a second one's memory does not fit: a filtered case, by the command and the library", () => {
    // 12.4 GB: room for this thread's memory (10 GB) and more, not for a worker's besides.
    // The worker used to start anyway, and one of the two threads ran the TypeScript
    // kernels (this case 1.08 against 0.57 s; the uncompressed phantom with LoG and Wavelet
    // at 11.4 GB, 3.8 against 0.8 s), or the process ended (V8's CodeRange OOM, a library
    // extraction of that phantom).
    const dir = mkdtempSync(join(tmpdir(), "radiomics-wasm-room-"));
    const params = join(dir, "filters.yaml");
    writeFileSync(params, "setting: {profile: pyradiomics, binWidth: 25, label: 1}\nimageType: {Original: {}, LoG: {sigma: [1.0, 2.0]}}\n");
    const limited = (command: string) => spawnSync("bash", ["-c", `ulimit -v 13000000 && ${command}`], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    const cli = limited(`"${process.execPath}" bin/radiomics.cjs extract "${ct[0]}" "${ct[1]}" --params "${params}" --workers 2 --format json`);
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)[0]["diagnostics_Configuration_Backend"]).toBe("wasm-simd");
    expect(cli.stderr).toMatch(/note: 2 workers wanted, 1 run: .*10 GB for its WebAssembly kernels/);
    expect(cli.stderr).not.toMatch(/TypeScript kernels ran/);
    const script = join(dir, "library.mjs");
    writeFileSync(script, `const { extractFiles, readParamsFile } = await import(${JSON.stringify(join(ROOT, "dist", "esm", "node.js"))});
      const row = await extractFiles(${JSON.stringify(ct[0])}, ${JSON.stringify(ct[1])}, await readParamsFile(${JSON.stringify(params)}), { workers: 2 });
      console.log(row.diagnostics.diagnostics_Configuration_Backend, row.warnings.some((w) => /2 workers wanted, 1 run/.test(w)));`);
    const library = limited(`"${process.execPath}" "${script}"`);
    expect(library.status, library.stderr).toBe(0);
    expect(library.stdout.trim()).toBe("wasm-simd true");
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
