// The engine benchmark (`npm run bench`, after `npm run build`; run with --no-liftoff, as
// the CLI runs, see docs/decisions.md): the voxel kernels and whole
// extractions on each backend (TypeScript twins, WebAssembly, WebAssembly + SIMD), worker
// counts, and `radiomics extract` / `radiomics batch` runs from uncompressed files (one
// batch from the gzipped files too), on
// brain1, the IBSI CT phantom and generated int16 volumes with an ellipsoid ROI of about
// 2.5 M voxels (384 × 384 × 160) and of 22.7 M (512 × 512 × 400, one batch run for its
// time and memory), and a clinical-size CT (512 × 512 × 120, a 70 k-voxel tumour; one
// `radiomics extract` from raw and from gzipped files), made here, not stored.
// Prints a table (median ms, ROI Mvox/s, ratio to the TypeScript backend, peak RSS of
// command-line runs) and writes bench/results/bench-<date>.json. Not a test: machines are
// shared and noisy, so compare ratios measured within one run.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  boundingBox, crop, extract, kernelsFor, readDicomSeries, readRtstruct, readVolumeFile, resolveConfig, selectLabel, VERSION,
} from "../dist/esm/node.js";
import { roiInput } from "../dist/esm/extract.js";
import { pyradiomicsAngles, chebyshevNeighbourhood } from "../dist/esm/texture/directions.js";
import { textureVolume, slab } from "../dist/esm/texture/volume.js";
import { pyradiomicsBinEdges } from "../dist/esm/preprocess/discretise.js";
import { ibsiGrid, resample } from "../dist/esm/preprocess/resample.js";
import { waveletFilters } from "../dist/esm/filters/wavelet-banks.js";
import { recursiveGaussian } from "../dist/esm/filters/recursive-gaussian.js";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin/radiomics.cjs");
const BACKENDS = ["js", "wasm", "wasm-simd"];
const dir = mkdtempSync(join(tmpdir(), "radiomics-bench-"));
// PyRadiomics 3 measured on this machine kind, in-process, 107 default features, file reading included (issue 7).
const PYRADIOMICS_MS = { "ibsi-ct-phantom": 1160, "ellipsoid-2.5M": 25800 };
// The same as one `pyradiomics` process (interpreter start and imports included; issue 14).
const PYRADIOMICS_PROCESS_MS = { "ibsi-ct-phantom": 1960 };
// The same with Original + LoG (σ 1, 2, 3 mm) + Wavelet, 1,130 features on the CT phantom (issue 12).
const PYRADIOMICS_FILTERS_MS = { "ibsi-ct-phantom": 6990 };

/** Median wall time in ms of `fn` over `repeats` runs, after one warm-up. */
async function time(fn, repeats = 3) {
  await fn();
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)];
}

