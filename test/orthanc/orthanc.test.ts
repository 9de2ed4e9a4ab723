/**
 * DICOMweb against a real archive: Orthanc with its DICOMweb plugin (Debian's `orthanc` and
 * `orthanc-dicomweb`), started here on loopback with basic authentication, holding the IBSI
 * CT phantom's series and RTSTRUCT; the DICOM SR checked by dciodvfy (`dicom3tools`) and
 * dsrdump (`dcmtk`) and stored back by STOW-RS. `npm run test:orthanc` (needs `npm run build`; .ci/run
 * installs Orthanc). Results go to test-artifacts/orthanc-timing.json.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDicomFile } from "../../src/io/dicom.js";
import { parseDicomWebUrl, readMeasurementReport, retrieveDicomWebSeries, searchDicomWebSeries } from "../../src/index.js";
import { csvRecords, fixture, ROOT } from "../helpers/fixtures.js";

const ORTHANC = process.env["ORTHANC"] ?? "/usr/sbin/Orthanc";
const PLUGIN = process.env["ORTHANC_DICOMWEB_PLUGIN"] ?? "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";
const PASSWORD = "radiomics-test-password";
const AUTH = `Basic ${Buffer.from(`radiomics:${PASSWORD}`).toString("base64")}`;
const BIN = join(ROOT, "bin", "radiomics.cjs");

const work = mkdtempSync(join(tmpdir(), "radiomics-orthanc-"));
let orthanc: ChildProcess;
let port = 0;
let study = "", imageSeries = "", rtstructSeries = "";
const local = { image: join(work, "ct"), rtstruct: join(work, "RS.dcm") };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return free;
}

const radiomics = (args: string[], authorization: string | null = AUTH) => {
  const env = { ...process.env };
  delete env["RADIOMICS_DICOMWEB_AUTHORIZATION"];
  if (authorization) env["RADIOMICS_DICOMWEB_AUTHORIZATION"] = authorization;
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (performance.now() - started) / 1000 };
};

beforeAll(async () => {
  // The phantom as local files, and their UIDs.
  mkdirSync(local.image);
  const slices = readdirSync(fixture("ibsi1", "ct_phantom", "dicom", "image")).map((f) => {
    const bytes = gunzipSync(readFileSync(fixture("ibsi1", "ct_phantom", "dicom", "image", f)));
    writeFileSync(join(local.image, f.replace(/\.gz$/, "")), bytes);
    return bytes;
  });
  const rs = gunzipSync(readFileSync(fixture("ibsi1", "ct_phantom", "dicom", "mask", "DCM_RS_00060.dcm.gz")));
  writeFileSync(local.rtstruct, rs);
  const uids = (bytes: Buffer): [string, string] => {
    const ds = parseDicomFile({ name: "x", bytes: new Uint8Array(bytes) });
    return [ds.string("x0020000d") ?? "", ds.string("x0020000e") ?? ""];
  };
  [study, imageSeries] = uids(slices[0]!);
  rtstructSeries = uids(rs)[1];

  // Orthanc on loopback, basic authentication on, the DICOMweb plugin, no DICOM port.
  port = await freePort();
  const config = {
    Name: "radiomics-test", StorageDirectory: join(work, "db"), IndexDirectory: join(work, "db"),
    HttpPort: port, RemoteAccessAllowed: false, DicomServerEnabled: false,
    AuthenticationEnabled: true, RegisteredUsers: { radiomics: PASSWORD },
    Plugins: [PLUGIN], DicomWeb: { Enable: true, Root: "/dicom-web/" },
  };
  writeFileSync(join(work, "orthanc.json"), JSON.stringify(config));
  orthanc = spawn(ORTHANC, [join(work, "orthanc.json")], { stdio: "ignore" });
  const origin = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    const up = await fetch(`${origin}/system`, { headers: { Authorization: AUTH } }).then((r) => r.ok, () => false);
    if (up) break;
    if (tries > 150) throw new Error("Orthanc did not start within 30 s");
    await new Promise((next) => setTimeout(next, 200));
  }
  for (const bytes of [...slices, rs]) {
    const stored = await fetch(`${origin}/instances`, { method: "POST", headers: { Authorization: AUTH, "Content-Type": "application/dicom" }, body: bytes });
    if (!stored.ok) throw new Error(`Orthanc refused an instance: HTTP ${stored.status}`);
  }
}, 90_000);

afterAll(() => {
  orthanc?.kill("SIGTERM");
});

const series = (uid: string, host = `127.0.0.1:${port}`) => `dicomweb:http://${host}/dicom-web/studies/${study}/series/${uid}`;
/** The feature columns of a one-row JSON output. */
const values = (json: string) => Object.fromEntries(Object.entries((JSON.parse(json) as Array<Record<string, unknown>>)[0]!).filter(([k]) => k.startsWith("original_")));

