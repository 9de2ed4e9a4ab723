/**
 * The browser example (examples/browser/) in headless Chromium: served on loopback with
 * COOP/COEP, fed the IBSI CT phantom through its file inputs, as a user would. The table
 * must equal Node's for the same input bit for bit (the backends agree), the CSV download
 * must hold the same values, a DICOM series with its RTSTRUCT must give Node's values for
 * the same files (also through DICOMweb from an archive that allows the page's origin),
 * filtered image types must run on the page's Web Workers, and a bad params file must end
 * in `window.radiomicsError`. A screenshot goes to test-artifacts/.
 *
 * Needs `npm run build` (the page's bundles) and Chromium (`CHROMIUM` or /usr/bin/chromium).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extract, imageFromFiles, maskFromFiles, resolveConfig, type FeatureRow } from "../../src/index.js";
import { csvRecords, fixture, ROOT } from "../helpers/fixtures.js";
import { AUTH, RTSTRUCT, rtstruct, SERIES, slices, startArchive, STUDY } from "../helpers/dicomweb-archive.js";

declare global {
  /** What the page sets (examples/browser/app.ts). */
  interface Window {
    radiomicsResult?: FeatureRow;
    radiomicsError?: string;
    radiomicsTiming?: { readMs: number; extractMs: number; workers: number };
  }
}

/** The CT phantom's DICOM series and RTSTRUCT as files on disk. */
const dicomDir = mkdtempSync(join(tmpdir(), "radiomics-browser-dicom-"));
const slicePaths = slices.map((f) => {
  const path = join(dicomDir, f.name.replace(/\.gz$/, ""));
  writeFileSync(path, f.bytes);
  return path;
});
const rtstructPath = join(dicomDir, "RS.dcm");
writeFileSync(rtstructPath, rtstruct.bytes);

const CT = [fixture("ibsi1", "ct_phantom", "image.nii.gz"), fixture("ibsi1", "ct_phantom", "mask.nii.gz")] as const;
const ARTIFACTS = join(ROOT, "test-artifacts");

let server: Server;
let browser: Browser;
let url: string;

beforeAll(async () => {
  const { serveExample } = (await import(join(ROOT, "examples", "browser", "serve.mjs"))) as { serveExample(port: number): Promise<Server> };
  server = await serveExample(0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: process.env["CHROMIUM"] ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
});

/** Opens the page, gives it files and settings, presses Run, and waits for the result or the error. */
async function runPage(files: { image: string[]; mask: string[]; params?: string; profile?: string }): Promise<{ page: Page; row?: FeatureRow; error?: string; timing?: { extractMs: number; workers: number } }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(url);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.setInputFiles("#image", files.image);
  await page.setInputFiles("#mask", files.mask);
  if (files.params) await page.setInputFiles("#params", files.params);
  if (files.profile) await page.selectOption("#profile", files.profile);
  await page.click("#run");
  await page.waitForFunction(() => window.radiomicsResult !== undefined || window.radiomicsError !== undefined, undefined, { timeout: 110_000 });
  expect(problems).toEqual([]);
  const outcome = await page.evaluate(() => ({ row: window.radiomicsResult, error: window.radiomicsError, timing: window.radiomicsTiming }));
  return { page, ...outcome } as Awaited<ReturnType<typeof runPage>>;
}

/** Node's row for the same files (the CT phantom's NIfTI files by default) and settings. */
async function nodeRow(params: Parameters<typeof resolveConfig>[0], profile: string, files: { image: string[]; mask: string[] } = { image: [CT[0]], mask: [CT[1]] }): Promise<FeatureRow & { ms: number }> {
  const named = (paths: string[]) => paths.map((path) => ({ name: path, bytes: new Uint8Array(readFileSync(path)) }));
  const image = imageFromFiles(named(files.image));
  const mask = maskFromFiles(named(files.mask), image);
  const started = performance.now();
  const row = await extract(image, mask, resolveConfig(params, { profile }));
  return { ...row, ms: performance.now() - started };
}

/** Feature values as exact strings (NaN and the sign of zero included): equal strings are equal bits. */
const exact = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Object.is(v, -0) ? "-0" : String(v)]));