/** Writes a raw NRRD (uncompressed, attached data). */
function writeRawNrrd(file, type, size, data) {
  const header = [
    "NRRD0004", `type: ${type}`, "dimension: 3", "space: left-posterior-superior", `sizes: ${size.join(" ")}`,
    "space directions: (1,0,0) (0,1,0) (0,0,1)", "kinds: domain domain domain", "endian: little", "encoding: raw", "space origin: (0,0,0)", "", "",
  ].join("\n");
  writeFileSync(file, Buffer.concat([Buffer.from(header), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

/** An int16 image and uint8 mask of `size`, each voxel's value and whether it is in the ROI given by `voxel(x, y, z)`. */
function generatedCase(size, voxel) {
  const mask = new Uint8Array(size[0] * size[1] * size[2]);
  const image = new Int16Array(mask.length);
  for (let z = 0, n = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) {
      for (let x = 0; x < size[0]; x++, n++) {
        const [value, inside] = voxel(x, y, z);
        image[n] = value;
        if (inside) mask[n] = 1;
      }
    }
  }
  return { image, mask };
}

/** The generated big case: 384 × 384 × 160 int16, values 0…199, an ellipsoid ROI (semi-axes 110, 90, 60 voxels). */
function writeBigCase() {
  const size = [384, 384, 160];
  const { image, mask } = generatedCase(size, (x, y, z) => [
    (x * 7 + y * 13 + z * 29) % 200,
    ((x - 192) / 110) ** 2 + ((y - 192) / 90) ** 2 + ((z - 80) / 60) ** 2 <= 1,
  ]);
  writeRawNrrd(join(dir, "big_image.nrrd"), "int16", size, image);
  writeRawNrrd(join(dir, "big_mask.nrrd"), "uint8", size, mask);
  return { image: join(dir, "big_image.nrrd"), mask: join(dir, "big_mask.nrrd") };
}

/**
 * A clinical-size CT: 512 × 512 × 120 int16 (0.7 × 0.7 × 2.5 mm), a body of soft tissue in
 * air and a 70 k-voxel tumour; as raw NRRD and as NRRD of gzip encoding. The common case of
 * a cohort (a large image, a small ROI), which reads its files as the ROI's window.
 */
function writeClinicalCase() {
  const size = [512, 512, 120];
  const { image, mask } = generatedCase(size, (x, y, z) => {
    const body = ((x - 256) / 230) ** 2 + ((y - 256) / 180) ** 2 <= 1;
    const tumour = ((x - 300) / 40) ** 2 + ((y - 220) / 35) ** 2 + ((z - 60) / 12) ** 2 <= 1;
    const tissue = body ? Math.round(40 + 30 * Math.sin(x / 9) * Math.cos(y / 7) + ((x * 31 + y * 17 + z * 7) % 20)) : -1000;
    return [tumour ? tissue + 60 : tissue, tumour];
  });
  const geometry = "space directions: (0.7,0,0) (0,0.7,0) (0,0,2.5)";
  const files = {};
  for (const encoding of ["raw", "gzip"]) {
    for (const [name, type, data] of [["image", "int16", image], ["mask", "uint8", mask]]) {
      const header = ["NRRD0004", `type: ${type}`, "dimension: 3", `sizes: ${size.join(" ")}`, geometry, "endian: little", `encoding: ${encoding}`, "", ""].join("\n");
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      files[`${name}-${encoding}`] = join(dir, `clinical_${name}_${encoding}.nrrd`);
      writeFileSync(files[`${name}-${encoding}`], Buffer.concat([Buffer.from(header), encoding === "gzip" ? gzipSync(bytes) : bytes]));
    }
  }
  return files;
}

// glibc's transparent huge pages for large allocations (Linux with glibc; elsewhere nothing changes).
const HUGE_PAGES = { ...process.env, GLIBC_TUNABLES: "glibc.malloc.hugetlb=1" };
const unzipTo = (from, to) => (writeFileSync(to, gunzipSync(readFileSync(from))), to);
const ct = join(root, "test/fixtures/ibsi1/ct_phantom");
const big = writeBigCase();
const cases = [
  { name: "brain1", image: join(root, "examples/data/brain1_image.nrrd"), mask: join(root, "examples/data/brain1_label.nrrd") },
  { name: "ibsi-ct-phantom", image: unzipTo(join(ct, "image.nii.gz"), join(dir, "ct_image.nii")), mask: unzipTo(join(ct, "mask.nii.gz"), join(dir, "ct_mask.nii")) },
  { name: "ellipsoid-2.5M", ...big },
];
const pyradiomics = { setting: { profile: "pyradiomics" } };

/**
 * What the first touch of a new page of memory costs on this host, in µs: a new process
 * touches 64 MB it has just allocated, a byte each 4 kB (the median of 3). Cold figures
 * (a new process, a batch's first case) are mostly such touches; measured from 0.2 µs on
 * bare metal to 2–15 µs on the virtual machines these figures come from, so the figure is
 * taken at the start and at the end of the run.
 */
function pageTouchMicroseconds() {
  const script = "const a = new Uint8Array(64 << 20); const t = process.hrtime.bigint(); for (let i = 0; i < a.length; i += 4096) a[i] = 1; process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e3 / (a.length / 4096)));";
  const runs = [0, 1, 2].map(() => Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }))).sort((a, b) => a - b);
  return runs[1];
}
const pageTouch = { start: pageTouchMicroseconds(), end: NaN };

const results = [];
const record = (r) => {
  results.push(r);
  const ratio = r.ratioToJs === undefined ? "" : `${r.ratioToJs.toFixed(2)}×`;
  process.stderr.write(`${r.case}  ${r.workload}  ${r.backend}  w${r.workers}  ${r.ms.toFixed(1)} ms ${ratio}\n`);
};

/** The command with `args` run 7 times under each environment of `envs` in turn (this machine's speed drifts): each environment's median, in ms. */
function inTurn(args, envs) {
  const runs = envs.map(() => []);
  for (let i = 0; i < 7; i++) {
    envs.forEach((env, k) => {
      const started = performance.now();
      execFileSync(process.execPath, [bin, ...args], { stdio: "ignore", env });
      runs[k].push(performance.now() - started);
    });
  }
  return runs.map((r) => r.sort((a, b) => a - b)[3]);
}

// What one command costs: `radiomics extract` of the CT phantom in a new process (node's
// start, the library's load, a cold extraction and the output), the median of 7 runs.
// First in the run, while this process is small (a large parent makes every spawn slower).
{
  const c = cases[1];
  const args = ["extract", c.image, c.mask, "--profile", "pyradiomics", "--format", "json", "--out", join(dir, "one.json")];
  // Timed as users run it (no preload), in turn with glibc's huge-page tunable (README,
  // Speed; pairs, as this machine's speed drifts); the peak RSS from one more run with cli()'s.
  const [median, hugeMedian] = inTurn(args, [process.env, HUGE_PAGES]);
  record({ case: c.name, workload: "radiomics extract, one process (median of 7)", backend: "wasm-simd", workers: 1, ms: median, rssMb: cli(args).rssMb, versusPyRadiomics: PYRADIOMICS_PROCESS_MS[c.name] / median });
  record({ case: c.name, workload: `radiomics extract, one process, ${HUGE_PAGES.GLIBC_TUNABLES} (median of 7)`, backend: "wasm-simd", workers: 1, ms: hugeMedian, versusPyRadiomics: PYRADIOMICS_PROCESS_MS[c.name] / hugeMedian });
  // Node 20 reads and parses the certificates NODE_EXTRA_CA_CERTS names as every process
  // starts (nodejs/node#40524), before any of the command's code: some 35 ms on this kind of
  // host for a system bundle. Where the environment sets it, the command is timed without it
  // too, in turn with it (README, Speed).
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const withoutCa = { ...process.env };
    delete withoutCa.NODE_EXTRA_CA_CERTS;
    const [withCa, without] = inTurn(args, [process.env, withoutCa]);
    record({ case: c.name, workload: `radiomics extract, one process, NODE_EXTRA_CA_CERTS unset (median of 7; set: ${withCa.toFixed(0)} ms)`, backend: "wasm-simd", workers: 1, ms: without, versusPyRadiomics: PYRADIOMICS_PROCESS_MS[c.name] / without });
  }
}

