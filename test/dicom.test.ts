/**
 * DICOM input: the IBSI CT phantom's DICOM series and RTSTRUCT against its NIfTI copy,
 * the ways a series can be broken, enhanced multi-frame images, and the even-odd
 * contour rasteriser on hand-countable polygons.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { extract, isRadiomicsError, readMeasurementReport, readVolume, type ParamsInput, type Volume } from "../src/index.js";
import { pixelByteOrder, type DataSet, type DicomFile } from "../src/io/dicom.js";
import { listDicomSeries, readDicomSeries } from "../src/io/dicom-series.js";
import { readDicomFolder, readImageInput, readMaskInput } from "../src/io/files.js";
import { listSegSegments, readSeg } from "../src/io/dicom-seg.js";
import { listRtstructRois, rasteriseContours, readRtstruct, type Grid } from "../src/io/rtstruct.js";
import { csvRecords, fixture, readFixture, ROOT } from "./helpers/fixtures.js";
import { segBytes, type SegSpec } from "./helpers/seg.js";
import { dicomFileBytes, type TestElement, type TestSyntax } from "./helpers/dicom-writer.js";

const DICOM_DIR = fixture("ibsi1", "ct_phantom", "dicom");

function gunzipFixture(...parts: string[]): Uint8Array {
  return new Uint8Array(gunzipSync(readFixture(...parts)));
}

/** The 60 CT slices, in file-name order. */
const slices: DicomFile[] = readdirSync(join(DICOM_DIR, "image"))
  .sort()
  .map((file) => ({ name: file.replace(/\.gz$/, ""), bytes: gunzipFixture("ibsi1", "ct_phantom", "dicom", "image", file) }));
const rtstruct: DicomFile = { name: "DCM_RS_00060.dcm", bytes: gunzipFixture("ibsi1", "ct_phantom", "dicom", "mask", "DCM_RS_00060.dcm.gz") };
const niftiImage = readVolume(readFixture("ibsi1", "ct_phantom", "image.nii.gz"));
const niftiMask = readVolume(readFixture("ibsi1", "ct_phantom", "mask.nii.gz"));

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (err) {
    if (isRadiomicsError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected an error");
}

function countDifferent(a: Volume, b: Volume): number {
  let different = 0;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) different++;
  return different;
}

function expectSameGeometry(a: Volume, b: Volume, tolerance: number): void {
  expect(a.size).toEqual(b.size);
  for (const key of ["spacing", "origin", "direction"] as const) {
    a[key].forEach((v, i) => expect(Math.abs(v - b[key][i]!), `${key}[${i}]`).toBeLessThan(tolerance));
  }
}

/** Replaces every occurrence of an ASCII string with another of the same length. */
function patchAscii(bytes: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const out = bytes.slice();
  const needle = new TextEncoder().encode(from);
  const replacement = new TextEncoder().encode(to);
  let replaced = 0;
  for (let i = 0; i + needle.length <= out.length; i++) {
    if (needle.every((b, j) => out[i + j] === b)) {
      out.set(replacement, i);
      replaced++;
    }
  }
  expect(replaced).toBeGreaterThan(0);
  return out;
}

const pyradiomicsDefaults: ParamsInput = { setting: { profile: "pyradiomics", binWidth: 25 } };

function expectSameFeatures(a: Record<string, number>, b: Record<string, number>, relative: number): void {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const [name, value] of Object.entries(a)) {
    const reference = b[name]!;
    expect(Math.abs(value - reference), name).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(reference)));
  }
}