describe("the browser example", () => {
  it("extracts the CT phantom as Node does, bit for bit, with a CSV download, an outlined slice and a screenshot", async () => {
    const { page, row, error, timing } = await runPage({ image: [CT[0]], mask: [CT[1]] });
    expect(error).toBeUndefined();
    // Node's first extraction in this process, as the page's is the first in its worker.
    const node = await nodeRow({}, "pyradiomics");
    const nodeMs = node.ms;
    expect(Object.keys(row!.values).length).toBe(Object.keys(node.values).length);
    expect(exact(row!.values)).toEqual(exact(node.values));
    expect(row!.diagnostics["diagnostics_Image-original_Hash"]).toBe(node.diagnostics["diagnostics_Image-original_Hash"]);
    expect(row!.diagnostics["diagnostics_Configuration_Backend"]).toBe("wasm-simd");

    // The table shows every feature with its IBSI code.
    expect(await page.locator("#features tbody tr").count()).toBe(node.features.length);
    const meanRow = page.locator("#features tbody tr", { hasText: "original_firstorder_Mean" });
    expect(await meanRow.locator("td").nth(1).textContent()).toBe("Q4LE");

    // The CSV download holds the same values.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const [record] = csvRecords(readFileSync((await download.path())!, "utf8"));
    for (const [column, value] of Object.entries(node.values)) expect(Number(record![column]), column).toBe(value);

    // The slice view shows the ROI's outline (red pixels) on the axial slice through its centroid.
    const red = await page.evaluate(() => {
      const canvas = document.querySelector("#view") as HTMLCanvasElement;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === 255 && data[i + 1] === 40 && data[i + 2] === 40) n++;
      return { n, width: canvas.width };
    });
    expect(red.width).toBe(384);
    expect(red.n).toBeGreaterThan(100);
    // The ROI histogram: one bar per bin of width 25 between PyRadiomics' edges (−1000 … 723 HU: 70 bins).
    expect(await page.locator("#histogram svg rect[fill='#4c78a8']").count()).toBe(70);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "browser-ct-phantom.png"), fullPage: true });
    writeFileSync(join(ARTIFACTS, "browser-timing.json"), JSON.stringify({ ctPhantomPyradiomicsProfile: { browser: timing, nodeFirstExtractionMs: nodeMs } }, null, 2));
    console.log(`CT phantom, first extraction: browser ${timing!.extractMs.toFixed(0)} ms, Node ${nodeMs.toFixed(0)} ms (files already read in both)`);
    await page.close();
  });

  it("reads a DICOM series and its RTSTRUCT as Node reads them", async () => {
    const { page, row, error } = await runPage({ image: slicePaths, mask: [rtstructPath] });
    expect(error).toBeUndefined();
    expect(exact(row!.values)).toEqual(exact((await nodeRow({}, "pyradiomics", { image: slicePaths, mask: [rtstructPath] })).values));
    await page.close();
  });

  it("reads a series and its RTSTRUCT from a DICOMweb archive that allows the page's origin", async () => {
    const archive = await startArchive({ cors: true });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.fill("#image-url", `dicomweb:${archive.base}/studies/${STUDY}/series/${SERIES}`);
      await page.fill("#mask-url", `dicomweb:${archive.base}/studies/${STUDY}/series/${RTSTRUCT}`);
      await page.fill("#authorization", AUTH);
      await page.fill("#roi", "GTV-1");
      await page.click("#run");
      await page.waitForFunction(() => window.radiomicsResult !== undefined || window.radiomicsError !== undefined, undefined, { timeout: 110_000 });
      const { row, error } = await page.evaluate(() => ({ row: window.radiomicsResult, error: window.radiomicsError }));
      expect(error).toBeUndefined();
      const local = await nodeRow({}, "pyradiomics", { image: slicePaths, mask: [rtstructPath] });
      expect(exact(row!.values)).toEqual(exact(local.values));
      // A wrong header: the archive's refusal, and the header in no message.
      await page.fill("#authorization", "Basic d3Jvbmc6d3Jvbmc=");
      await page.click("#run");
      await page.waitForFunction(() => window.radiomicsError !== undefined, undefined, { timeout: 30_000 });
      const refused = await page.evaluate(() => window.radiomicsError!);
      expect(refused).toMatch(/HTTP 401.*check the credentials/);
      expect(refused).not.toContain("d3Jvbmc6d3Jvbmc=");
      await page.close();
    } finally {
      await archive.close();
    }
  });

  it("runs a filtered params file on the page's Web Workers, with Node's values", async () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-browser-params-"));
    const params = { setting: { binWidth: 25 }, imageType: { Original: {}, LoG: { sigma: [2.0, 3.0] } }, featureClass: { firstorder: null, glcm: null } };
    writeFileSync(join(dir, "params.json"), JSON.stringify(params));
    const { page, row, error, timing } = await runPage({ image: [CT[0]], mask: [CT[1]], params: join(dir, "params.json") });
    expect(error).toBeUndefined();
    expect(timing!.workers).toBeGreaterThan(1);
    const node = await nodeRow(params, "pyradiomics");
    expect(Object.keys(row!.values).sort()).toEqual(Object.keys(node.values).sort());
    expect(Object.keys(row!.values).some((k) => k.startsWith("log-sigma-3-0-mm-3D_glcm_"))).toBe(true);
    // The LoG's coefficients come from Math.exp, Math.sin and Math.cos, which ECMA-262 leaves
    // to each engine and which differ in the last bit between Node 20's V8 and Chromium's
    // (docs/decisions.md, Browser): filtered values agree to 1e-12, the original's bit for bit.
    let largest = 0;
    for (const [column, value] of Object.entries(node.values)) {
      if (column.startsWith("original_")) expect(Object.is(row!.values[column], value), column).toBe(true);
      else expect(Math.abs(row!.values[column]! - value), column).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(value)));
      if (value !== 0) largest = Math.max(largest, Math.abs(row!.values[column]! / value - 1));
    }
    console.log(`LoG features, browser against Node: largest relative difference ${largest.toExponential(2)}`);
    await page.close();
  });

  it("reports a bad params file in window.radiomicsError", async () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-browser-bad-"));
    writeFileSync(join(dir, "bad.yaml"), "setting:\n  binWidth: -3\n");
    const { page, row, error } = await runPage({ image: [CT[0]], mask: [CT[1]], params: join(dir, "bad.yaml") });
    expect(row).toBeUndefined();
    expect(error).toMatch(/binWidth/);
    expect(await page.locator("#status.error").textContent()).toMatch(/binWidth/);
    await page.close();
  });
});