// A clinical-size CT (see writeClinicalCase) in one `radiomics extract` process, raw and
// gzipped: what a cohort's typical case costs, reading included (median of 5).
{
  const files = writeClinicalCase();
  for (const encoding of ["raw", "gzip"]) {
    const args = ["extract", files[`image-${encoding}`], files[`mask-${encoding}`], "--profile", "pyradiomics", "--format", "json", "--out", join(dir, "clinical.json")];
    const runs = Array.from({ length: 5 }, () => cli(args)).sort((a, b) => a.ms - b.ms);
    record({ case: `ct-512x512x120-${encoding}`, workload: "radiomics extract, one process (median of 5)", backend: "wasm-simd", workers: 1, ms: runs[2].ms, rssMb: runs[2].rssMb });
  }
  // With LoG σ 1, 2, 3 mm, whose passes cover the tumour's box ± their reach, not the image (docs/decisions.md, Filters).
  const logParams = join(dir, "clinical-log.yaml");
  writeFileSync(logParams, "setting: {profile: pyradiomics, binWidth: 25, label: 1}\nimageType: {Original: {}, LoG: {sigma: [1.0, 2.0, 3.0]}}\n");
  const logRuns = Array.from({ length: 3 }, () => cli(["extract", files["image-raw"], files["mask-raw"], "--params", logParams, "--format", "json", "--out", join(dir, "clinical-log.json")])).sort((a, b) => a.ms - b.ms);
  record({ case: "ct-512x512x120-raw", workload: "radiomics extract, one process, Original + LoG σ 1/2/3 (median of 3)", backend: "wasm-simd", workers: 1, ms: logRuns[1].ms, rssMb: logRuns[1].rssMb });
  // Resampled to 1 mm by B-spline, as most CT params files ask: PyRadiomics' grid covers the tumour's box, and only what its interpolators read is resampled (docs/decisions.md, Resampling).
  const resampledParams = join(dir, "clinical-resampled.yaml");
  writeFileSync(resampledParams, "setting: {profile: pyradiomics, binWidth: 25, label: 1, resampledPixelSpacing: [1, 1, 1], interpolator: sitkBSpline}\nimageType: {Original: {}}\n");
  const resampledRuns = Array.from({ length: 3 }, () => cli(["extract", files["image-raw"], files["mask-raw"], "--params", resampledParams, "--format", "json", "--out", join(dir, "clinical-resampled.json")])).sort((a, b) => a.ms - b.ms);
  record({ case: "ct-512x512x120-raw", workload: "radiomics extract, one process, resampled to 1 mm (B-spline) (median of 3)", backend: "wasm-simd", workers: 1, ms: resampledRuns[1].ms, rssMb: resampledRuns[1].rssMb });
  // The IBSI profile's grid covers the whole image (359 × 359 × 300 at 1 mm): the extraction keeps its ROI's window, the whole grid's diagnostics taken as its slabs pass (docs/decisions.md, Resampling).
  const ibsiParams = join(dir, "clinical-ibsi.yaml");
  writeFileSync(ibsiParams, "setting: {profile: ibsi, binWidth: 25, label: 1, resampledPixelSpacing: [1, 1, 1], interpolator: sitkBSpline}\nimageType: {Original: {}}\n");
  const ibsiRuns = Array.from({ length: 3 }, () => cli(["extract", files["image-raw"], files["mask-raw"], "--params", ibsiParams, "--format", "json", "--out", join(dir, "clinical-ibsi.json")])).sort((a, b) => a.ms - b.ms);
  record({ case: "ct-512x512x120-raw", workload: "radiomics extract, one process, IBSI profile resampled to 1 mm (B-spline) (median of 3)", backend: "wasm-simd", workers: 1, ms: ibsiRuns[1].ms, rssMb: ibsiRuns[1].rssMb });
  for (const file of Object.values(files)) rmSync(file);
}

