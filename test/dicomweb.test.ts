/**
 * The DICOMweb reader against a small archive served here on loopback (node:http): WADO-RS
 * multipart bodies, QIDO-RS JSON, basic authentication, and the failures a network has (wrong
 * credentials, unknown UIDs, 5xx answers, a connection cut mid-body, a server that is gone).
 * test/orthanc/ runs the same against a real Orthanc in CI.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extract, isRadiomicsError, parseDicomWebUrl, readDicomSeries, resolveConfig, retrieveDicomWebSeries, searchDicomWebSeries } from "../src/index.js";
import { describeInput, readImageInput, readMaskInput } from "../src/io/files.js";
import { multipartParts } from "../src/io/dicomweb.js";
import { ROOT } from "./helpers/fixtures.js";
import { AUTH, multipart, RTSTRUCT, rtstruct, SECRET, SERIES, slices, startArchive, STUDY, type Archive } from "./helpers/dicomweb-archive.js";

let archive: Archive;
let base: string;
let behaviour: Archive["behaviour"];

beforeAll(async () => {
  archive = await startArchive();
  ({ base, behaviour } = archive);
});

afterAll(() => archive.close());

const failure = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (e) {
    return isRadiomicsError(e) ? `${e.code}: ${e.message}` : `other: ${(e as Error).message}`;
  }
  return "no error";
};

const fast = { authorization: AUTH, backoffMs: 5 };

describe("DICOMweb", () => {
  it("reads a series and its RTSTRUCT as the local files, and the features are the same bit for bit", async () => {
    const url = `dicomweb:${base}/studies/${STUDY}/series/${SERIES}`;
    const image = await readImageInput(url, { dicomWeb: fast });
    const local = readDicomSeries(slices);
    expect(image.size).toEqual(local.size);
    expect(image.origin).toEqual(local.origin);
    expect(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength).equals(Buffer.from(local.data.buffer, local.data.byteOffset, local.data.byteLength))).toBe(true);
    const mask = await readMaskInput(`dicomweb:${base}/studies/${STUDY}/series/${RTSTRUCT}`, image, { roi: "GTV-1", dicomWeb: fast });
    const config = resolveConfig({ setting: { binWidth: 25 }, featureClass: { firstorder: null, glcm: null } }, { profile: "pyradiomics" });
    const [remote, here] = [await extract(image, mask, config), await extract(local, mask, config)];
    expect(remote.values).toEqual(here.values);
  });

  it("lists a study's series (QIDO-RS) and an RTSTRUCT's ROIs", async () => {
    const series = await searchDicomWebSeries(parseDicomWebUrl(`${base}/studies/${STUDY}`), fast);
    expect(series).toEqual([
      { seriesUid: SERIES, modality: "CT", description: "phantom", instances: 60 },
      { seriesUid: RTSTRUCT, modality: "RTSTRUCT", description: "GTV", instances: 1 },
    ]);
    const lines = await describeInput(`dicomweb:${base}/studies/${STUDY}/series/${RTSTRUCT}`, fast);
    expect(lines.join("\n")).toMatch(/RTSTRUCT; ROIs[^\n]*\n\s+\d+\tGTV-1/);
  });

  it("takes a study's one image series and its one RTSTRUCT series when the URL names only the study", async () => {
    const study = `dicomweb:${base}/studies/${STUDY}`;
    const image = await readImageInput(study, { dicomWeb: fast });
    expect(image.dicom!.seriesInstanceUid).toBe(readDicomSeries(slices).dicom!.seriesInstanceUid);
    const mask = await readMaskInput(study, image, { roi: "GTV-1", dicomWeb: fast });
    expect(mask.dicom!.kind).toBe("rtstruct");
    expect(Array.from(mask.data).filter(Boolean).length).toBeGreaterThan(1000);
  });

  it("takes the Authorization header from RADIOMICS_DICOMWEB_AUTHORIZATION, or a file the CLI names", async () => {
    process.env["RADIOMICS_DICOMWEB_AUTHORIZATION"] = AUTH;
    try {
      const image = await readImageInput(`dicomweb:${base}/studies/${STUDY}/series/${SERIES}`);
      expect(image.size).toEqual(readDicomSeries(slices).size);
    } finally {
      delete process.env["RADIOMICS_DICOMWEB_AUTHORIZATION"];
    }
    const dir = mkdtempSync(join(tmpdir(), "radiomics-auth-"));
    writeFileSync(join(dir, "auth"), `${AUTH}\n`);
    const env = { ...process.env };
    delete env["RADIOMICS_DICOMWEB_AUTHORIZATION"];
    // Asynchronously: the archive answers from this process.
    const child = spawn(process.execPath, [join(ROOT, "bin", "radiomics.cjs"), "--dicomweb-authorization-file", join(dir, "auth"), "info", `dicomweb:${base}/studies/${STUDY}`], { env });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((done) => child.on("exit", done));
    expect(status, stderr).toBe(0);
    expect(stdout).toContain(`${SERIES}\tCT\tphantom\t60`);
  });

  it("retries 5xx answers with backoff, and gives up with a clear error", async () => {
    behaviour.unavailable = 2;
    behaviour.requests = 0;
    const files = await retrieveDicomWebSeries({ base, studyUid: STUDY, seriesUid: RTSTRUCT }, fast);
    expect([files.length, behaviour.requests]).toEqual([1, 3]);
    behaviour.unavailable = 10;
    expect(await failure(() => retrieveDicomWebSeries({ base, studyUid: STUDY, seriesUid: RTSTRUCT }, { ...fast, retries: 2 }))).toBe(
      `IO_ERROR: cannot retrieve series ${RTSTRUCT} of study ${STUDY} from ${base}/studies/${STUDY}/series/${RTSTRUCT}: HTTP 503, 3 tries`,
    );
    behaviour.unavailable = 0;
  });

  it("names wrong credentials, missing ones and unknown UIDs, and never shows the credentials", async () => {
    const wrong = await failure(() => readImageInput(`dicomweb:${base}/studies/${STUDY}/series/${SERIES}`, { dicomWeb: { authorization: `Basic ${Buffer.from("radiomics:nope-" + SECRET).toString("base64")}` } }));
    expect(wrong).toMatch(/^IO_ERROR: the archive refused series .* \(HTTP 401\) at http:\/\/127\.0\.0\.1:\d+\/dicom-web\/studies\/.*: check the credentials/);
    expect(wrong).not.toContain(SECRET);
    expect(wrong).not.toContain("cmFkaW9taWNz"); // base64 of "radiomics"
    expect(await failure(() => retrieveDicomWebSeries({ base, studyUid: STUDY, seriesUid: SERIES }))).toMatch(/HTTP 401.*it needs credentials/);
    expect(await failure(() => retrieveDicomWebSeries({ base, studyUid: STUDY, seriesUid: "1.2.3.999" }, fast))).toMatch(/^IO_ERROR: the archive has no series 1\.2\.3\.999 of study .* \(HTTP 404/);
    expect(await failure(async () => parseDicomWebUrl(`dicomweb:http://radiomics:${SECRET}@127.0.0.1/dicom-web/studies/1.2`))).not.toContain(SECRET);
  });

  it("refuses a body cut mid-transfer, after its retries, naming how much arrived", async () => {
    behaviour.cutAfter = 300_000;
    const cut = await failure(() => retrieveDicomWebSeries({ base, studyUid: STUDY, seriesUid: SERIES }, { ...fast, retries: 1 }));
    behaviour.cutAfter = 0;
    expect(cut).toMatch(new RegExp(`^IO_ERROR: cannot retrieve series ${SERIES.replace(/\./g, "\\.")} .*the transfer broke off .*2 tries`));
  });

  it("tells a closing boundary from a cut one in multipart bodies", () => {
    const whole = multipart([rtstruct, { name: "b", bytes: Uint8Array.of(1, 2, 3) }], "XyZ");
    const parts = multipartParts(new Uint8Array(whole), 'multipart/related; type="application/dicom"; boundary="XyZ"', "test");
    expect(parts.map((p) => p.length)).toEqual([rtstruct.bytes.length, 3]);
    expect(Array.from(parts[1]!)).toEqual([1, 2, 3]);
    const cut = new Uint8Array(whole.subarray(0, whole.length - 20));
    expect(() => multipartParts(cut, "multipart/related; boundary=XyZ", "series 9")).toThrow(/ended after 1 complete instance\(s\), before its closing boundary/);
    expect(() => multipartParts(new Uint8Array(whole), "application/json", "series 9")).toThrow(/not a multipart body/);
  });

  it("reports an archive that is not there", async () => {
    // A port that was free a moment ago.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((done) => probe.close(done));
    const gone = await failure(() => retrieveDicomWebSeries({ base: `http://127.0.0.1:${port}/dicom-web`, studyUid: STUDY, seriesUid: SERIES }, { retries: 1, backoffMs: 5 }));
    expect(gone).toMatch(new RegExp(`^IO_ERROR: cannot retrieve series .* from http://127\\.0\\.0\\.1:${port}/dicom-web/.*: no answer \\(ECONNREFUSED\\), 2 tries$`));
  });
});