describe("DICOM series: the IBSI CT phantom", () => {
  const series = readDicomSeries(slices);

  it("equals the NIfTI copy voxel for voxel, with the same geometry within 1e-4 mm", () => {
    expectSameGeometry(series, niftiImage, 1e-4);
    expect(countDifferent(series, niftiImage)).toBe(0);
    // Stored uint16 (12 bits) with intercept -1000 become HU in an Int16Array.
    expect(series.data).toBeInstanceOf(Int16Array);
    expect(series.spacing[2]).toBeCloseTo(3, 9);
  });

  it("gives the same PyRadiomics-profile features as the NIfTI copy, to 1e-9", async () => {
    const fromDicom = await extract(series, niftiMask, pyradiomicsDefaults);
    const fromNifti = await extract(niftiImage, niftiMask, pyradiomicsDefaults);
    expect(Object.keys(fromDicom.values).length).toBeGreaterThan(100);
    expectSameFeatures(fromDicom.values, fromNifti.values, 1e-9);
  });

  it("sorts shuffled slices by position, not by file order or Instance Number", () => {
    const shuffled = slices.map((s, i) => ({ s, key: (i * 37 + 11) % 61 })).sort((a, b) => a.key - b.key).map((x) => x.s);
    expect(shuffled[0]).not.toBe(slices[0]);
    expect(countDifferent(readDicomSeries(shuffled), niftiImage)).toBe(0);
  });

  it("refuses a series with a missing slice, naming the gap", () => {
    const gap = errorOf(() => readDicomSeries(slices.filter((_, i) => i !== 30)));
    expect(gap.code).toBe("INVALID_INPUT");
    expect(gap.message).toMatch(/uneven slice spacing: 6\.0000 mm between .* where slices are 3\.0000 mm apart \(1 slice missing\?\)/);
  });

  it("refuses duplicated slices", () => {
    const duplicated = errorOf(() => readDicomSeries([...slices, { ...slices[5]!, name: "copy.dcm" }]));
    expect(duplicated.code).toBe("INVALID_INPUT");
    expect(duplicated.message).toMatch(/lie at the same position/);
  });

  it("lists the series of a mixed folder and reads the one asked for", () => {
    const uid = listDicomSeries(slices)[0]!.seriesUid;
    const otherUid = uid.slice(0, -1) + (uid.endsWith("1") ? "2" : "1");
    const other = slices.slice(10, 13).map((s) => ({ name: `other-${s.name}`, bytes: patchAscii(s.bytes, uid, otherUid) }));
    const mixed = [...slices, ...other];
    expect(listDicomSeries(mixed).map((s) => [s.seriesUid, s.frames])).toEqual([
      [uid, 60],
      [otherUid, 3],
    ]);
    const ambiguous = errorOf(() => readDicomSeries(mixed));
    expect(ambiguous.code).toBe("INVALID_INPUT");
    expect(ambiguous.message).toContain(uid);
    expect(ambiguous.message).toContain(otherUid);
    expect(ambiguous.message).toContain("--series");
    expect(countDifferent(readDicomSeries(mixed, { seriesUid: uid }), niftiImage)).toBe(0);
    const small = readDicomSeries(mixed, { seriesUid: otherUid });
    expect(small.size).toEqual([204, 201, 3]);
    expect(errorOf(() => readDicomSeries(mixed, { seriesUid: "1.2.3" })).message).toContain("is not among the files");
  });

  it("gives typed errors for a non-DICOM file and for compressed pixel data", () => {
    const notDicom = errorOf(() => readDicomSeries([{ name: "notes.txt", bytes: new TextEncoder().encode("hello") }]));
    expect(notDicom).toEqual({ code: "INVALID_FILE", message: 'notes.txt: not a DICOM file (no "DICM" marker at byte 128)' });
    const jpeg = { string: (tag: string) => (tag === "x00020010" ? "1.2.840.10008.1.2.4.50" : undefined) } as unknown as DataSet;
    const compressed = errorOf(() => pixelByteOrder(jpeg, "slice.dcm"));
    expect(compressed.code).toBe("UNSUPPORTED_FORMAT");
    expect(compressed.message).toContain("JPEG Baseline (1.2.840.10008.1.2.4.50)");
    expect(errorOf(() => readDicomSeries([rtstruct])).message).toMatch(/no DICOM image found/);
  });

  it("refuses a truncated slice", () => {
    const truncated = { name: "cut.dcm", bytes: slices[0]!.bytes.subarray(0, slices[0]!.bytes.length - 1000) };
    expect(errorOf(() => readDicomSeries([truncated]))).toEqual({
      code: "TRUNCATED_FILE",
      message: "cut.dcm: Pixel Data holds 81008 bytes but 1 frame(s) of 201×204×2 need 82008",
    });
  });
});