// A fresh process's first extraction against its warm ones (runs 5–12): the JIT's share.
{
  const c = cases[1];
  const script = [
    // The package's entry for Node, as a user's script imports it (the bundle).
    `const { extract, readVolumeFile } = await import(${JSON.stringify(import.meta.resolve("radiomics/node"))});`,
    `const [image, mask] = await Promise.all([readVolumeFile(${JSON.stringify(c.image)}), readVolumeFile(${JSON.stringify(c.mask)})]);`,
    `const times = [];`,
    `for (let i = 0; i < 12; i++) { const t = performance.now(); await extract(image, mask, { setting: { profile: "pyradiomics" } }); times.push(performance.now() - t); }`,
    `console.log(JSON.stringify(times));`,
  ].join("\n");
  // The median of five processes; with the kernels' code cache (src/kernels/code-cache.ts)
  // and, in turn, with it turned off (every kernel compiled at its first call). An untimed
  // process first writes the cache for these options (the build writes the command's and
  // Node's defaults; this script's options name their own).
  const runs = (env) => JSON.parse(execFileSync(process.execPath, ["--no-liftoff", "--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, ...env } }));
  runs({});
  const pairs = [0, 1, 2, 3, 4].map(() => [runs({}), runs({ RADIOMICS_KERNEL_CACHE: "0" })]);
  const median = (processes) => processes.map((times) => {
    const warm = times.slice(4).sort((a, b) => a - b);
    return { first: times[0], warm: (warm[3] + warm[4]) / 2 };
  }).sort((a, b) => a.first - b.first)[2];
  const firstAndWarm = median(pairs.map((pair) => pair[0])), compiling = median(pairs.map((pair) => pair[1]));
  const base = { case: c.name, backend: "wasm-simd", workers: 1 };
  record({ ...base, workload: "extract in a fresh process: the first", ms: firstAndWarm.first });
  record({ ...base, workload: `extract in a fresh process: warm (runs 5–12), first ${(firstAndWarm.first / firstAndWarm.warm).toFixed(2)}× it`, ms: firstAndWarm.warm });
  record({ ...base, workload: "extract in a fresh process: the first, the kernels compiled (RADIOMICS_KERNEL_CACHE=0)", ms: compiling.first });
}

// The library as a user's script takes it: a new process that imports `radiomics/node`
// (the package's entry for Node: bundles, scripts/build.mjs) as an ES module and as
// CommonJS, then extracts the CT phantom from its files; the import's time measured in the
// process, the whole process by its wall time (median of 7, the two kinds in turn).
{
  const c = cases[1];
  const require = createRequire(import.meta.url);
  const entry = { esm: import.meta.resolve("radiomics/node"), cjs: require.resolve("radiomics/node") };
  const body = (load) => [
    `const t = performance.now();`,
    `const { extractFiles } = ${load};`,
    `const imported = performance.now() - t;`,
    `extractFiles(${JSON.stringify(c.image)}, ${JSON.stringify(c.mask)}, { setting: { profile: "pyradiomics" } }).then(() => process.stdout.write(String(imported)));`,
  ].join("\n");
  const scripts = { esm: join(dir, "library.mjs"), cjs: join(dir, "library.cjs") };
  writeFileSync(scripts.esm, body(`await import(${JSON.stringify(entry.esm)})`));
  writeFileSync(scripts.cjs, body(`require(${JSON.stringify(entry.cjs)})`));
  const runs = { esm: [], cjs: [] };
  for (let i = 0; i < 7; i++) {
    for (const kind of i % 2 ? ["cjs", "esm"] : ["esm", "cjs"]) {
      const started = performance.now();
      const imported = Number(execFileSync(process.execPath, [scripts[kind]], { encoding: "utf8" }));
      runs[kind].push({ ms: performance.now() - started, imported });
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[3];
  for (const [kind, name] of [["esm", "ES module"], ["cjs", "CommonJS"]]) {
    const base = { case: c.name, backend: "wasm-simd", workers: 1 };
    const ms = median(runs[kind].map((r) => r.ms));
    record({ ...base, workload: `library: import radiomics/node as ${name} (median of 7)`, ms: median(runs[kind].map((r) => r.imported)) });
    record({ ...base, workload: `library: a process importing radiomics/node as ${name} and extracting from files (median of 7)`, ms, versusPyRadiomics: PYRADIOMICS_PROCESS_MS[c.name] / ms });
  }
}

// Every command runs before anything in this process holds volumes: a process spawned from
// a large one starts slower (fork copies the parent's page tables; a 1.5 GB parent made
// spawning /bin/true 51–53 against 2–6 ms, and the 2.5 M-voxel one-case batch 740–840 against
// 570–620 ms), which users, starting commands from a shell or a workflow runner, do not pay.

/** How to run the CLI with `args` so that it writes its peak RSS (kB) to `rssFile` (bench/peak-rss.cjs): node's arguments and environment. */
function measuredCli(args, rssFile, env = process.env) {
  return [["--require", join(root, "bench/peak-rss.cjs"), bin, ...args], { stdio: "ignore", env: { ...env, PEAK_RSS_FILE: rssFile } }];
}

/** The peak RSS in MB that a command measured by {@link measuredCli} wrote. */
function peakMb(rssFile) {
  return Number(readFileSync(rssFile, "utf8")) / 1024;
}

/** Runs the CLI; returns wall ms and the process's peak RSS in MB (workers included: they are threads). */
function cli(args, env = process.env) {
  const rssFile = join(dir, "rss.txt");
  const started = performance.now();
  execFileSync(process.execPath, ...measuredCli(args, rssFile, env));
  const ms = performance.now() - started;
  return { ms, rssMb: peakMb(rssFile) };
}

// Batches from files, reading and writing included: 8 and 24 CT phantoms (uncompressed and, 8 of them, gzipped), and the big case.
const manifest = (name, c, n) => {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, ["case_id,Image,Mask", ...Array.from({ length: n }, (_, i) => `${name}${i},${c.image},${c.mask}`)].join("\n") + "\n");
  return file;
};
// 8 CT phantoms are the fewest that two workers take a case each of (MAPS_PER_WORKER: 4
// maps a worker); 24 show the case-per-worker pool at length.
// The phantom as most cohorts keep their files (.nii.gz): what inflating costs a case.
const gzipped = { name: "ibsi-ct-phantom.nii.gz", image: join(ct, "image.nii.gz"), mask: join(ct, "mask.nii.gz") };
const batches = [
  { c: cases[1], count: 8 },
  { c: cases[1], count: 24 },
  { c: gzipped, count: 8 },
  { c: cases[2], count: 1 },
];

/**
 * Two `radiomics batch` processes at once, shards 0/2 and 1/2 of the batch, one worker
 * each: what this machine gives two independent processes (nothing shared, each starting
 * and warming up on its own), the ceiling a second worker is read against. Wall ms of
 * the pair; peak RSS of the larger.
 */
async function shardPair(args, out) {
  const started = performance.now();
  const peaks = await Promise.all([0, 1].map((i) => new Promise((resolve, reject) => {
    const rssFile = join(dir, `rss-shard-${i}.txt`);
    const child = spawn(process.execPath, ...measuredCli(["batch", ...args, "--out", out, "--workers", "1", "--shard", `${i}/2`], rssFile));
    child.on("exit", (code) => (code === 0 ? resolve(peakMb(rssFile)) : reject(new Error(`shard ${i} of ${out} exited with ${code}`))));
  })));
  return { ms: performance.now() - started, rssMb: Math.max(...peaks) };
}

/**
 * Runs `radiomics batch` in each of the `ways` in turn, `rounds` times each, the order
 * rotated every round (A, B, C, then B, C, A, …): this machine's speed drifts within
 * minutes, and on it a run right after another ran measurably faster or slower than one
 * after a third (two shard processes after one process: 20–40 % apart, docs/decisions.md,
 * Engine), so a fixed order puts that into the ratios. A way is extra arguments and an
 * environment, or (`shards`) {@link shardPair}. Returns the best run (wall ms, peak RSS)
 * of each way, in order.
 */
async function bestInTurn(args, out, rounds, ways) {
  const best = ways.map(() => null);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < ways.length; i++) {
      const k = (i + round) % ways.length;
      const target = `${out}-${k}.csv`;
      rmSync(`${target}.cases`, { recursive: true, force: true });
      const run = ways[k].shards ? await shardPair(args, target) : cli(["batch", ...args, "--out", target, ...ways[k].args], ways[k].env);
      if (!best[k] || run.ms < best[k].ms) best[k] = run;
    }
  }
  return best;
}

/** {@link bestInTurn} with one worker and with two (and, `shards`, two shard processes): the best of each, in that order. */
const bestByWorkers = (args, out, rounds, shards = false) =>
  bestInTurn(args, out, rounds, [...[1, 2].map((w) => ({ args: ["--workers", String(w)], env: process.env })), ...(shards ? [{ shards: true }] : [])]);

for (const { c, count } of batches) {
  const file = manifest(`${c.name}-${count}`, c, count);
  const pyMs = PYRADIOMICS_MS[c.name];
  // The CT phantom's batches also as two shard processes at once: the machine's ceiling for a second worker.
  const shards = c === cases[1];
  const [one, two, pair] = await bestByWorkers([file, "--profile", "pyradiomics"], join(dir, `${c.name}-${count}`), 3, shards);
  [one, two].forEach((best, i) => {
    record({ case: c.name, workload: `radiomics batch, ${count} case(s), per case`, backend: "wasm-simd", workers: i + 1, ms: best.ms / count, rssMb: best.rssMb, casesPerBatch: count, ...(pyMs ? { versusPyRadiomics: pyMs / (best.ms / count) } : {}) });
  });
  if (pair) record({ case: c.name, workload: `two radiomics batch processes at once, ${count} cases between them, one worker each (the machine's ceiling), per case`, backend: "wasm-simd", workers: "2 processes", ms: pair.ms / count, rssMb: pair.rssMb, casesPerBatch: count });
}

// The 2.5 M-voxel case as a batch of one with the default workers, in turn with glibc's
// huge-page tunable: what it saves is the first touch of a process's memory, not a case's.
{
  const [plain, huge] = await bestInTurn([manifest(`${cases[2].name}-huge-pages`, cases[2], 1), "--profile", "pyradiomics"], join(dir, "huge-pages"), 3, [process.env, HUGE_PAGES].map((env) => ({ args: [], env })));
  const base = { case: cases[2].name, backend: "wasm-simd", workers: "default" };
  record({ ...base, workload: "radiomics batch, 1 case, default workers (best of 3, in turn with the next)", ms: plain.ms });
  record({ ...base, workload: `radiomics batch, 1 case, default workers, ${HUGE_PAGES.GLIBC_TUNABLES} (best of 3)`, ms: huge.ms });
}

// Filters: Original + LoG (σ 1, 2, 3 mm) + Wavelet (coif1), PyRadiomics profile, batches of 3.
const filterParams = join(dir, "filters.yaml");
writeFileSync(filterParams, "setting: {profile: pyradiomics, binWidth: 25, label: 1}\nimageType: {Original: {}, LoG: {sigma: [1.0, 2.0, 3.0]}, Wavelet: {}}\n");
// The CT phantom's batches three times each way; the 2.5 M-voxel one's (11–18 s a run) twice.
for (const [c, rounds] of [[cases[1], 3], [cases[2], 2]]) {
  const file = manifest(`${c.name}-filters`, c, 3);
  const pyMs = PYRADIOMICS_FILTERS_MS[c.name];
  (await bestByWorkers([file, "--params", filterParams], join(dir, `${c.name}-filters`), rounds)).forEach((best, i) => {
    record({ case: c.name, workload: "radiomics batch, 3 cases, Original + LoG σ 1/2/3 + Wavelet, per case", backend: "wasm-simd", workers: i + 1, ms: best.ms / 3, rssMb: best.rssMb, casesPerBatch: 3, ...(pyMs ? { versusPyRadiomics: pyMs / (best.ms / 3) } : {}) });
  });
}

// Memory at scale (issue 14): a 512 × 512 × 400 int16 volume with an ellipsoid ROI of 22.7 M
// voxels (semi-axes 230, 200, 118), written a slice at a time (this process stays small), as
// a batch of one with the default workers: wall time and peak RSS.
{
  const size = [512, 512, 400];
  const files = { image: join(dir, "huge_image.nrrd"), mask: join(dir, "huge_mask.nrrd") };
  const header = (type) => Buffer.from(["NRRD0004", `type: ${type}`, "dimension: 3", `sizes: ${size.join(" ")}`, "spacings: 1 1 1", "encoding: raw", "endian: little", "", ""].join("\n"));
  const [image, mask] = [openSync(files.image, "w"), openSync(files.mask, "w")];
  writeSync(image, header("int16"));
  writeSync(mask, header("uint8"));
  const plane = size[0] * size[1];
  const values = new Int16Array(plane), inside = new Uint8Array(plane);
  for (let z = 0; z < size[2]; z++) {
    for (let y = 0, n = 0; y < size[1]; y++) {
      for (let x = 0; x < size[0]; x++, n++) {
        values[n] = (x * 7 + y * 13 + z * 29) % 200;
        inside[n] = ((x - 256) / 230) ** 2 + ((y - 256) / 200) ** 2 + ((z - 200) / 118) ** 2 <= 1 ? 1 : 0;
      }
    }
    writeSync(image, values);
    writeSync(mask, inside);
  }
  closeSync(image);
  closeSync(mask);
  const c = { name: "ellipsoid-22.7M", ...files };
  const run = cli(["batch", manifest(c.name, c, 1), "--profile", "pyradiomics", "--out", join(dir, "huge.csv")]);
  record({ case: c.name, workload: "radiomics batch, 1 case(s), per case", backend: "wasm-simd", workers: "default", ms: run.ms, rssMb: run.rssMb, casesPerBatch: 1 });
  rmSync(files.image);
  rmSync(files.mask);
}


// In this process, after the commands (see above): kernels and extractions on each backend.
for (const c of cases) {
  const [image, mask] = await Promise.all([readVolumeFile(c.image), readVolumeFile(c.mask)]);
  const roi = selectLabel(mask, 1);
  let roiVoxels = 0;
  for (const v of roi.data) roiVoxels += v;
  const base = { case: c.name, roiVoxels, imageVoxels: image.data.length };

  // Kernels alone, on the ROI's texture volume (PyRadiomics profile, bin width 25).
  const { settings } = resolveConfig(pyradiomics);
  const input = roiInput(image, roi, roi, settings, null);
  const volume = textureVolume(input);
  const whole = slab(volume);
  const angles = pyradiomicsAngles(volume.size, [1], false, false);
  const neighbours = chebyshevNeighbourhood(false);
  const [low, high] = input.values.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity]);
  const edges = pyradiomicsBinEdges(low, high, { binWidth: 25 });
  const shapeMask = crop(roi, boundingBox(roi));
  const roiBox = crop(image, boundingBox(roi), 5);
  const wholeImage = Float64Array.from(image.data);
  const coif1 = waveletFilters("coif1");
  const along = (order) => image.spacing.map((s) => recursiveGaussian(2, s, order, true));
  const roiBounds = boundingBox(roi);
  const laplacianRegion = { lower: roiBounds.lower.map((l) => Math.max(0, l - 5)), upper: roiBounds.upper.map((u, a) => Math.min(image.size[a] - 1, u + 5)) };
  const kernelRuns = {
    "GLCM counts (13 directions)": (k) => k.cooccurrenceCounts(whole, volume.ng, angles),
    "GLRLM runs (13 directions)": (k) => k.runLengthCounts(whole, volume.ng, angles),
    "GLSZM zones (26-connected)": (k) => k.zoneScan(whole, neighbours),
    "GLDM dependence (26 neighbours)": (k) => k.dependenceCounts(whole, volume.ng, neighbours, 0),
    "NGTDM differences (26 neighbours)": (k) => k.neighbourhoodDifferences(whole, volume.ng, neighbours),
    "marching cubes (mesh volume, area, vertices)": (k) => k.marchingCubes(shapeMask.data, shapeMask.size, shapeMask.spacing),
    "first-order summary of ROI values (order statistics, moments, deviations)": (k) => k.summariseValues(input.values, 0),
    "discretisation (digitize)": (k) => k.digitize(input.values, edges),
    "resampling of the ROI box to 2 mm (B-spline)": (k) => resample(roiBox, ibsiGrid(roiBox, [2, 2, 2]), "bspline", "nearest", k),
    "filter pass: coif1 convolution along z, whole image": (k) => k.convolveAxis(wholeImage, image.size, 2, coif1.lo, 3, 1, "periodic"),
    "filter: recursive LoG σ 2 mm (7 passes), ROI box + 5": (k) => k.recursiveLaplacian(image.data, image.size, laplacianRegion, along(0), along(2), image.spacing.map((s) => 1 / (s * s))),
  };
  for (const [workload, run] of Object.entries(kernelRuns)) {
    const times = {};
    for (const backend of BACKENDS) times[backend] = await time(() => run(kernelsFor(backend)));
    for (const backend of BACKENDS) record({ ...base, workload: `kernel: ${workload}`, backend, workers: 1, ms: times[backend], ratioToJs: times.js / times[backend] });
  }

  // Whole extraction in this process: 107 PyRadiomics default features with diagnostics
  // (the median of 7 runs after a warm-up; of 1 on the big case).
  const extractTimes = {};
  for (const backend of BACKENDS) extractTimes[backend] = await time(() => extract(image, mask, pyradiomics, { backend }), c.name === "ellipsoid-2.5M" ? 1 : 7);
  for (const backend of BACKENDS) {
    record({ ...base, workload: "extract (107 features + diagnostics, in process)", backend, workers: 1, ms: extractTimes[backend], ratioToJs: extractTimes.js / extractTimes[backend] });
  }
  if (roiVoxels >= 200_000) {
    const ms = await time(() => extract(image, mask, pyradiomics, { workers: 2 }), 1);
    record({ ...base, workload: "extract (107 features + diagnostics, in process)", backend: "wasm-simd", workers: 2, ms, ratioToJs: extractTimes.js / ms });
  }
  // The ibsi profile's default families (morphology's hull, ellipsoid and box, local intensity): 18 s on the big case once.
  const ibsi = { setting: { profile: "ibsi", binWidth: 25 } };
  record({ ...base, workload: "extract, ibsi profile's families (binWidth 25, in process)", backend: "wasm-simd", workers: 1, ms: await time(() => extract(image, mask, ibsi), c.name === "ellipsoid-2.5M" ? 1 : 3) });
}

