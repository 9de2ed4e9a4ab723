/**
 * The worker pools, through the built package (workers load dist/): a large ROI's
 * families computed on workers give the row computed in one thread; a pool is reusable;
 * an AbortSignal stops it; a typed error raised in a worker arrives typed.
 */
import { describe, expect, it } from "vitest";
import * as esm from "../dist/esm/index.js";
import { readCaseInputs, runBatch } from "../dist/esm/node.js";
import { streamCaseFor } from "../dist/esm/extract-files.js";
import { gunzipSync } from "node:zlib";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { readFixture, ROOT } from "./helpers/fixtures.js";
import { niftiBytes } from "./helpers/builders.js";
import { readFileSync } from "node:fs";
import { planFeatures, planSelection, type FamilyPlan } from "../dist/esm/features/registry.js";
import { roiInput, typesForWorker, TYPES_ON_WORKER_MAX_VOXELS } from "../dist/esm/extract.js";
import { familyEntries } from "../dist/esm/features/evaluate.js";
import { claimNext, claimOrder } from "../dist/esm/parallel/split.js";
import type { FamilyOutcome, FamilyWorkerApi } from "../dist/esm/parallel/families.js";
import type { FamilyResult } from "../dist/esm/features/evaluate.js";
import type { Remote } from "comlink";
import { spawnSync } from "node:child_process";
import { workerExecArgv } from "../dist/esm/parallel/endpoint.js";

/** An int16 image with an ellipsoid ROI filling its box (90 × 80 × 60: about 226,000 voxels). */
function largeCase(size: [number, number, number] = [90, 80, 60]): { image: esm.Volume; mask: esm.Volume } {
  const [cx, cy, cz] = size.map((n) => n / 2);
  const image = new Int16Array(size[0] * size[1] * size[2]);
  const mask = new Uint8Array(image.length);
  for (let z = 0, n = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) {
      for (let x = 0; x < size[0]; x++, n++) {
        image[n] = ((x * 7 + y * 13 + z * 29) % 200) - 50;
        if (((x - cx!) / (cx! - 1)) ** 2 + ((y - cy!) / (cy! - 1)) ** 2 + ((z - cz!) / (cz! - 1)) ** 2 <= 1) mask[n] = 1;
      }
    }
  }
  return { image: esm.volumeFromArray(image, size, { spacing: [0.8, 0.8, 2] }), mask: esm.volumeFromArray(mask, size, { spacing: [0.8, 0.8, 2] }) };
}

/** A case's image and mask placed at the corner of a larger grid, in shared memory (the rest 0). */
function embedShared(c: { image: esm.Volume; mask: esm.Volume }, size: [number, number, number]): { image: esm.Volume; mask: esm.Volume } {
  const voxels = size[0] * size[1] * size[2];
  const image = new Int16Array(new SharedArrayBuffer(2 * voxels)), mask = new Uint8Array(new SharedArrayBuffer(voxels));
  const [nx, ny, nz] = c.image.size;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const from = nx * (y + ny * z), to = size[0] * (y + size[1] * z);
      image.set((c.image.data as Int16Array).subarray(from, from + nx), to);
      mask.set((c.mask.data as Uint8Array).subarray(from, from + nx), to);
    }
  }
  return { image: esm.volumeFromArray(image, size, { spacing: c.image.spacing }), mask: esm.volumeFromArray(mask, size, { spacing: c.mask.spacing }) };
}

/** A pool over `workers` that tells `seen` of each job it hands a worker: the API method, and the outcome to come. */
function watchedPool(workers: esm.FamilyPool, seen: (job: string, outcome: Promise<unknown>) => void): esm.FamilyPool {
  const watched = (api: Remote<FamilyWorkerApi>) => new Proxy(api, {
    get: (target, key) => (...args: never[]) => {
      const outcome = (Reflect.get(target, key) as (...a: never[]) => Promise<unknown>)(...args);
      seen(String(key), outcome);
      return outcome;
    },
  });
  return {
    start: () => workers.start(), hasCapacity: () => workers.hasCapacity(), up: () => workers.up?.() === true, close: (r) => workers.close(r), run: (task) => workers.run((api) => task(watched(api))),
  };
}