describe("every uncompressed transfer syntax, on a hand-made series", () => {
  /**
   * Three 3 × 2 slices, 12-bit signed values in 16-bit words, slope 0.5 and intercept −3,
   * listed top slice first. Slice k holds stored values (−1 − k, 2 + k, −2048, 2047, 100k, 5);
   * each is written with garbage in the 4 unused high bits (0xA000), which must be ignored.
   */
  const stored = (k: number) => [-1 - k, 2 + k, -2048, 2047, 100 * k, 5];
  function slice(k: number, syntax: TestSyntax): DicomFile {
    const words = new Uint8Array(12);
    stored(k).forEach((v, i) => new DataView(words.buffer).setUint16(2 * i, ((v & 0x0fff) | 0xa000) & 0xffff, true));
    const elements: TestElement[] = [
      { tag: [0x0008, 0x0016], vr: "UI", value: "1.2.840.10008.5.1.4.1.1.2" },
      { tag: [0x0008, 0x0060], vr: "CS", value: "CT" },
      { tag: [0x0020, 0x000e], vr: "UI", value: "2.25.42" },
      { tag: [0x0020, 0x0032], vr: "DS", value: [10, 20, 30 - 2.5 * k] },
      { tag: [0x0020, 0x0037], vr: "DS", value: [1, 0, 0, 0, 1, 0] },
      { tag: [0x0028, 0x0002], vr: "US", value: [1] },
      { tag: [0x0028, 0x0010], vr: "US", value: [2] },
      { tag: [0x0028, 0x0011], vr: "US", value: [3] },
      { tag: [0x0028, 0x0030], vr: "DS", value: [0.8, 0.6] },
      { tag: [0x0028, 0x0100], vr: "US", value: [16] },
      { tag: [0x0028, 0x0101], vr: "US", value: [12] },
      { tag: [0x0028, 0x0103], vr: "US", value: [1] },
      { tag: [0x0028, 0x1052], vr: "DS", value: "-3" },
      { tag: [0x0028, 0x1053], vr: "DS", value: "0.5" },
      { tag: [0x7fe0, 0x0010], vr: "OW", value: words },
    ];
    return { name: `${syntax}-${k}.dcm`, bytes: dicomFileBytes(elements, syntax) };
  }

  for (const syntax of ["implicit", "explicit-little", "explicit-big", "deflated"] as const) {
    it(`reads ${syntax}: values, slice order and geometry`, () => {
      const volume = readDicomSeries([0, 1, 2].map((k) => slice(k, syntax)));
      expect(volume.size).toEqual([3, 2, 3]);
      expect(volume.spacing[0]).toBeCloseTo(0.6, 12); // Pixel Spacing is row spacing \ column spacing
      expect(volume.spacing[1]).toBeCloseTo(0.8, 12);
      expect(volume.spacing[2]).toBeCloseTo(2.5, 12);
      // Along the normal (0, 0, 1) the lowest slice (k = 2, z = 25) comes first.
      expect(volume.origin).toEqual([10, 20, 25]);
      expect(volume.data).toBeInstanceOf(Float32Array);
      const expected = [2, 1, 0].flatMap((k) => stored(k).map((s) => 0.5 * s - 3));
      expect(Array.from(volume.data)).toEqual(expected);
    });

    it(`reads ${syntax} from Node Buffers (readFileSync's type) at odd offsets, leaving them unchanged`, () => {
      // Buffer.slice is a view: a byte swap in place would change the caller's bytes.
      const files = [0, 1, 2].map((k) => slice(k, syntax)).map((f) => {
        const pool = Buffer.alloc(f.bytes.length + 1);
        pool.set(f.bytes, 1);
        return { ...f, bytes: pool.subarray(1) };
      });
      const before = files.map((f) => Buffer.from(f.bytes));
      const volume = readDicomSeries(files);
      expect(Array.from(volume.data)).toEqual([2, 1, 0].flatMap((k) => stored(k).map((s) => 0.5 * s - 3)));
      files.forEach((f, i) => expect(Buffer.compare(f.bytes, before[i]!)).toBe(0));
    });
  }
});