// DICOM input (from bytes in memory): the CT phantom's 60-slice series and its RTSTRUCT.
{
  const unzip = (path) => new Uint8Array(gunzipSync(readFileSync(path)));
  const names = execFileSync("ls", [join(ct, "dicom/image")], { encoding: "utf8" }).trim().split("\n");
  const slices = names.map((f) => ({ name: f, bytes: unzip(join(ct, "dicom/image", f)) }));
  const rtstruct = { name: "rs.dcm", bytes: unzip(join(ct, "dicom/mask/DCM_RS_00060.dcm.gz")) };
  const series = readDicomSeries(slices);
  const base = { case: "ibsi-ct-phantom", roiVoxels: 0, imageVoxels: series.data.length, backend: "js", workers: 1 };
  record({ ...base, workload: "read DICOM series (60 slices, bytes in memory)", ms: await time(() => readDicomSeries(slices)) });
  record({ ...base, workload: "rasterise RTSTRUCT GTV-1", ms: await time(() => readRtstruct(rtstruct, series, { roi: "GTV-1" })) });
}
const rows = results.map((r) => [
  r.case, r.workload, r.backend, String(r.workers), r.ms.toFixed(1),
  r.roiVoxels ? (r.roiVoxels / r.ms / 1000).toFixed(1) : "",
  r.ratioToJs === undefined ? "" : `${r.ratioToJs.toFixed(2)}×`,
  r.rssMb === undefined ? "" : r.rssMb.toFixed(0),
  r.versusPyRadiomics === undefined ? "" : `${r.versusPyRadiomics.toFixed(1)}×`,
]);
const header = ["case", "workload", "backend", "workers", "ms", "ROI Mvox/s", "vs TS", "peak RSS MB", "vs PyRadiomics"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(header));
for (const r of rows) console.log(line(r));

