/**
 * DICOM SR out: the TID 1500 measurement report of the CT phantom read from its DICOM
 * series and RTSTRUCT, read back value for value; its structure, units and references;
 * NaN features; inputs that are not DICOM. (The validators dciodvfy and dsrdump, and STOW-RS
 * into Orthanc, run in test/orthanc/.)
 */
import dicomParser from "dicom-parser";
import { describe, expect, it } from "vitest";
import {
  extract, isRadiomicsError, measurementReport, readMeasurementReport, reportOfVolumes, resolveConfig, volumeFromArray, type DicomSource,
} from "../src/index.js";
import { dicomCase } from "./helpers/dicomweb-archive.js";

const { image, mask, config } = dicomCase();

describe("DICOM SR (TID 1500)", () => {
  it("holds every feature of the CT phantom, read back bit for bit", async () => {
    const row = await extract(image, mask, config);
    const bytes = reportOfVolumes(row, image, mask, config);
    const values = readMeasurementReport({ name: "sr.dcm", bytes });
    expect(Object.keys(values).length).toBe(107);
    for (const [column, value] of Object.entries(row.values)) expect(Object.is(values[column], value), column).toBe(true);
  });

  it("references the image series' instances and the structure set, with UCUM units and the template", async () => {
    const row = await extract(image, mask, config);
    const ds = dicomParser.parseDicom(reportOfVolumes(row, image, mask, config));
    expect(ds.string("x00080016")).toBe("1.2.840.10008.5.1.4.1.1.88.22");
    expect(ds.string("x00080060")).toBe("SR");
    expect(ds.string("x0020000d")).toBe(image.dicom!.studyInstanceUid);
    expect(ds.elements["x0040a504"]!.items![0]!.dataSet!.string("x0040db00")).toBe("1500");
    const evidence = ds.elements["x0040a375"]!.items!.flatMap((study) => study.dataSet!.elements["x00081115"]!.items!.flatMap((series) => series.dataSet!.elements["x00081199"]!.items!.map((i) => i.dataSet!.string("x00081155"))));
    expect(evidence.sort()).toEqual([...image.dicom!.instances, ...mask.dicom!.instances].map((i) => i.sopInstanceUid).sort());
    // Every NUM's unit, by the feature's concept name.
    const units = new Map<string, string>();
    const walk = (d: dicomParser.DataSet) => {
      for (const child of d.elements["x0040a730"]?.items ?? []) {
        const c = child.dataSet!;
        if (c.string("x0040a040") === "NUM") {
          const name = c.elements["x0040a043"]!.items![0]!.dataSet!;
          const unit = c.elements["x0040a300"]?.items?.[0]?.dataSet?.elements["x004008ea"]?.items?.[0]?.dataSet;
          units.set(`${name.string("x00080102")}:${name.string("x00080100") ?? name.string("x00080119")}`, `${unit?.string("x00080102")}:${unit?.string("x00080100")}`);
        } else walk(c);
      }
    };
    walk(ds);
    expect(units.get("IBSI:RNU0")).toBe("UCUM:mm3"); // mesh volume
    expect(units.get("IBSI:Q4LE")).toBe("UCUM:[hnsf'U]"); // mean intensity of a CT
    expect(units.get("IBSI:ECT3")).toBe("UCUM:[hnsf'U]2"); // variance
    expect(units.get("IBSI:ACUI")).toBe("UCUM:1"); // GLCM contrast
    expect(units.get("99RADIOMICS:firstorder.TotalEnergy")).toBe("UCUM:[hnsf'U]2.mm3");
  });

  it("keeps NaN values as 'Not a number', and refuses images and masks that are not DICOM", async () => {
    const source = (kind: DicomSource["kind"]): DicomSource => ({
      kind, studyInstanceUid: "1.2.3", seriesInstanceUid: kind === "image" ? "1.2.3.1" : "1.2.3.2", instances: [{ sopClassUid: "1.2.840.10008.5.1.4.1.1.2", sopInstanceUid: `1.2.3.${kind}` }],
      modality: "CT", patientName: "", patientId: "p", patientBirthDate: "", patientSex: "", studyDate: "", studyTime: "", studyId: "", accessionNumber: "", referringPhysicianName: "", roiNumber: 1, roiName: "cube",
    });
    const cube = new Uint8Array(125);
    for (let z = 1; z < 4; z++) for (let y = 1; y < 4; y++) for (let x = 1; x < 4; x++) cube[x + 5 * (y + 5 * z)] = 1;
    const flat = { ...volumeFromArray(new Int16Array(125).fill(100), [5, 5, 5]), dicom: source("image") };
    const roi = { ...volumeFromArray(cube, [5, 5, 5]), dicom: source("rtstruct") };
    const ibsi = resolveConfig({ setting: { binWidth: 25 }, featureClass: { glcm: null } }, { profile: "ibsi" });
    const row = await extract(flat, roi, ibsi);
    expect(row.features.some((f) => Number.isNaN(f.value))).toBe(true);
    const values = readMeasurementReport({ name: "nan.dcm", bytes: measurementReport(row, { image: flat.dicom, mask: roi.dicom }) });
    for (const [column, value] of Object.entries(row.values)) expect(Object.is(values[column], value), column).toBe(true);
    const code = (run: () => unknown) => { try { run(); } catch (e) { return isRadiomicsError(e) ? e.code : "other"; } return "none"; };
    expect(code(() => reportOfVolumes(row, volumeFromArray(new Int16Array(125), [5, 5, 5]), roi, ibsi))).toBe("INVALID_INPUT");
  });
});
