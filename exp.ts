import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { extract, parseParams, readVolume, volumeFromArray } from "./src/index.ts";
import { fft, nextPowerOfTwo } from "./src/math/fft.ts";
import { angularFrequencies } from "./src/filters/spectral.ts";
import { simoncelliBand } from "./src/filters/simoncelli.ts";
// Bluestein DFT of any length.
function dft(re: Float64Array, im: Float64Array, inverse: boolean) {
  const n = re.length, m = nextPowerOfTwo(2 * n - 1), s = inverse ? 1 : -1;
  const wr = new Float64Array(n), wi = new Float64Array(n);
  for (let k = 0; k < n; k++) { const a = (s * Math.PI * ((k * k) % (2 * n))) / n; wr[k] = Math.cos(a); wi[k] = Math.sin(a); }
  const ar = new Float64Array(m), ai = new Float64Array(m), br = new Float64Array(m), bi = new Float64Array(m);
  for (let k = 0; k < n; k++) { ar[k] = re[k]! * wr[k]! - im[k]! * wi[k]!; ai[k] = re[k]! * wi[k]! + im[k]! * wr[k]!; }
  br[0] = wr[0]!; bi[0] = -wi[0]!; for (let k = 1; k < n; k++) { br[k] = br[m - k] = wr[k]!; bi[k] = bi[m - k] = -wi[k]!; }
  fft(ar, ai); fft(br, bi);
  for (let k = 0; k < m; k++) { const r = ar[k]! * br[k]! - ai[k]! * bi[k]!; ai[k] = ar[k]! * bi[k]! + ai[k]! * br[k]!; ar[k] = r; }
  fft(ar, ai, true);
  for (let k = 0; k < n; k++) { re[k] = (ar[k]! * wr[k]! - ai[k]! * wi[k]!) / (inverse ? n : 1); im[k] = (ar[k]! * wi[k]! + ai[k]! * wr[k]!) / (inverse ? n : 1); }
}
const refs = gunzipSync(readFileSync("test/fixtures/ibsi2/reference_values.csv.gz")).toString().trim().split("\n").slice(1).map((l) => l.split(";"));
const image = readVolume(new Uint8Array(readFileSync("test/fixtures/ibsi1/ct_phantom/image.nii.gz")));
const mask = readVolume(new Uint8Array(readFileSync("test/fixtures/ibsi1/ct_phantom/mask.nii.gz")));
const [nx, ny, nz] = image.size;
for (const level of [1, 2]) {
  const out = new Float64Array(nx * ny * nz);
  const fx = angularFrequencies(nx), fy = angularFrequencies(ny);
  for (let z = 0; z < nz; z++) {
    const re = new Float64Array(nx * ny), im = new Float64Array(nx * ny);
    for (let i = 0; i < nx * ny; i++) re[i] = image.data[z * nx * ny + i] as number;
    const pass = (inv: boolean) => {
      for (let y = 0; y < ny; y++) { const r = re.subarray(y * nx, y * nx + nx), i2 = im.subarray(y * nx, y * nx + nx); dft(r, i2, inv); }
      const lr = new Float64Array(ny), li = new Float64Array(ny);
      for (let x = 0; x < nx; x++) { for (let y = 0; y < ny; y++) { lr[y] = re[x + nx * y]!; li[y] = im[x + nx * y]!; } dft(lr, li, inv); for (let y = 0; y < ny; y++) { re[x + nx * y] = lr[y]!; im[x + nx * y] = li[y]!; } }
    };
    pass(false);
    for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) { const g = simoncelliBand(Math.hypot(fx[x]!, fy[y]!), level); re[x + nx * y] *= g; im[x + nx * y] *= g; }
    pass(true);
    out.set(re, z * nx * ny);
  }
  const filtered = { ...image, data: out };
  const row = await extract(filtered, mask, { setting: { profile: "ibsi", resegmentRange: [-1000, 400] }, featureClass: { statistics: null } });
  // re-segmentation must use original intensities: redo by masking with original range
  const id = `${level === 1 ? 8 : 9}.A`;
  const keep = new Uint8Array(mask.data.length); for (let i = 0; i < keep.length; i++) keep[i] = mask.data[i] && (image.data[i] as number) >= -1000 && (image.data[i] as number) <= 400 ? 1 : 0;
  const row2 = await extract(filtered, { ...mask, data: keep }, { setting: { profile: "ibsi" }, featureClass: { statistics: null } });
  let ok = 0; const bad: string[] = [];
  for (const [fid, , tag, value, tol] of refs) { if (fid !== id) continue; const e = row2.features.find((f) => f.ibsiTag.toLowerCase() === tag!.replace("_", ".").toLowerCase())!; if (Math.abs(e.value - Number(value)) <= Number(tol)) ok++; else bad.push(`${tag} ${e.value.toPrecision(4)} vs ${value}±${tol}`); }
  console.log(id, ok, bad.join("; "));
}
