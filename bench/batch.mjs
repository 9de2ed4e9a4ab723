// Batch throughput: `radiomics batch` on 40 copies of the IBSI CT phantom (PyRadiomics
// profile, default features: first order, shape, texture), with 1 and 2 workers, from
// uncompressed NIfTI. Prints cases/s and writes bench/results/batch-<date>.json.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "radiomics-batch-bench-"));
for (const name of ["image", "mask"]) {
  writeFileSync(join(dir, `${name}.nii`), gunzipSync(readFileSync(join(root, "test/fixtures/ibsi1/ct_phantom", `${name}.nii.gz`))));
}
const CASES = 40;
writeFileSync(join(dir, "manifest.csv"), ["case_id,Image,Mask", ...Array.from({ length: CASES }, (_, i) => `ct${i},image.nii,mask.nii`)].join("\n") + "\n");
const results = [];
for (const workers of [1, 2]) {
  const started = performance.now();
  execFileSync(process.execPath, [join(root, "bin/radiomics.cjs"), "batch", join(dir, "manifest.csv"), "--profile", "pyradiomics", "--out", join(dir, `w${workers}.csv`), "--workers", String(workers)], { stdio: "ignore" });
  const seconds = (performance.now() - started) / 1000;
  results.push({ workers, cases: CASES, seconds, casesPerSecond: CASES / seconds, msPerCase: (1000 * seconds) / CASES });
}
console.log("workers  cases  seconds  cases/s  ms/case");
for (const r of results) console.log(`${String(r.workers).padStart(7)}  ${String(r.cases).padStart(5)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.casesPerSecond.toFixed(2).padStart(7)}  ${r.msPerCase.toFixed(0).padStart(7)}`);
console.log(`speed-up with 2 workers: ${(results[0].seconds / results[1].seconds).toFixed(2)}x`);
mkdirSync(join(root, "bench/results"), { recursive: true });
const file = join(root, "bench/results", `batch-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify({ node: process.version, results }, null, 2) + "\n");
console.log(`wrote ${file}`);