const { image, mask } = largeCase();
const config = { setting: { profile: "pyradiomics" as const, binWidth: 25, additionalInfo: false } };
/** Two response maps: each map's families go to the workers. */
const twoMaps = { ...config, imageType: { Original: {}, Square: {} } };

describe("families on workers", () => {
  it("give the same row as one thread for two response maps of a large ROI, and one map stays in this thread", async () => {
    const roi = (mask.data as Uint8Array).reduce((s, v) => s + v, 0);
    expect(roi).toBeGreaterThan(esm.PARALLEL_MAPS_MIN_VOXELS);
    const progress: string[] = [];
    const here = await esm.extract(image, mask, twoMaps, { workers: 1, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    const there = await esm.extract(image, mask, twoMaps, { workers: 2, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    // Shape once, then six families per map.
    expect(progress).toEqual([...Array.from({ length: 13 }, (_, i) => i + 1), ...Array.from({ length: 13 }, (_, i) => i + 1)].map((d) => `${d}/13`));
    expect(Object.keys(there.values)).toEqual(Object.keys(here.values));
    expect(there.values).toEqual(here.values);
    expect(Object.keys(here.values).length).toBe(107 + 93);
    // One map: the workers are offered and not used, and the row is the same.
    const single = await esm.extract(image, mask, config, { workers: 2 });
    expect(single.values).toEqual(await esm.extract(image, mask, config, { workers: 1 }).then((r) => r.values));
  }, 60_000);

  it("give the same row as one thread with several response maps (each map's families on the workers), for a smaller ROI", async () => {
    const ct = { image: esm.readVolume(readFixture("ibsi1", "ct_phantom", "image.nii.gz")), mask: esm.readVolume(readFixture("ibsi1", "ct_phantom", "mask.nii.gz")) };
    const filtered = { ...config, imageType: { Original: {}, Square: {}, LoG: { sigma: [2.0] } }, featureClass: { firstorder: null, glcm: null, glszm: null, shape: null } };
    const here = await esm.extract(ct.image, ct.mask, filtered, { workers: 1 });
    const progress: number[] = [];
    const there = await esm.extract(ct.image, ct.mask, filtered, { workers: 2, onProgress: (done) => progress.push(done) });
    expect(esm.PARALLEL_MAPS_MIN_VOXELS).toBeLessThan(125_000);
    expect(progress).toHaveLength(1 + 3 * 3);
    expect(Object.keys(there.values)).toEqual(Object.keys(here.values));
    expect(there.values).toEqual(here.values);
    expect(Object.keys(here.values).filter((c) => c.startsWith("log-sigma-2-0-mm-3D_")).length).toBe(18 + 24 + 16);
  }, 60_000);

  it("give a whole image type to a worker, its filter too, while this thread filters the others: the same row and warnings as one thread", async () => {
    const ct = { image: esm.readVolume(readFixture("ibsi1", "ct_phantom", "image.nii.gz")), mask: esm.readVolume(readFixture("ibsi1", "ct_phantom", "mask.nii.gz")) };
    // The last type (LoG) is half of the maps or less: the worker filters it. σ 0.5 mm is below the spacing, and the filter says so.
    const filtered = { ...config, imageType: { Original: {}, Square: {}, LoG: { sigma: [0.5] } }, featureClass: { firstorder: null, glcm: null, shape: null } };
    const here = await esm.extract(ct.image, ct.mask, filtered, { workers: 1 });
    expect(here.warnings.filter((w) => w.startsWith("LoG sigma 0.5 mm is smaller than the voxel spacing"))).toHaveLength(1);
    const workers = esm.createFamilyPool(1);
    const jobs: string[] = [];
    const pool = watchedPool(workers, (job) => jobs.push(job));
    try {
      const progress: number[] = [];
      const there = await esm.extract(ct.image, ct.mask, filtered, { pool, onProgress: (done) => progress.push(done) });
      // The LoG's maps went first, as one job; the Square map's families may follow it to the worker.
      expect(jobs[0]).toBe("evaluateMaps");
      expect(jobs.filter((j) => j === "evaluateMaps")).toHaveLength(1);
      expect(progress).toEqual(Array.from({ length: 1 + 3 * 2 }, (_, i) => i + 1));
      expect(Object.keys(there.values)).toEqual(Object.keys(here.values));
      expect(there.values).toEqual(here.values);
      expect(there.warnings).toEqual(here.warnings);
    } finally {
      await workers.close();
    }
  }, 60_000);

  it("give a worker a windowed case's image type scaled by the image's range with the whole image's range: the same row as the whole volumes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-range-"));
    const files = ["image", "mask"].map((name) => {
      const path = join(dir, `${name}.nii`);
      writeFileSync(path, gunzipSync(readFixture("ibsi1", "ct_phantom", `${name}.nii.gz`)));
      return path;
    }) as [string, string];
    // Square last, one map of two: a worker filters it (see typesForWorker) from the window, which does not hold the phantom's highest value.
    const config = esm.resolveConfig({ setting: { profile: "pyradiomics", binWidth: 25 }, imageType: { Original: {}, Square: {} }, featureClass: { firstorder: null, glcm: null } });
    const { image, mask } = await readCaseInputs(...files);
    const whole = await esm.extract(image, mask, config, { workers: 1 });
    const workers = esm.createFamilyPool(1);
    const jobs: string[] = [];
    try {
      const windowed = await streamCaseFor(...files, config, { worth: () => true });
      const [highest, highestThere] = [esm.jsKernels.imageStats(image.data).max, esm.jsKernels.imageStats(windowed!.image.data).max];
      expect(highestThere).toBeLessThan(highest);
      const there = await esm.extractWindowed(windowed!, config, { pool: watchedPool(workers, (job) => jobs.push(job)) });
      expect(jobs).toContain("evaluateMaps");
      expect(there.values).toEqual(whole.values);
    } finally {
      await workers.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("place a worker's maps by name: the Wavelet's all-low band, made first, last in the row as PyRadiomics names it", async () => {
    const { evaluateMapsJob } = await import("../dist/esm/parallel/job.js");
    const size: [number, number, number] = [12, 10, 8];
    const image = esm.volumeFromArray(Int16Array.from({ length: 960 }, (_, n) => (n * 37) % 101), size);
    const mask = esm.volumeFromArray(Uint8Array.from({ length: 960 }, (_, n) => (n % 12 > 2 && n % 12 < 9 && n > 200 && n < 800 ? 1 : 0)), size);
    const region = esm.boundingBox(mask)!;
    const settings = esm.resolveConfig({ setting: { profile: "pyradiomics", binWidth: 10 } }).settings;
    const outcome = evaluateMapsJob({
      imageType: "Wavelet", image, region, regionImage: esm.crop(image, region), intensityMask: esm.crop(mask, region), morphologicalMask: esm.crop(mask, region),
      settings, featureClasses: { firstorder: null }, backend: "auto",
    });
    expect("results" in outcome).toBe(true);
    const prefixes = (outcome as { results: FamilyResult[] }).results.map((r) => r.entries[0]!.imageType);
    expect(prefixes).toEqual(["wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL", "wavelet-HLH", "wavelet-HHL", "wavelet-HHH", "wavelet-LLL"]);
  });

  it("choose whole image types for a worker from the last, within half of the maps, never Original, for ROIs and images that pay", () => {
    const maps = (...types: Array<[string, number]>) => types.map(([name, n]) => ({ type: { name }, names: Array.from({ length: n }, (_, i) => `${name}-${i}`) }));
    const roi = esm.PARALLEL_MAPS_MIN_VOXELS, image = TYPES_ON_WORKER_MAX_VOXELS;
    // PyRadiomics' usual three: the LoG's three maps (of 12) go, the Wavelet's eight would be more than half.
    expect(typesForWorker(maps(["Original", 1], ["LoG", 3], ["Wavelet", 8]), roi, image)).toEqual([1]);
    expect(typesForWorker(maps(["Original", 1], ["Wavelet", 8]), roi, image)).toEqual([]);
    expect(typesForWorker(maps(["Original", 1], ["LoG", 2], ["Square", 1], ["Wavelet", 8]), roi, image)).toEqual([2, 1]);
    expect(typesForWorker(maps(["Original", 1], ["Square", 1]), roi, image)).toEqual([1]);
    expect(typesForWorker(maps(["Original", 1]), roi, image)).toEqual([]);
    // A small ROI keeps its maps here; a large image keeps its filters' intermediates to one thread.
    expect(typesForWorker(maps(["Original", 1], ["LoG", 3], ["Wavelet", 8]), roi - 1, image)).toEqual([]);
    expect(typesForWorker(maps(["Original", 1], ["LoG", 3], ["Wavelet", 8]), roi, image + 1)).toEqual([]);
  });

  it("share one large map's texture families, and the hashes of volumes in shared memory, with a worker: the same row as one thread", async () => {
    const big = largeCase([132, 122, 64]);
    const roi = (big.mask.data as Uint8Array).reduce((s, v) => s + v, 0);
    expect(roi).toBeGreaterThanOrEqual(esm.SPLIT_MIN_VOXELS);
    const withHashes = { setting: { profile: "pyradiomics" as const, binWidth: 25 } };
    const here = await esm.extract(big.image, big.mask, withHashes, { workers: 1 });
    // A pool that lists the jobs its worker takes and counts the families it claims.
    const workers = esm.createFamilyPool(1);
    let jobs: string[] = [];
    let claimed = 0;
    const pool = watchedPool(workers, (job, outcome) => {
      jobs.push(job);
      if (job === "evaluateTexture") void outcome.then((o) => (claimed = (o as { results: unknown[] }).results.filter(Boolean).length));
    });
    try {
      // While no worker is up, the map stays in this thread and starts none (one started for it cost more than it took over).
      expect((await esm.extract(big.image, big.mask, withHashes, { pool })).values).toEqual(here.values);
      expect([jobs, workers.up?.()]).toEqual([[], false]);
      // Started and idle before each case from here on.
      await workers.run((api) => api.volumeFacts([], "auto"));
      // The same ROI in a larger image in shared memory (as the command reads it): the hashes and range go first.
      const shared = embedShared(big, [256, 256, 128]);
      expect(shared.image.data.length).toBeGreaterThanOrEqual(esm.FACTS_MIN_VOXELS);
      const cases = [
        // Shape goes first, as its own job; the texture job follows once the gray-level volume is laid out.
        { volumes: big, alone: here, expected: ["evaluate", "evaluateTexture"] },
        { volumes: shared, alone: await esm.extract(shared.image, shared.mask, withHashes, { workers: 1 }), expected: ["volumeFacts", "evaluate", "evaluateTexture"] },
      ];
      for (const { volumes, alone, expected } of cases) {
        jobs = [];
        claimed = 0;
        const there = await esm.extract(volumes.image, volumes.mask, withHashes, { pool });
        expect(jobs).toEqual(expected);
        // How many of the five texture families the worker claims depends on timing (claiming is checked below).
        expect(claimed).toBeLessThanOrEqual(5);
        expect(Object.keys(there.values)).toEqual(Object.keys(alone.values));
        expect(there.values).toEqual(alone.values);
        expect(there.diagnostics).toEqual(alone.diagnostics);
        expect(alone.diagnostics["diagnostics_Mask-original_Hash"]).toMatch(/^[0-9a-f]{40}$/);
      }
      // The ROI's features do not depend on the image around it.
      expect(cases[1]!.alone.values).toEqual(here.values);
    } finally {
      await workers.close();
    }
  }, 60_000);

  it("let a worker claim texture families from a gray-level volume in shared memory: those this thread has not, with this thread's values", async () => {
    const { settings, featureClasses } = esm.resolveConfig({ setting: { profile: "pyradiomics", binWidth: 25 } });
    const roi = esm.selectLabel(mask, 1);
    const input = roiInput(image, roi, roi, settings, null, esm.kernelsFor("auto"), true);
    const order = claimOrder(planFeatures(featureClasses, "pyradiomics"));
    const { kernels: _, ...volume } = input.texture();
    expect(volume.levels.buffer).toBeInstanceOf(SharedArrayBuffer);
    const workers = esm.createFamilyPool(1);
    try {
      // This thread has claimed the first two (the counter says so); the worker takes the rest.
      const claims = new Int32Array(new SharedArrayBuffer(4));
      claims[0] = 2;
      const job = { volume, settings, featureClasses: planSelection(order), claims, prefix: "original", backend: "auto" as const };
      const outcome = await workers.run<FamilyOutcome<FamilyResult | null>>((api) => api.evaluateTexture(job));
      if (!("results" in outcome)) throw new Error(outcome.error.message);
      expect(outcome.results.map((r) => r === null)).toEqual(order.map((_, i) => i < 2));
      outcome.results.forEach((r, i) => r && expect(r).toEqual(familyEntries(order[i]!, input, "original")));
      expect(claims[0]).toBeGreaterThanOrEqual(order.length);
    } finally {
      await workers.close();
    }
  }, 60_000);

  it("reuse one pool across cases and backends", async () => {
    const pool = esm.createFamilyPool(2);
    try {
      const a = await esm.extract(image, mask, twoMaps, { pool, backend: "wasm" });
      const b = await esm.extract(image, mask, twoMaps, { pool, backend: "js" });
      expect(a.values).toEqual(b.values);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("stop on an AbortSignal, before or during the work", async () => {
    const before = new AbortController();
    before.abort(new Error("stopped by the user"));
    await expect(esm.extract(image, mask, twoMaps, { workers: 2, signal: before.signal })).rejects.toThrow("stopped by the user");
    const during = new AbortController();
    const running = esm.extract(image, mask, twoMaps, { workers: 2, signal: during.signal });
    setTimeout(() => during.abort(new Error("cancelled mid-way")), 50);
    await expect(running).rejects.toThrow("cancelled mid-way");
    // One large map, in this thread (the temporary pool's worker is not up): stopped between families.
    const big = largeCase([132, 122, 64]);
    const shared = new AbortController();
    const sharing = esm.extract(big.image, big.mask, config, { workers: 2, signal: shared.signal, onProgress: (done) => done === 2 && shared.abort(new Error("stopped while shared")) });
    await expect(sharing).rejects.toThrow("stopped while shared");
  }, 60_000);

  it("pass a worker's typed error on with its code", async () => {
    // The ibsi profile has no default discretisation: the texture families fail in the workers.
    const err = await esm.extract(image, mask, { setting: { additionalInfo: false }, imageType: { Original: {}, Square: {} }, featureClass: { glcm: null, glrlm: null } }, { workers: 2 }).catch((e: unknown) => e);
    expect(esm.isRadiomicsError(err, "INVALID_SETTING")).toBe(true);
    expect(String(err)).toContain("binWidth");
  }, 60_000);

  it("start in a script given to node as a module on its command line (a thread's module file refuses --input-type)", () => {
    expect(workerExecArgv(["--no-liftoff", "--input-type=module", "-e", "…"])).toEqual([]);
    expect(workerExecArgv(["--input-type", "module"])).toEqual([]);
    expect(workerExecArgv(["--no-liftoff", "--stack-size=900"])).toBeUndefined();
    const script = [
      `const esm = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist", "esm", "index.js")).href)});`,
      `const size = [40, 40, 30], image = new Int16Array(48000).map((_, i) => (i * 37) % 211), mask = new Uint8Array(48000).map((_, i) => (i % 40 > 5 && i % 40 < 35 ? 1 : 0));`,
      `const config = ${JSON.stringify(twoMaps)};`,
      `const rows = [];`,
      `for (const workers of [1, 2]) rows.push(await esm.extract(esm.volumeFromArray(image, size), esm.volumeFromArray(mask, size), config, { workers }));`,
      `console.log(JSON.stringify(rows.map((r) => r.values)));`,
    ].join("\n");
    // With a V8 option too, which a worker's own list may not hold.
    const run = spawnSync(process.execPath, ["--no-liftoff", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const [here, there] = JSON.parse(run.stdout) as Array<Record<string, number>>;
    expect(Object.keys(here!)).toHaveLength(107 + 93);
    expect(there).toEqual(here);
  }, 60_000);
});

describe("batches side by side", () => {
  it("let a worker with no case left take response maps of the case this thread still runs, with the same values", async () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-between-"));
    try {
      const nifti = (v: esm.Volume, type: "int16" | "uint8") =>
        niftiBytes({ dims: [...v.size], type, values: Array.from(v.data as ArrayLike<number>), pixdim: [...v.spacing] });
      writeFileSync(join(dir, "large.nii"), nifti(image, "int16"));
      writeFileSync(join(dir, "large-mask.nii"), nifti(mask, "uint8"));
      writeFileSync(join(dir, "small.nii.gz"), readFixture("ibsi1", "digital_phantom", "image.nii.gz"));
      writeFileSync(join(dir, "small-mask.nii.gz"), readFixture("ibsi1", "digital_phantom", "mask.nii.gz"));
      // This thread takes the large case first; the worker's small case ends long before it.
      writeFileSync(join(dir, "manifest.csv"), "case_id,Image,Mask\nlarge,large.nii,large-mask.nii\nsmall,small.nii.gz,small-mask.nii.gz\n");
      // A batch worker that notes every response map it is given.
      const seen = join(dir, "maps.txt");
      const dist = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, "dist", "esm", p)).href);
      writeFileSync(join(dir, "worker.mjs"), [
        `import { appendFileSync } from "node:fs";`,
        `import { caseClaimer } from ${dist("batch.js")};`,
        `import { serve } from ${dist("parallel/endpoint.js")};`,
        `import { evaluateJob } from ${dist("parallel/job.js")};`,
        `serve({ runClaimedCase: caseClaimer(), evaluate(job) { appendFileSync(${JSON.stringify(seen)}, job.prefix + "\\n"); return evaluateJob(job); } });`,
      ].join("\n"));
      const config = esm.resolveConfig({
        setting: { profile: "pyradiomics", binWidth: 25, additionalInfo: false },
        imageType: { Original: {}, Square: {}, SquareRoot: {}, Logarithm: {}, Exponential: {}, LoG: { sigma: [1.0, 2.0, 3.0] }, Wavelet: {} },
      });
      const table = async (workers: number, out: string) => {
        await runBatch(join(dir, "manifest.csv"), { config, out: join(dir, out), workers, workerModule: join(dir, "worker.mjs") });
        return readFileSync(join(dir, out), "utf8");
      };
      const one = await table(1, "one.csv");
      const two = await table(2, "two.csv");
      expect(two).toBe(one);
      const maps = readFileSync(seen, "utf8").trim().split("\n");
      expect(maps.length).toBeGreaterThan(0);
      expect(maps.every((m) => /^(original|square|squareroot|logarithm|exponential|log-sigma-[123]-0-mm-3D|wavelet-[LH]{3})$/.test(m))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("claiming texture families", () => {
  const names = (plans: FamilyPlan[]) => plans.map((p) => p.family.name);
  it("orders a plan's texture families costliest first, leaving out the families that read the image", () => {
    // GLRLM 27, GLSZM 20, GLCM 18, NGTDM 7.1, GLDM 6.9 ms per million ROI voxels.
    expect(names(claimOrder(planFeatures({}, "pyradiomics")))).toEqual(["glrlm", "glszm", "glcm", "ngtdm", "gldm"]);
    expect(names(claimOrder(planFeatures({}, "ibsi")))).toEqual(["gldzm", "glrlm", "glszm", "glcm", "ngtdm", "ngldm"]);
    expect(claimOrder(planFeatures({ firstorder: null, shape: null }, "pyradiomics"))).toEqual([]);
  });

  it("hands each index out once, then -1", () => {
    const claims = new Int32Array(new SharedArrayBuffer(4));
    expect([claimNext(claims, 3), claimNext(claims, 3), claimNext(claims, 3), claimNext(claims, 3), claimNext(claims, 3)]).toEqual([0, 1, 2, -1, -1]);
  });

  it("refuses to compute a family that reads the image from a gray-level volume alone", () => {
    const [firstorder] = planFeatures({ firstorder: null }, "pyradiomics");
    const input = { settings: esm.resolveConfig({}).settings, texture: () => { throw new Error("not read"); } };
    expect(() => familyEntries(firstorder!, input, "original")).toThrow(/"firstorder" family reads the ROI's image/);
  });
});

describe("WorkerPool", () => {
  it("refuses a size below one", () => {
    expect(() => new esm.WorkerPool(new URL("file:///nowhere.js"), 0)).toThrow(/at least one worker/);
  });

  it("starts every worker on start(), before any task, and is busy while they start or hold a task", async () => {
    // A worker that answers with its thread id. (When its module runs is not the pool's to
    // promise: a started worker is a thread created, whose module may run later on a loaded
    // machine; a check of that time against the task's failed by 6–9 ms in loaded suites.)
    const dir = mkdtempSync(join(tmpdir(), "radiomics-pool-"));
    const worker = join(dir, "id.mjs");
    const endpoint = pathToFileURL(join(ROOT, "dist", "esm", "parallel", "endpoint.js")).href;
    writeFileSync(worker, `import { threadId } from "node:worker_threads";\nimport { serve } from ${JSON.stringify(endpoint)};\nserve({ id: () => threadId });\n`);
    const pool = new esm.WorkerPool<{ id(): number }>(pathToFileURL(worker), 2);
    try {
      expect(pool.busy()).toBe(false);
      pool.start();
      // Workers starting are work (the hashing helper stays out of their way).
      expect(pool.busy()).toBe(true);
      // Until both are up (seconds when the rest of the suite loads both cores), with no task given.
      const started = () => (pool as unknown as { workers: Map<unknown, number> }).workers.size;
      for (let waited = 0; started() < 2 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(started()).toBe(2);
      expect(pool.busy()).toBe(false);
      const both = Promise.all([pool.run((api) => api.id()), pool.run((api) => api.id())]);
      expect(pool.busy()).toBe(true);
      const [a, b] = await both;
      expect(pool.busy()).toBe(false);
      // The two tasks ran on the two workers started before them, and started no other.
      expect(a).not.toBe(b);
      expect(started()).toBe(2);
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("hands a worker `depth` tasks at once: the next one runs while this thread is busy", async () => {
    // A worker that holds the CPU for `ms` and answers when it started (shared time origin).
    const dir = mkdtempSync(join(tmpdir(), "radiomics-pool-"));
    const worker = join(dir, "hold.mjs");
    const endpoint = pathToFileURL(join(ROOT, "dist", "esm", "parallel", "endpoint.js")).href;
    writeFileSync(worker, `import { serve } from ${JSON.stringify(endpoint)};\nconst now = () => performance.timeOrigin + performance.now();\nserve({ hold(ms) { const t = now(); while (now() - t < ms); return t; } });\n`);
    const now = () => performance.timeOrigin + performance.now();
    const pool = new esm.WorkerPool<{ hold(ms: number): number }>(pathToFileURL(worker), 1, undefined, 2);
    try {
      await pool.run((api) => api.hold(0));
      expect(pool.hasCapacity()).toBe(true);
      const first = pool.run((api) => api.hold(200));
      expect(pool.hasCapacity()).toBe(true);
      const second = pool.run((api) => api.hold(0));
      expect(pool.hasCapacity()).toBe(false);
      // This thread is busy until well after the first task ends; the second starts anyway.
      const busyUntil = now() + 800;
      while (now() < busyUntil);
      const [, started] = await Promise.all([first, second]);
      expect(started).toBeLessThan(busyUntil - 200);
      expect(pool.hasCapacity()).toBe(true);
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects tasks queued on a closed pool", async () => {
    const pool = esm.createFamilyPool(1);
    await pool.close(new Error("closed on purpose"));
    await expect(pool.run(async () => 1)).rejects.toThrow("closed on purpose");
  });
});
