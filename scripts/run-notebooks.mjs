// Executes the example notebooks headless and checks what they show (`npm run test:notebooks`,
// after `npm run build`): examples/notebooks/radiomics-deno.ipynb with the Deno kernel and
// radiomics-tslab.ipynb with tslab. A notebook fails when a cell errors or when its table,
// charts or picture is missing from the outputs. Needs Jupyter (Debian: python3-notebook,
// jupyter-nbconvert, python3-ipykernel, jupyter-client); installs the two kernelspecs for
// this user (Deno from the project's own `deno` package, tslab 1.0.22 into .cache/tslab, kept
// out of node_modules because its TypeScript 5.0 would take over the `tsc` command).
// Prints "notebooks: N passed, N failed" and exits non-zero on failure.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const NOTEBOOKS = join(ROOT, "examples", "notebooks");
const TSLAB_VERSION = "1.0.22";

const run = (command, args, options = {}) => execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });

try {
  run("jupyter", ["nbconvert", "--version"]);
} catch {
  console.error("run-notebooks: Jupyter is missing; install it with: apt-get install python3-notebook jupyter-nbconvert python3-ipykernel jupyter-client");
  process.exit(1);
}

// The kernels.
run(join(ROOT, "node_modules", ".bin", "deno"), ["jupyter", "--install", "--force"]);
const tslabDir = join(ROOT, ".cache", "tslab");
const tslab = join(tslabDir, "node_modules", ".bin", "tslab");
if (!existsSync(tslab) || JSON.parse(readFileSync(join(tslabDir, "node_modules", "tslab", "package.json"), "utf8")).version !== TSLAB_VERSION) {
  mkdirSync(tslabDir, { recursive: true });
  writeFileSync(join(tslabDir, "package.json"), JSON.stringify({ private: true }) + "\n");
  run("npm", ["install", "--no-audit", "--no-fund", "--no-save", `tslab@${TSLAB_VERSION}`], { cwd: tslabDir });
}
// The Python that runs Jupyter (its script's #! line), which may not be the first python3 on PATH.
const jupyterPython = readFileSync(run("sh", ["-c", "command -v jupyter"]).trim(), "utf8").split("\n")[0].replace(/^#!\s*/, "").split(" ")[0];
run(tslab, ["install", "--user", `--python=${jupyterPython}`, `--binary=${tslab}`]);

/** What each notebook must show: outputs of these MIME types (at least so many) and these printed texts. */
const EXPECTED = {
  "text/html": 2, // the feature table and the joined table
  "image/svg+xml": 2, // the histogram with its bin edges and the feature across cases
  "image/png": 1, // the mask's outline
};
const PRINTED = "2 cases, 107 features each";

const out = mkdtempSync(join(tmpdir(), "radiomics-notebooks-"));
let passed = 0, failed = 0;
for (const kernel of ["deno", "tslab"]) {
  const name = `radiomics-${kernel}`;
  const problems = [];
  const started = Date.now();
  try {
    const execute = () => run("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300", `${name}.ipynb`, "--output", join(out, `${name}.ipynb`)], {
      cwd: NOTEBOOKS,
      env: { ...process.env, NO_COLOR: "1" },
    });
    try {
      execute();
    } catch (err) {
      // A kernel that never came up (once in five clean-clone runs, tslab's: "Kernel didn't
      // respond in 60 seconds", where it starts in 5 s) is started once more; a notebook's
      // own failure is not.
      if (!/Kernel didn't respond/.test(String(err.stderr ?? err.message))) throw err;
      console.log(`note ${name}: its kernel did not start within 60 s; started again`);
      execute();
    }
    const notebook = JSON.parse(readFileSync(join(out, `${name}.ipynb`), "utf8"));
    const outputs = notebook.cells.flatMap((cell) => cell.outputs ?? []);
    for (const o of outputs.filter((o) => o.output_type === "error")) problems.push(`a cell failed: ${o.ename}: ${o.evalue}`);
    for (const [mime, least] of Object.entries(EXPECTED)) {
      const shown = outputs.filter((o) => o.data?.[mime] !== undefined && [o.data[mime]].flat().join("").length > 100).length;
      if (shown < least) problems.push(`${shown} ${mime} output(s), expected ${least}`);
    }
    const printed = outputs.filter((o) => o.output_type === "stream").map((o) => [o.text].flat().join("")).join("");
    if (!printed.includes(PRINTED)) problems.push(`did not print "${PRINTED}"`);
  } catch (err) {
    problems.push(`nbconvert failed: ${String(err.stderr ?? err.message).split("\n").filter((l) => /Error|error/.test(l)).slice(-3).join(" | ")}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length) {
    failed++;
    console.log(`FAIL ${name} (${seconds} s): ${problems.join("; ")}`);
  } else {
    passed++;
    console.log(`ok   ${name} (${seconds} s)`);
  }
}
console.log(`executed notebooks are in ${out}`);
console.log(`notebooks: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