const perCase = (name, count, w) => results.find((r) => r.case === name && r.casesPerBatch === count && r.workers === w && !r.workload.includes("LoG"));
const ratio = (name, count, w = 2) => perCase(name, count, 1).ms / perCase(name, count, w).ms;
const ceiling = (count) => ratio("ibsi-ct-phantom", count, "2 processes").toFixed(2);
console.log(`\n2 workers vs 1: 8 CT phantoms ${ratio("ibsi-ct-phantom", 8).toFixed(2)}× (gzipped ${ratio(gzipped.name, 8).toFixed(2)}×), 24 CT phantoms ${ratio("ibsi-ct-phantom", 24).toFixed(2)}×, big case ${ratio("ellipsoid-2.5M", 1).toFixed(2)}×`);
console.log(`two shard processes at once vs 1 (the machine's ceiling): 8 CT phantoms ${ceiling(8)}×, 24 CT phantoms ${ceiling(24)}×`);

// The targets of issues 12 and 14, beside what this run measured.
const find = (name, workload, w = 1) => results.find((r) => r.case === name && r.workload.startsWith(workload) && r.workers === w);
const filtered = (name, w) => results.find((r) => r.case === name && r.workload.includes("LoG") && r.workers === w);
const CT = "ibsi-ct-phantom", BIG = "ellipsoid-2.5M", HUGE = "ellipsoid-22.7M";
const first = find(CT, "extract in a fresh process: the first"), warmFresh = find(CT, "extract in a fresh process: warm");
const inProcess = (name, backend, w = 1) => results.find((r) => r.case === name && r.workload.startsWith("extract (107") && r.backend === backend && r.workers === w);
const withoutCa = find(CT, "radiomics extract, one process, NODE_EXTRA_CA_CERTS unset");
const bigWorkers = Math.max(...results.filter((r) => r.case === BIG && r.casesPerBatch === 1).map((r) => r.workers));
const targets = [
  ["one radiomics extract process, CT phantom", `${find(CT, "radiomics extract, one process").ms.toFixed(0)} ms, ${find(CT, "radiomics extract, one process").versusPyRadiomics.toFixed(1)}× PyRadiomics${withoutCa ? ` (NODE_EXTRA_CA_CERTS unset: ${withoutCa.ms.toFixed(0)} ms, ${withoutCa.versusPyRadiomics.toFixed(1)}×)` : ""}`, "≤ 240 ms, ≥ 8×"],
  ["warm in-process CT extraction", `${inProcess(CT, "wasm-simd").ms.toFixed(1)} ms`, "≤ 35 ms"],
  ["first extraction in a fresh process / warm", `${(first.ms / warmFresh.ms).toFixed(2)}× (${(find(CT, "extract in a fresh process: the first, the kernels compiled").ms / warmFresh.ms).toFixed(2)}× without the kernels' code cache)`, "≤ 1.5×"],
  ["a process importing the library (ES module, CommonJS) and extracting the CT phantom", ["ES module", "CommonJS"].map((kind) => `${find(CT, `library: a process importing radiomics/node as ${kind}`).ms.toFixed(0)} ms (import ${find(CT, `library: import radiomics/node as ${kind}`).ms.toFixed(0)} ms)`).join(", "), "(as the command: ≤ 240 ms)"],
  ["batch of 8 CT phantoms vs PyRadiomics", `${perCase(CT, 8, 2).versusPyRadiomics.toFixed(1)}×`, "≥ 25×"],
  ["2.5 M-voxel case, per case (batch of 1)", `${perCase(BIG, 1, bigWorkers).ms.toFixed(0)} ms, ${perCase(BIG, 1, bigWorkers).versusPyRadiomics.toFixed(1)}×, ${perCase(BIG, 1, bigWorkers).rssMb.toFixed(0)} MB`, "≤ 550 ms, ≥ 40×, ≤ 500 MB"],
  ["--backend js vs auto, 2.5 M-voxel case", `${(inProcess(BIG, "js").ms / inProcess(BIG, "wasm-simd").ms).toFixed(2)}×`, "≥ 3×"],
  ["--workers 2 vs 1, batch of 8 CT phantoms", `${ratio(CT, 8).toFixed(2)}× (two shard processes at once: ${ceiling(8)}×; 24 cases ${ratio(CT, 24).toFixed(2)}× and ${ceiling(24)}×)`, "≥ 1.6×"],
  ["default workers vs 1, 2.5 M-voxel case", `${ratio(BIG, 1).toFixed(2)}×`, "≥ 1.3×"],
  ["CT + LoG + Wavelet, batch of 3, vs PyRadiomics", `${filtered(CT, 2).ms.toFixed(0)} ms a case, ${filtered(CT, 2).versusPyRadiomics.toFixed(1)}×, ${filtered(CT, 2).rssMb.toFixed(0)} MB`, "≤ 460 ms (issue 12), ≥ 30× (issue 14), ≤ 800 MB"],
  ["2.5 M-voxel case + LoG + Wavelet, batch of 3", `${filtered(BIG, 2).ms.toFixed(0)} ms a case, ${filtered(BIG, 2).rssMb.toFixed(0)} MB`, "≤ 1.2 GB"],
  ["22.7 M-voxel case, batch of 1", `${(find(HUGE, "radiomics batch", "default").ms / 1000).toFixed(2)} s, ${find(HUGE, "radiomics batch", "default").rssMb.toFixed(0)} MB`, "≤ 8 s, ≤ 1.5 GB"],
  ["the same with GLIBC_TUNABLES=glibc.malloc.hugetlb=1: CT extract process, 2.5 M-voxel batch of one (default workers)", `${find(CT, "radiomics extract, one process, glibc").ms.toFixed(0)} ms, ${find(BIG, "radiomics batch, 1 case, default workers, glibc", "default").ms.toFixed(0)} ms (without: ${find(BIG, "radiomics batch, 1 case, default workers (", "default").ms.toFixed(0)} ms)`, "(a setting of the user's)"],
];
console.log("\nissue targets (measured here · target):");
for (const [what, measured, target] of targets) console.log(`  ${what}: ${measured} · ${target}`);
pageTouch.end = pageTouchMicroseconds();
console.log(`machine: ${availableParallelism()} cores, node ${process.version}, a new page's first touch ${pageTouch.start.toFixed(1)} µs at the start and ${pageTouch.end.toFixed(1)} µs at the end`);

const outDir = join(root, "bench", "results");
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify({ version: VERSION, node: process.version, cores: availableParallelism(), pageTouchMicroseconds: pageTouch, pyradiomicsMs: PYRADIOMICS_MS, results }, null, 2) + "\n");
rmSync(dir, { recursive: true, force: true });
console.log(`wrote ${file}`);
