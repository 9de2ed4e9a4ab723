/**
 * A small DICOMweb archive for the tests, on loopback: the IBSI CT phantom's series and its
 * RTSTRUCT in one study, behind basic authentication, with WADO-RS (multipart) and QIDO-RS
 * series search, and switches for the failures a network has (5xx answers, a body cut off).
 */
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { imageFromFiles, maskFromFiles, resolveConfig, type DicomFile } from "../../src/index.js";
import { fixture, readFixture } from "./fixtures.js";

export const STUDY = "1.2.826.0.1.3680043.8.498.1", SERIES = "1.2.826.0.1.3680043.8.498.2", RTSTRUCT = "1.2.826.0.1.3680043.8.498.3";
export const SECRET = "s3cr3t-p4ss";
export const AUTH = `Basic ${Buffer.from(`radiomics:${SECRET}`).toString("base64")}`;

/** The CT phantom's 60 slices and its RTSTRUCT, as files. */
export const slices: DicomFile[] = readdirSync(fixture("ibsi1", "ct_phantom", "dicom", "image")).sort().map((f) => ({ name: f, bytes: new Uint8Array(gunzipSync(readFixture("ibsi1", "ct_phantom", "dicom", "image", f))) }));
export const rtstruct: DicomFile = { name: "RS.dcm", bytes: new Uint8Array(gunzipSync(readFixture("ibsi1", "ct_phantom", "dicom", "mask", "DCM_RS_00060.dcm.gz"))) };

/** The CT phantom read from its DICOM series and RTSTRUCT (ROI GTV-1), and the pyradiomics settings the clinical tests use. */
export function dicomCase() {
  const image = imageFromFiles(slices);
  return { image, mask: maskFromFiles([rtstruct], image, { roi: "GTV-1" }), config: resolveConfig({ setting: { binWidth: 25 } }, { profile: "pyradiomics" }) };
}

/** A multipart/related body of DICOM parts. */
export function multipart(parts: DicomFile[], boundary: string): Buffer {
  return Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\nContent-Length: ${p.bytes.length}\r\n\r\n`), Buffer.from(p.bytes), Buffer.from("\r\n")]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}

export interface Archive {
  /** The DICOMweb root, e.g. http://127.0.0.1:PORT/dicom-web. */
  base: string;
  /** What the archive does next: 503s to answer before serving, a byte count after which a series' body is cut, requests seen. */
  behaviour: { unavailable: number; cutAfter: number; requests: number };
  close(): Promise<void>;
}

/** Starts the archive; `cors` answers browsers' preflights and allows any origin. */
export async function startArchive(options: { cors?: boolean } = {}): Promise<Archive> {
  const behaviour = { unavailable: 0, cutAfter: 0, requests: 0 };
  const cors: Record<string, string> = options.cors ? { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Authorization, Accept" } : {};
  const server: Server = createServer((request, response) => {
    if (options.cors && request.method === "OPTIONS") return void response.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "GET" }).end();
    behaviour.requests++;
    if (request.headers.authorization !== AUTH) return void response.writeHead(401, { ...cors, "WWW-Authenticate": 'Basic realm="archive"' }).end();
    if (behaviour.unavailable > 0) {
      behaviour.unavailable--;
      return void response.writeHead(503, cors).end();
    }
    const path = request.url ?? "";
    const series: Record<string, DicomFile[]> = { [SERIES]: slices, [RTSTRUCT]: [rtstruct] };
    const wado = new RegExp(`^/dicom-web/studies/${STUDY}/series/([0-9.]+)$`).exec(path);
    if (wado && series[wado[1]!]) {
      const boundary = randomBytes(12).toString("hex");
      const body = multipart(series[wado[1]!]!, boundary);
      response.writeHead(200, { ...cors, "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}` });
      if (behaviour.cutAfter > 0) {
        // Part of the body, then the connection goes.
        response.write(body.subarray(0, behaviour.cutAfter));
        return void setTimeout(() => response.socket?.destroy(), 20);
      }
      return void response.end(body);
    }
    if (path.startsWith(`/dicom-web/studies/${STUDY}/series?`)) {
      const json = [SERIES, RTSTRUCT].map((uid, i) => ({
        "0020000E": { vr: "UI", Value: [uid] }, "00080060": { vr: "CS", Value: [i ? "RTSTRUCT" : "CT"] },
        "0008103E": { vr: "LO", Value: [i ? "GTV" : "phantom"] }, "00201209": { vr: "IS", Value: [i ? 1 : 60] },
      }));
      return void response.writeHead(200, { ...cors, "Content-Type": "application/dicom+json" }).end(JSON.stringify(json));
    }
    response.writeHead(404, cors).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`,
    behaviour,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