describe("enhanced multi-frame DICOM", () => {
  it("reads each frame's position from the per-frame functional groups (IBSI digital phantom, deprecated DICOM)", () => {
    // Upstream deprecated this file for its geometry (1 mm instead of 2 mm), but its four
    // frames carry the phantom's 80 voxels: the same values as the NIfTI copy.
    const image = readDicomSeries([{ name: "phantom.dcm", bytes: gunzipFixture("ibsi1", "digital_phantom", "dicom", "image.dcm.gz") }]);
    const nifti = readVolume(readFixture("ibsi1", "digital_phantom", "image.nii.gz"));
    expect(image.size).toEqual([5, 4, 4]);
    expect(image.spacing).toEqual([1, 1, 1]);
    const histogram = (v: Volume) => Array.from(v.data).sort((a, b) => a - b).join(",");
    expect(histogram(image)).toBe(histogram(nifti));
  });

  it("reads the IBSI digital phantom's own DICOM SEG: the same 74 ROI intensities as the NIfTI mask", () => {
    const image = readDicomSeries([{ name: "phantom.dcm", bytes: gunzipFixture("ibsi1", "digital_phantom", "dicom", "image.dcm.gz") }]);
    const seg = { name: "mask.dcm", bytes: gunzipFixture("ibsi1", "digital_phantom", "dicom", "mask.dcm.gz") };
    expect(listSegSegments(seg)).toEqual([{ number: 1, name: "ROI", frames: 4 }]);
    const mask = readSeg(seg, image);
    const roiValues = (img: Volume, m: Volume) => Array.from(img.data).filter((_, i) => m.data[i]).sort((a, b) => a - b).join(",");
    const nifti = [readVolume(readFixture("ibsi1", "digital_phantom", "image.nii.gz")), readVolume(readFixture("ibsi1", "digital_phantom", "mask.nii.gz"))] as const;
    expect(mask.data.reduce((n, v) => n + v, 0)).toBe(74);
    expect(roiValues(image, mask)).toBe(roiValues(...nifti));
  });
});

describe("RTSTRUCT", () => {
  const series = readDicomSeries(slices);

  it("lists the ROIs", () => {
    expect(listRtstructRois(rtstruct)).toEqual([{ number: 1, name: "GTV-1", closedContours: 26 }]);
  });

  it("rasterises GTV-1 to the NIfTI mask exactly: 125,256 voxels, no voxel different", () => {
    const mask = readRtstruct(rtstruct, series, { roi: "GTV-1" });
    expect(mask.data.reduce((n, v) => n + v, 0)).toBe(125256);
    expect(countDifferent(mask, niftiMask)).toBe(0);
    expectSameGeometry(mask, niftiMask, 1e-4);
  });

  it("finds the ROI by name, ignoring case, or by number, and lists the names when it is absent", () => {
    const byNumber = readRtstruct(rtstruct, series, { roi: 1 });
    expect(countDifferent(readRtstruct(rtstruct, series, { roi: "gtv-1" }), byNumber)).toBe(0);
    expect(countDifferent(readRtstruct(rtstruct, series), byNumber)).toBe(0);
    const absent = errorOf(() => readRtstruct(rtstruct, series, { roi: "GTV-2" }));
    expect(absent).toEqual({ code: "LABEL_NOT_FOUND", message: 'DCM_RS_00060.dcm has no ROI "GTV-2"; its ROIs are 1 "GTV-1"' });
    expect(errorOf(() => readRtstruct(slices[0]!, series)).message).toMatch(/not an RT Structure Set/);
  });
});

