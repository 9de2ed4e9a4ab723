/**
 * QC pictures: the PNG encoder read back by an independent reader (Node's zlib for CRCs and
 * inflate), hand-counted pictures of small volumes, the reading orientation, the window,
 * the CT phantom through the library and through `radiomics qc` and `batch --qc`.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodePng, isRadiomicsError, qcPicture, qcPng, readVolume, renderPlane, voxelAxesOf, volumeFromArray, type Mat3 } from "../src/index.js";
import { crc32 } from "../src/qc/png.js";
import { decodePng } from "./helpers/png.js";
import { fixture, readFixture, ROOT } from "./helpers/fixtures.js";

const RED = [255, 40, 40];
const BIN = join(ROOT, "bin", "radiomics.cjs");
const radiomics = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: ROOT });

/** The pixel at (x, y) of an RGB picture. */
const pixel = (p: { width: number; rgb: Uint8Array }, x: number, y: number) => Array.from(p.rgb.subarray((y * p.width + x) * 3, (y * p.width + x) * 3 + 3));

/** 5 × 5 × 5 voxels valued x + 5y + 25z (under 255, so grey = value), and a 3 × 3 × 3 cube ROI at 1…3. */
function cube(direction?: Mat3) {
  const values = new Float32Array(125), mask = new Uint8Array(125);
  for (let z = 0, i = 0; z < 5; z++) for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++, i++) {
    values[i] = x + 5 * y + 25 * z;
    mask[i] = x >= 1 && x <= 3 && y >= 1 && y <= 3 && z >= 1 && z <= 3 ? 1 : 0;
  }
  return { image: volumeFromArray(values, [5, 5, 5], { direction }), mask: volumeFromArray(mask, [5, 5, 5], { direction }) };
}

describe("encodePng", () => {
  it("has the standard CRC-32 check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("writes a PNG an independent reader decodes to the same pixels and text", () => {
    const width = 37, height = 23;
    const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 7919 + (i >> 5) * 31) & 0xff);
    const png = decodePng(encodePng({ width, height, rgb }, { Title: "case 7", Description: "µ-map" }));
    expect([png.width, png.height]).toEqual([width, height]);
    expect(png.rgb).toEqual(rgb);
    expect(png.text).toEqual({ Title: "case 7", Description: "µ-map" });
    expect(png.chunks).toEqual(["IHDR", "tEXt", "tEXt", "IDAT", "IEND"]);
  });

  it("refuses pixels that do not fill the picture, and bad keywords", () => {
    const code = (f: () => unknown) => { try { f(); } catch (e) { return isRadiomicsError(e) ? e.code : "other"; } return "none"; };
    expect(code(() => encodePng({ width: 2, height: 2, rgb: new Uint8Array(11) }))).toBe("INVALID_INPUT");
    expect(code(() => encodePng({ width: 1, height: 1, rgb: new Uint8Array(3) }, { " Title": "x" }))).toBe("INVALID_INPUT");
  });
});