describe("DICOMweb against Orthanc", () => {
  it("extracts the CT phantom through DICOMweb with the same values as from local files, bit for bit", () => {
    const args = ["--roi", "GTV-1", "--profile", "pyradiomics", "--format", "json"];
    const remote = radiomics(["extract", series(imageSeries), series(rtstructSeries), ...args]);
    expect(remote.code, remote.stderr).toBe(0);
    const here = radiomics(["extract", local.image, local.rtstruct, ...args]);
    expect(here.code, here.stderr).toBe(0);
    expect(values(remote.stdout)).toEqual(values(here.stdout));
    expect(Object.keys(values(remote.stdout)).length).toBe(107);
    mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
    writeFileSync(join(ROOT, "test-artifacts", "orthanc-timing.json"), JSON.stringify({ extractThroughDicomWebSeconds: remote.seconds, extractFromLocalFilesSeconds: here.seconds }, null, 2));
    console.log(`CT phantom, one radiomics extract process: through DICOMweb ${remote.seconds.toFixed(2)} s, from local files ${here.seconds.toFixed(2)} s`);
  });

  it("lists the study's series, and the RTSTRUCT's ROIs, with radiomics info", () => {
    const studyInfo = radiomics(["info", `dicomweb:http://127.0.0.1:${port}/dicom-web/studies/${study}`]);
    expect(studyInfo.code, studyInfo.stderr).toBe(0);
    expect(studyInfo.stdout).toContain(`${imageSeries}\tCT`);
    expect(studyInfo.stdout).toContain(`${rtstructSeries}\tRTSTRUCT`);
    const rois = radiomics(["info", series(rtstructSeries)]);
    expect(rois.stdout).toMatch(/RTSTRUCT; ROIs.*\n.*GTV-1/);
  });

  it("says which credentials failed without showing them, and which UID is unknown", () => {
    const wrongPassword = "not-the-password-42";
    const wrong = radiomics(["extract", series(imageSeries), series(rtstructSeries), "--roi", "GTV-1"], `Basic ${Buffer.from(`radiomics:${wrongPassword}`).toString("base64")}`);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^radiomics: error \[IO_ERROR\]: the archive refused series .* \(HTTP 401\) .*check the credentials/);
    for (const secret of [wrongPassword, PASSWORD, Buffer.from(`radiomics:${wrongPassword}`).toString("base64")]) expect(wrong.stderr + wrong.stdout).not.toContain(secret);
    const none = radiomics(["extract", series(imageSeries), series(rtstructSeries), "--roi", "GTV-1"], null);
    expect(none.stderr).toMatch(/HTTP 401.*it needs credentials/);
    const unknown = radiomics(["extract", series("1.2.3.4.5.6.7"), series(rtstructSeries), "--roi", "GTV-1"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/the archive has no series 1\.2\.3\.4\.5\.6\.7 of study .* \(HTTP 404/);
  });

  it("writes a DICOM SR that dciodvfy finds no error in and dsrdump reads, stores it by STOW-RS and finds it by QIDO-RS, with the same values", async () => {
    const sr = join(work, "features-sr.dcm");
    const base = `dicomweb:http://127.0.0.1:${port}/dicom-web`;
    const made = radiomics(["extract", series(imageSeries), series(rtstructSeries), "--roi", "GTV-1", "--profile", "pyradiomics", "--format", "dicom-sr", "--out", sr, "--store", base]);
    expect(made.code, made.stderr).toBe(0);
    const verdict = spawnSync("dciodvfy", [sr], { encoding: "utf8" });
    const lines = `${verdict.stdout}${verdict.stderr}`.split("\n");
    expect(lines.filter((l) => l.startsWith("Error"))).toEqual([]);
    expect(lines).toContain("EnhancedSR");
    const dump = spawnSync("dsrdump", [sr], { encoding: "utf8" });
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.stdout).toContain('<CONTAINER:(,,"Imaging Measurement Report")=SEPARATE>');
    expect(dump.stdout).toMatch(/<contains NUM:\(,,"Mean"\)="-46\.88\d*" \(\[hnsf'U\],UCUM/);
    // Found again in the archive, and read back: the values of a JSON extraction, bit for bit.
    const found = await searchDicomWebSeries(parseDicomWebUrl(`${base}/studies/${study}`), { authorization: AUTH });
    const report = found.find((s) => s.modality === "SR");
    expect(report?.instances).toBe(1);
    const [stored] = await retrieveDicomWebSeries({ base: base.replace(/^dicomweb:/, ""), studyUid: study, seriesUid: report!.seriesUid }, { authorization: AUTH });
    const json = radiomics(["extract", local.image, local.rtstruct, "--roi", "GTV-1", "--profile", "pyradiomics", "--format", "json"]);
    const fromReport = readMeasurementReport(stored!);
    for (const [column, value] of Object.entries(values(json.stdout))) expect(fromReport[column], column).toBe(value === null ? NaN : value);
  });

  it("records a case whose transfer is cut mid-body, writes no partial output, and goes on with the batch", async () => {
    // A proxy in front of Orthanc that closes each connection after 200 kB of the answer.
    const proxy: Server = createServer((client) => {
      const upstream = createConnection({ host: "127.0.0.1", port });
      let sent = 0;
      client.pipe(upstream);
      upstream.on("data", (chunk: Buffer) => {
        sent += chunk.length;
        client.write(chunk);
        if (sent > 200_000) {
          client.destroy();
          upstream.destroy();
        }
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyHost = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const dir = mkdtempSync(join(tmpdir(), "radiomics-orthanc-batch-"));
    writeFileSync(join(dir, "manifest.csv"), [
      "case_id,Image,Mask,ROI",
      `cut,${series(imageSeries, proxyHost)},${series(rtstructSeries)},GTV-1`,
      `whole,${series(imageSeries)},${series(rtstructSeries)},GTV-1`,
    ].join("\n") + "\n");
    const batch = spawn(process.execPath, [BIN, "batch", join(dir, "manifest.csv"), "--profile", "pyradiomics", "--out", join(dir, "features.csv"), "--workers", "1"], {
      env: { ...process.env, RADIOMICS_DICOMWEB_AUTHORIZATION: AUTH },
    });
    const code = await new Promise<number | null>((done) => batch.on("exit", done));
    await new Promise((done) => proxy.close(done));
    expect(code).toBe(1);
    const errors = csvRecords(readFileSync(join(dir, "features.errors.csv"), "utf8"));
    expect(errors.map((e) => [e["case_id"], e["code"]])).toEqual([["cut", "IO_ERROR"]]);
    expect(errors[0]!["message"]).toMatch(/cannot retrieve series .*the transfer broke off/);
    expect(csvRecords(readFileSync(join(dir, "features.csv"), "utf8")).map((r) => r["case_id"])).toEqual(["whole"]);
    expect(readdirSync(join(dir, "features.csv.cases")).sort()).toEqual(["cut.error.json", "whole.json"]);
  });
});