describe("DICOM SEG", () => {
  const series = readDicomSeries(slices);
  const gtv = { ...niftiMask, data: Uint8Array.from(niftiMask.data, (v) => (v ? 1 : 0)) };
  /** A 10 × 5 × 3 box: columns 10–19, rows 10–14, slices 3–5 (150 voxels). */
  const box = { ...gtv, data: new Uint8Array(gtv.data.length) };
  for (let k = 3; k <= 5; k++) for (let j = 10; j <= 14; j++) box.data.fill(1, 10 + 204 * (j + 201 * k), 20 + 204 * (j + 201 * k));
  const gtvSlices = new Set(Array.from(gtv.data.keys()).filter((i) => gtv.data[i]).map((i) => Math.floor(i / (204 * 201)))).size;
  const file = (spec: Partial<SegSpec>): DicomFile => ({
    name: "seg.dcm",
    bytes: segBytes({ grid: series, type: "BINARY", segments: [{ number: 1, label: "GTV", mask: gtv }, { number: 2, label: "Box", mask: box }], ...spec }),
  });

  it("lists the segments with their frame counts", () => {
    expect(listSegSegments(file({}))).toEqual([
      { number: 1, name: "GTV", frames: gtvSlices },
      { number: 2, name: "Box", frames: 3 },
    ]);
  });

  it("reads a BINARY SEG written with dcmjs back exactly, by label or number", () => {
    const seg = file({});
    expect(countDifferent(readSeg(seg, series, { segment: "GTV" }), gtv)).toBe(0);
    expect(countDifferent(readSeg(seg, series, { segment: 2 }), box)).toBe(0);
    expect(countDifferent(readSeg(seg, series, { segment: "box" }), box)).toBe(0);
    expect(box.data.reduce((n, v) => n + v, 0)).toBe(150);
  });

  it("reads a FRACTIONAL SEG back exactly, inside at a fraction of one half or more", () => {
    expect(countDifferent(readSeg(file({ type: "FRACTIONAL" }), series, { segment: "GTV" }), gtv)).toBe(0);
  });

  it("asks which segment when there are several, and lists them when the one asked for is absent", () => {
    const ambiguous = errorOf(() => readSeg(file({}), series));
    expect(ambiguous.code).toBe("INVALID_INPUT");
    expect(ambiguous.message).toContain('1 "GTV", 2 "Box"');
    expect(errorOf(() => readSeg(file({}), series, { segment: "Liver" }))).toEqual({
      code: "LABEL_NOT_FOUND",
      message: 'seg.dcm has no segment "Liver"; its segments are 1 "GTV", 2 "Box"',
    });
  });

  it("refuses frames that are off the image's voxel grid", () => {
    const off = errorOf(() => readSeg(file({ shift: [0.4885, 0, 0] }), series, { segment: 1 }));
    expect(off.code).toBe("GEOMETRY_MISMATCH");
    expect(off.message).toMatch(/frame 1 does not lie on the image's voxel grid/);
  });

  it("is chosen by --label when no ROI is named, and holds that label (readMaskInput)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "radiomics-seg-"));
    writeFileSync(join(dir, "seg.dcm"), file({}).bytes);
    const byLabel = await readMaskInput(join(dir, "seg.dcm"), series, { label: 2 });
    expect(countDifferent(byLabel, { ...box, data: box.data.map((v) => v * 2) })).toBe(0);
    const byRoi = await readMaskInput(join(dir, "seg.dcm"), series, { roi: "GTV" });
    expect(countDifferent(byRoi, gtv)).toBe(0);
  });
});