describe("qcPicture", () => {
  it("draws three 5 × 5 panels of a 5-voxel cube, grey = value, the ROI's border in red and its centre grey", () => {
    const { image, mask } = cube();
    const p = qcPicture(image, mask, { panelSize: 5, window: [0, 255] });
    expect([p.width, p.height]).toEqual([5 * 3 + 6 * 2, 5]);
    expect(p.slices).toEqual({ axial: 2, coronal: 2, sagittal: 2 });
    expect(p.voxels).toBe(27);
    const ring = (x: number, y: number) => x >= 1 && x <= 3 && y >= 1 && y <= 3 && !(x === 2 && y === 2);
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 5; x++) {
        // Axial (z = 2): x across, y down. Coronal (y = 2): x across, z up. Sagittal (x = 2): y across, z up.
        const expected = [x + 5 * y + 50, x + 10 + 25 * (4 - y), 2 + 5 * x + 25 * (4 - y)];
        for (let panel = 0; panel < 3; panel++) {
          const value = expected[panel]!;
          expect(pixel(p, panel * 11 + x, y), `panel ${panel} (${x}, ${y})`).toEqual(ring(x, y) ? RED : [value, value, value]);
        }
      }
    }
  });

  it("shows the patient's left on the right whichever way the voxel axes run", () => {
    // The i axis points to the patient's right (−x in LPS): the axial panel is the mirror of the identity one.
    const flipped = cube([-1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const plain = cube();
    const a = renderPlane(flipped.image, null, { plane: "axial", slice: 2, window: [0, 255], pixelMm: 1 });
    const b = renderPlane(plain.image, null, { plane: "axial", slice: 2, window: [0, 255], pixelMm: 1 });
    for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) expect(pixel(a, x, y)).toEqual(pixel(b, 4 - x, y));
  });

  it("finds the voxel axis nearest each patient axis, with its sign", () => {
    // Voxel i runs head to feet (−z), j left to right (+x), k front to back (+y): a coronal acquisition.
    expect(voxelAxesOf([0, 1, 0, 0, 0, 1, -1, 0, 0])).toEqual({ axis: [1, 2, 0], sign: [1, 1, -1] });
    const c = Math.cos(0.3), s = Math.sin(0.3);
    expect(voxelAxesOf([c, -s, 0, s, c, 0, 0, 0, 1]).axis).toEqual([0, 1, 2]);
  });

  it("keeps millimetres square: 2 mm slices are twice as tall as 1 mm pixels", () => {
    const image = volumeFromArray(new Int16Array(4 * 4 * 6), [4, 4, 6], { spacing: [1, 1, 2] });
    const mask = volumeFromArray(new Uint8Array(96).fill(1), [4, 4, 6], { spacing: [1, 1, 2] });
    // Longest extent 12 mm over 24 pixels: 0.5 mm a pixel.
    const p = qcPicture(image, mask, { panelSize: 24, window: [0, 1] });
    expect([p.width, p.height]).toEqual([8 + 6 + 8 + 6 + 8, 24]);
  });

  it("windows from the ROI's 1st and 99th percentiles, widened by half their distance", () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => (i < 100 ? i : 1e6));
    const mask = Uint8Array.from({ length: 1000 }, (_, i) => (i < 100 ? 1 : 0));
    const p = qcPicture(volumeFromArray(values, [10, 10, 10]), volumeFromArray(mask, [10, 10, 10]));
    // 100 values 0…99: P1 = value at rank round(0.99) = 1, P99 at rank round(98.01) = 98.
    expect(p.window).toEqual([1 - 48.5, 98 + 48.5]);
  });

  it("takes the nearest slice holding the ROI when the centroid's slice has none (a ring)", () => {
    const mask = new Uint8Array(7 * 7 * 7);
    // Two plates at z = 1 and z = 4: the centroid z = 2.5 rounds to 3, which is empty; 4 is nearest.
    for (const z of [1, 4]) for (let y = 2; y < 5; y++) for (let x = 2; x < 5; x++) mask[x + 7 * (y + 7 * z)] = 1;
    const p = qcPicture(volumeFromArray(new Uint8Array(343), [7, 7, 7]), volumeFromArray(mask, [7, 7, 7]), { window: [0, 1] });
    expect(p.slices.axial).toBe(4);
  });

  it("fails as extraction would: a label that is not there, a mask on another grid", () => {
    const { image, mask } = cube();
    const code = (f: () => unknown) => { try { f(); } catch (e) { return isRadiomicsError(e) ? e.code : "other"; } return "none"; };
    expect(code(() => qcPicture(image, mask, { label: 2 }))).toBe("LABEL_NOT_FOUND");
    const shifted = volumeFromArray(mask.data, [5, 5, 5], { origin: [3, 0, 0] });
    expect(code(() => qcPicture(image, shifted))).toBe("GEOMETRY_MISMATCH");
    expect(code(() => qcPicture(image, mask, { panelSize: 0 }))).toBe("INVALID_SETTING");
  });

  it("draws the CT phantom at its own millimetre scale with the outline in every panel", () => {
    const image = readVolume(readFixture("ibsi1", "ct_phantom", "image.nii.gz"));
    const mask = readVolume(readFixture("ibsi1", "ct_phantom", "mask.nii.gz"));
    const png = decodePng(qcPng(image, mask, { title: "ct" }));
    // 204 × 201 × 60 voxels of 0.977 × 0.977 × 3 mm: 199.3 mm across x sets 320 pixels;
    // y (196.4 mm) → 315, z (180 mm) → 289. Axial 320 × 315, coronal 320 × 289, sagittal 315 × 289.
    expect([png.width, png.height]).toEqual([320 + 6 + 320 + 6 + 315, 315]);
    expect(png.text["Title"]).toBe("ct");
    expect(png.text["Description"]).toMatch(/^Outline of label 1 \(\d+ voxels\) over axial slice \d+/);
    const redIn = (from: number, to: number) => {
      let n = 0;
      for (let y = 0; y < png.height; y++) for (let x = from; x < to; x++) if (pixel(png, x, y).join() === RED.join()) n++;
      return n;
    };
    for (const [from, to] of [[0, 320], [326, 646], [652, 967]]) expect(redIn(from!, to!)).toBeGreaterThan(100);
  });
});

describe("radiomics qc and batch --qc", () => {
  it("writes the CT phantom's picture, and refuses a name that is not .png", () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-qc-"));
    const ct = [fixture("ibsi1", "ct_phantom", "image.nii.gz"), fixture("ibsi1", "ct_phantom", "mask.nii.gz")];
    const r = radiomics(["qc", ...ct, "--out", join(dir, "ct.png"), "--fov", "roi", "--size", "200"]);
    expect(r.status, r.stderr).toBe(0);
    const png = decodePng(new Uint8Array(readFileSync(join(dir, "ct.png"))));
    expect(png.height).toBeLessThanOrEqual(200);
    expect(png.text["Title"]).toBe("image");
    const bad = radiomics(["qc", ...ct, "--out", join(dir, "ct.jpg")]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/name it \.png/);
  });

  it("writes one picture per case of a batch, named by case", () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-qc-batch-"));
    copyFileSync(fixture("ibsi1", "digital_phantom", "image.nii.gz"), join(dir, "image.nii.gz"));
    copyFileSync(fixture("ibsi1", "digital_phantom", "mask.nii.gz"), join(dir, "mask.nii.gz"));
    writeFileSync(join(dir, "manifest.csv"), "case_id,Image,Mask\na,image.nii.gz,mask.nii.gz\nb,image.nii.gz,mask.nii.gz\n");
    writeFileSync(join(dir, "params.yaml"), "setting:\n  binWidth: 1\nfeatureClass:\n  statistics:\n");
    const r = radiomics(["batch", join(dir, "manifest.csv"), "--params", join(dir, "params.yaml"), "--out", join(dir, "t.csv"), "--workers", "1", "--qc", join(dir, "qc")]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, "qc")).sort()).toEqual(["a.png", "b.png"]);
    expect(decodePng(new Uint8Array(readFileSync(join(dir, "qc", "a.png")))).text["Title"]).toBe("a");
  });
});
