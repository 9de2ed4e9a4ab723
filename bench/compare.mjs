// Compares one `radiomics` command between two built checkouts, run by run: A, B, then B,
// A, and so on, so that a machine whose speed drifts (shared hosts do, by 2× within an
// hour: docs/decisions.md, Engine) moves both alike. Prints each side's median, quartiles
// and best, and the pairs' differences (A − B): their median and how many pairs B won.
// A difference smaller than the spread of either side needs many pairs; 16–24 separated
// 10–20 ms on commands of 0.3–0.6 s here.
//
//   node bench/compare.mjs [--runs 20] <checkout A> <checkout B> -- batch cases.csv --out @OUT --workers 2
//
// `@OUT` in the command becomes an output path of each side's own in a temporary folder,
// cleared (with a batch's `.cases` folder) before every run, so a batch never resumes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const argv = process.argv.slice(2);
const split = argv.indexOf("--");
if (split < 0) {
  process.stderr.write("usage: node bench/compare.mjs [--runs N] <checkout A> <checkout B> -- <radiomics arguments, @OUT for the output>\n");
  process.exit(2);
}
const head = argv.slice(0, split), command = argv.slice(split + 1);
const at = head.indexOf("--runs");
const runs = at >= 0 ? Number(head.splice(at, 2)[1]) : 20;
const [a, b] = head.map((dir) => resolve(dir));
if (!a || !b || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write("compare: give two checkouts and a whole number of runs\n");
  process.exit(2);
}
const scratch = mkdtempSync(join(tmpdir(), "radiomics-compare-"));

/** Wall time in ms of one run of the command in `checkout`, its output cleared first. */
function run(checkout, side) {
  const out = join(scratch, `${side}.out`);
  rmSync(out, { force: true });
  rmSync(`${out}.cases`, { recursive: true, force: true });
  const started = performance.now();
  execFileSync(process.execPath, [join(checkout, "bin", "radiomics.cjs"), ...command.map((x) => x.replaceAll("@OUT", out))], { stdio: "ignore" });
  return performance.now() - started;
}

/** The value at fraction `f` of the sorted times (0.5: the median). */
const quantile = (times, f) => [...times].sort((x, y) => x - y)[Math.round((times.length - 1) * f)];
const describe = (times) => `median ${quantile(times, 0.5).toFixed(0)} ms (quartiles ${quantile(times, 0.25).toFixed(0)}–${quantile(times, 0.75).toFixed(0)}, best ${Math.min(...times).toFixed(0)})`;

try {
  // One unmeasured run each: code caches written, files in the page cache.
  run(a, "a");
  run(b, "b");
  const timesA = [], timesB = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      timesA.push(run(a, "a"));
      timesB.push(run(b, "b"));
    } else {
      timesB.push(run(b, "b"));
      timesA.push(run(a, "a"));
    }
  }
  const differences = timesA.map((t, i) => t - timesB[i]);
  console.log(`A ${a}: ${describe(timesA)}`);
  console.log(`B ${b}: ${describe(timesB)}`);
  console.log(`A − B, pair by pair: median ${quantile(differences, 0.5).toFixed(1)} ms; B faster in ${differences.filter((d) => d > 0).length} of ${runs}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