describe("contour rasterisation, even-odd at voxel centres", () => {
  /** A 10 × 10 × 3 grid of 1 mm voxels at the origin: voxel (i, j, k) has its centre at (i, j, k) mm. */
  const grid: Grid = { size: [10, 10, 3], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const square = (x0: number, y0: number, x1: number, y1: number, z: number) => [x0, y0, z, x1, y0, z, x1, y1, z, x0, y1, z];
  const count = (v: Volume<Uint8Array>) => v.data.reduce((n, x) => n + x, 0);
  const sliceCount = (v: Volume<Uint8Array>, k: number) => v.data.subarray(k * 100, (k + 1) * 100).reduce((n, x) => n + x, 0);

  it("fills the centres strictly inside a square: x, y in 1.5…5.5 covers 2…5, 16 voxels", () => {
    const mask = rasteriseContours([square(1.5, 1.5, 5.5, 5.5, 1)], grid);
    expect(count(mask)).toBe(16);
    expect(sliceCount(mask, 1)).toBe(16);
    expect(mask.data[1 * 100 + 2 * 10 + 2]).toBe(1);
    expect(mask.data[1 * 100 + 5 * 10 + 5]).toBe(1);
    expect(mask.data[1 * 100 + 6 * 10 + 6]).toBe(0);
  });

  it("counts a centre on a left or lower edge as inside and on a right or upper edge as outside", () => {
    // Edges through centres 2 and 5: columns and rows 2, 3, 4 are inside: 9 voxels.
    expect(count(rasteriseContours([square(2, 2, 5, 5, 0)], grid))).toBe(9);
  });

  it("makes a contour inside another a hole, and separate contours islands", () => {
    const outer = square(0.5, 0.5, 8.5, 8.5, 2); // 8 × 8 = 64 centres
    const hole = square(2.5, 2.5, 4.5, 4.5, 2); // 2 × 2 = 4 centres
    expect(count(rasteriseContours([outer, hole], grid))).toBe(60);
    const islands = rasteriseContours([square(0.5, 0.5, 2.5, 2.5, 0), square(5.5, 5.5, 8.5, 7.5, 0)], grid);
    expect(count(islands)).toBe(4 + 6);
  });

  it("assigns a contour to the nearest slice, drops contours off the grid, and refuses a tilted one", () => {
    expect(sliceCount(rasteriseContours([square(1.5, 1.5, 3.5, 3.5, 1.3)], grid), 1)).toBe(4);
    expect(count(rasteriseContours([square(1.5, 1.5, 3.5, 3.5, 7)], grid))).toBe(0);
    const tilted = [1.5, 1.5, 0, 4.5, 1.5, 2, 4.5, 4.5, 2, 1.5, 4.5, 0];
    expect(errorOf(() => rasteriseContours([tilted], grid, "ROI x")).message).toMatch(/ROI x: a contour spans 2\.00 slices/);
  });

  it("works in world coordinates of an oblique, offset grid", () => {
    // i runs along world y, j along world -x; origin (10, 20, 30); 2 mm voxels in-plane.
    const oblique: Grid = { size: [10, 10, 3], spacing: [2, 2, 1], origin: [10, 20, 30], direction: [0, -1, 0, 1, 0, 0, 0, 0, 1] };
    // Index square i, j ∈ [1.5, 5.5] on slice 1 maps to world x = 10 − 2j, y = 20 + 2i, z = 31.
    const contour = [[1.5, 1.5], [5.5, 1.5], [5.5, 5.5], [1.5, 5.5]].flatMap(([i, j]) => [10 - 2 * j!, 20 + 2 * i!, 31]);
    const mask = rasteriseContours([contour], oblique);
    expect(count(mask)).toBe(16);
    expect(mask.data[100 + 2 * 10 + 2]).toBe(1);
  });
});

describe("file inputs and the command line", () => {
  /** The phantom's DICOM files, unpacked into a temporary folder (with a stray non-DICOM file). */
  function unpackedPhantom(): { image: string; rtstruct: string } {
    const root = mkdtempSync(join(tmpdir(), "radiomics-dicom-"));
    mkdirSync(join(root, "image", "nested"), { recursive: true });
    // Odd slices in a subfolder, every third of them reached through a symbolic link.
    mkdirSync(join(root, "store"));
    slices.forEach((s, i) => {
      if (i % 6 === 1) {
        writeFileSync(join(root, "store", s.name), s.bytes);
        symlinkSync(join(root, "store", s.name), join(root, "image", "nested", s.name));
      } else writeFileSync(join(root, "image", i % 2 ? "nested" : "", s.name), s.bytes);
    });
    writeFileSync(join(root, "image", "README.txt"), "not DICOM");
    writeFileSync(join(root, "rs.dcm"), rtstruct.bytes);
    return { image: join(root, "image"), rtstruct: join(root, "rs.dcm") };
  }
  const paths = unpackedPhantom();

  it("reads a series folder (recursively, through symbolic links, skipping non-DICOM files) and an RTSTRUCT mask", async () => {
    const image = await readImageInput(paths.image);
    expect(countDifferent(image, niftiImage)).toBe(0);
    expect(countDifferent(await readDicomFolder(paths.image), niftiImage)).toBe(0);
    const mask = await readMaskInput(paths.rtstruct, image, { roi: "GTV-1" });
    expect(countDifferent(mask, niftiMask)).toBe(0);
  });

  it("radiomics batch takes a DICOM folder and an RTSTRUCT with its ROI column", () => {
    const dir = join(paths.image, "..");
    const nifti = [fixture("ibsi1", "ct_phantom", "image.nii.gz"), fixture("ibsi1", "ct_phantom", "mask.nii.gz")];
    writeFileSync(join(dir, "manifest.csv"), `case_id,Image,Mask,ROI\ndicom,image,rs.dcm,GTV-1\nnifti,${nifti[0]},${nifti[1]},\n`);
    writeFileSync(join(dir, "params.yaml"), "setting:\n  binWidth: 25\nfeatureClass:\n  statistics:\n");
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), "batch", join(dir, "manifest.csv"), "--params", join(dir, "params.yaml"), "--out", join(dir, "t.csv"), "--workers", "1"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const [dicom, fromNifti] = csvRecords(readFileSync(join(dir, "t.csv"), "utf8"));
    expect(dicom!["case_id"]).toBe("dicom");
    expect(Object.keys(dicom!)).not.toContain("ROI");
    const features = Object.keys(dicom!).filter((k) => k.startsWith("original_statistics_"));
    expect(features.length).toBeGreaterThan(15);
    for (const k of features) expect(Math.abs(Number(dicom![k]) - Number(fromNifti![k])), k).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(Number(fromNifti![k]))));
  });

  it("radiomics batch --sr writes a DICOM SR per DICOM case with the table's values, and fails a NIfTI case for it", () => {
    const dir = join(paths.image, "..");
    const nifti = [fixture("ibsi1", "ct_phantom", "image.nii.gz"), fixture("ibsi1", "ct_phantom", "mask.nii.gz")];
    writeFileSync(join(dir, "manifest-sr.csv"), `case_id,Image,Mask,ROI\ndicom,image,rs.dcm,GTV-1\nnifti,${nifti[0]},${nifti[1]},\n`);
    writeFileSync(join(dir, "params-sr.yaml"), "setting:\n  binWidth: 25\nfeatureClass:\n  glcm:\n");
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), "batch", join(dir, "manifest-sr.csv"), "--params", join(dir, "params-sr.yaml"), "--out", join(dir, "sr.csv"), "--workers", "1", "--sr", join(dir, "sr")], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(readdirSync(join(dir, "sr"))).toEqual(["dicom.dcm"]);
    const [row] = csvRecords(readFileSync(join(dir, "sr.csv"), "utf8"));
    const values = readMeasurementReport({ name: "dicom.dcm", bytes: new Uint8Array(readFileSync(join(dir, "sr", "dicom.dcm"))) });
    const glcm = Object.keys(row!).filter((k) => k.startsWith("original_glcm_"));
    expect(glcm.length).toBeGreaterThan(20);
    for (const k of glcm) expect(String(values[k]), k).toBe(row![k]);
    expect(csvRecords(readFileSync(join(dir, "sr.errors.csv"), "utf8")).map((e) => [e["case_id"], e["code"]])).toEqual([["nifti", "INVALID_INPUT"]]);
  });

  it("radiomics info lists a folder's series, an RTSTRUCT's ROIs and a SEG's segments", () => {
    const info = (path: string) => {
      const r = spawnSync(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), "info", path], { cwd: ROOT, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const folder = info(paths.image);
    expect(folder).toMatch(/^ {2}1\.3\.6\.1\.4\.1\.9590\S+\tCT\t\t60$/m);
    expect(folder).toContain("volume: 204 × 201 × 60 voxels of Int16");
    expect(info(paths.rtstruct)).toBe("RTSTRUCT; ROIs (number, name, closed contours):\n  1\tGTV-1\t26\n");
    const seg = join(paths.image, "..", "seg.dcm");
    writeFileSync(seg, gunzipFixture("ibsi1", "digital_phantom", "dicom", "mask.dcm.gz"));
    expect(info(seg)).toBe("DICOM SEG; segments (number, label, frames):\n  1\tROI\t4\n");
    expect(info(fixture("ibsi1", "ct_phantom", "mask.nii.gz"))).toContain("non-zero values (labels): 1");
  });

  it("radiomics extract <dicom folder> <RTSTRUCT> --roi GTV-1 gives the NIfTI case's features", async () => {
    const run = (image: string, mask: string, ...extra: string[]) => {
      const r = spawnSync(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), "extract", image, mask, "--profile", "pyradiomics", "--format", "long-csv", ...extra], {
        cwd: ROOT,
        encoding: "utf8",
      });
      expect(r.status, r.stderr).toBe(0);
      return new Map(csvRecords(r.stdout).map((row) => [`${row["family"]}|${row["feature"]}`, Number(row["value"])]));
    };
    const fromDicom = run(paths.image, paths.rtstruct, "--roi", "GTV-1");
    const fromNifti = run(fixture("ibsi1", "ct_phantom", "image.nii.gz"), fixture("ibsi1", "ct_phantom", "mask.nii.gz"));
    expect(fromDicom.size).toBe(fromNifti.size);
    expect(fromDicom.size).toBeGreaterThan(100);
    for (const [key, value] of fromNifti) expect(Math.abs(fromDicom.get(key)! - value), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
  });
});
