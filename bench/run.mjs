// Benchmark: time of `extract` per feature family and for the whole default run, and of
// each texture family's matrices + features alone (the TypeScript kernels, gray-level
// volume already built), on the bundled brain1 case and the IBSI CT phantom, using the
// built package (npm run build).
// Prints a table and writes bench/results/<date>.json. Not a test: machines are noisy,
// so compare ratios measured within one run.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import {
  extract, FAMILIES, readDicomSeries, readRtstruct, readVolume, readVolumeFile, resegment, resolveConfig, selectLabel, VERSION, volumeFromArray,
} from "../dist/esm/node.js";
import { roiInput } from "../dist/esm/extract.js";
import { textureVolume } from "../dist/esm/texture/volume.js";

const root = new URL("..", import.meta.url).pathname;
const cases = [
  {
    name: "brain1",
    image: join(root, "examples/data/brain1_image.nrrd"),
    mask: join(root, "examples/data/brain1_label.nrrd"),
    setting: { binWidth: 25 },
  },
  {
    name: "ibsi-ct-phantom",
    image: join(root, "test/fixtures/ibsi1/ct_phantom/image.nii.gz"),
    mask: join(root, "test/fixtures/ibsi1/ct_phantom/mask.nii.gz"),
    setting: { binWidth: 25, resegmentRange: [-500, 400] },
  },
];
const REPEATS = 5;

/** Median wall time in ms of `fn` over REPEATS runs, after one warm-up. */
async function time(fn) {
  await fn();
  const times = [];
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)];
}

const results = [];
for (const c of cases) {
  let image, mask;
  const readMs = await time(async () => {
    [image, mask] = await Promise.all([readVolumeFile(c.image), readVolumeFile(c.mask)]);
  });
  const voxels = image.data.length;
  results.push({ case: c.name, workload: "read image + mask", ms: readMs, voxels });
  // shape2D needs a single-slice ROI; these cases are 3-D.
  const families3D = FAMILIES.filter((f) => f.name !== "shape2D");
  for (const family of families3D) {
    const ms = await time(() => extract(image, mask, { setting: { ...c.setting, additionalInfo: false }, featureClass: { [family.name]: null } }));
    results.push({ case: c.name, workload: `extract ${family.name}`, ms, voxels });
  }
  // Texture kernels alone: the ROI and its gray-level volume are prepared once.
  const { settings } = resolveConfig({ setting: c.setting });
  const roi = selectLabel(mask, settings.label);
  const reseg = settings.resegmentRange ? resegment(image, roi, settings) : { mask: roi, bounds: null };
  const input = roiInput(image, reseg.mask, roi, settings, reseg.bounds);
  results.push({ case: c.name, workload: "texture: gray-level volume", ms: await time(() => textureVolume(input)), voxels });
  for (const family of FAMILIES.filter((f) => ["glcm", "glrlm", "glszm", "gldzm", "gldm", "ngtdm", "ngldm"].includes(f.name))) {
    const ms = await time(() => family.evaluate(input));
    results.push({ case: c.name, workload: `texture kernel + features: ${family.name}`, ms, voxels });
  }
  const all = Object.fromEntries(families3D.map((f) => [f.name, null]));
  const ms = await time(() => extract(image, mask, { setting: c.setting, featureClass: all }));
  results.push({ case: c.name, workload: "extract all families + diagnostics", ms, voxels });
}

// DICOM input, from bytes already in memory (the fixtures are stored gzipped): the CT
// phantom's 60 slices and its RTSTRUCT, against the same image as one NIfTI file.
{
  const dicomDir = join(root, "test/fixtures/ibsi1/ct_phantom/dicom");
  const unzip = (path) => new Uint8Array(gunzipSync(readFileSync(path)));
  const slices = readdirSync(join(dicomDir, "image")).map((f) => ({ name: f, bytes: unzip(join(dicomDir, "image", f)) }));
  const rtstruct = { name: "rs.dcm", bytes: unzip(join(dicomDir, "mask", "DCM_RS_00060.dcm.gz")) };
  const nifti = unzip(join(root, "test/fixtures/ibsi1/ct_phantom/image.nii.gz"));
  const series = readDicomSeries(slices);
  const voxels = series.data.length;
  results.push({ case: "ibsi-ct-phantom", workload: "read DICOM series (60 slices, bytes in memory)", ms: await time(() => readDicomSeries(slices)), voxels });
  results.push({ case: "ibsi-ct-phantom", workload: "read NIfTI image (bytes in memory, uncompressed)", ms: await time(() => readVolume(nifti)), voxels });
  results.push({ case: "ibsi-ct-phantom", workload: "rasterise RTSTRUCT GTV-1 (26 contours)", ms: await time(() => readRtstruct(rtstruct, series, { roi: "GTV-1" })), voxels });
}

// Shape on its own (mesh, hulls, diameters, axes), without workers: the IBSI CT phantom and
// a generated 384 × 384 × 160 int16 volume with an ellipsoid ROI of about 2.5 M voxels.
function ellipsoidCase() {
  const size = [384, 384, 160];
  const mask = new Uint8Array(size[0] * size[1] * size[2]);
  const image = new Int16Array(mask.length);
  const [a, b, c] = [110, 90, 60];
  for (let z = 0, n = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) {
      for (let x = 0; x < size[0]; x++, n++) {
        image[n] = (x * 7 + y * 13 + z * 29) % 200;
        if (((x - 192) / a) ** 2 + ((y - 192) / b) ** 2 + ((z - 80) / c) ** 2 <= 1) mask[n] = 1;
      }
    }
  }
  return { image: volumeFromArray(image, size), mask: volumeFromArray(mask, size) };
}
const shapeFamily = FAMILIES.find((f) => f.name === "shape");
const shapeCases = [
  ["ibsi-ct-phantom", await readVolumeFile(cases[1].image), await readVolumeFile(cases[1].mask)],
  ["ellipsoid-2.5M", ...Object.values(ellipsoidCase())],
];
for (const [name, image, mask] of shapeCases) {
  const { settings } = resolveConfig({ setting: { profile: "pyradiomics" } });
  const roi = selectLabel(mask, 1);
  let voxels = 0;
  for (const v of roi.data) voxels += v;
  const ms = await time(() => {
    const input = roiInput(image, roi, roi, settings, null);
    const [evaluation] = shapeFamily.evaluate(input);
    return shapeFamily.features.map((f) => f.compute(evaluation.contexts[0]));
  });
  results.push({ case: name, workload: `shape (17 features), ${voxels} ROI voxels`, ms, voxels: image.data.length });
}

const rows = results.map((r) => [r.case, r.workload, r.ms.toFixed(1), (r.voxels / r.ms / 1000).toFixed(1)]);
const header = ["case", "workload", "ms (median)", "image Mvox/s"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(header));
for (const r of rows) console.log(line(r));

const outDir = join(root, "bench", "results");
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify({ version: VERSION, node: process.version, backend: "js", repeats: REPEATS, results }, null, 2) + "\n");
console.log(`\nwrote ${file}`);
