/**
 * DICOMweb in (any runtime with `fetch`: Node, Deno, browsers when the archive allows CORS):
 * QIDO-RS to list a study's series, WADO-RS to retrieve a series' instances, which the DICOM
 * readers then read as if they were files.
 *
 * - A series is named by its URL, `dicomweb:<base>/studies/<StudyUID>/series/<SeriesUID>`
 *   (the `dicomweb:` prefix is optional in the library); `<base>` is the archive's DICOMweb
 *   root, e.g. `http://127.0.0.1:8042/dicom-web`.
 * - Credentials travel as an `Authorization` header value (`Basic …`, `Bearer …`), never in
 *   the URL, and never appear in a message: errors name the URL without them.
 * - Each request has a timeout; 5xx answers, 429 and broken connections (refused, reset, a
 *   body cut off) are retried with exponential backoff; 401/403 and 404 are not.
 * - WADO-RS answers `multipart/related; type="application/dicom"`: each part is one
 *   instance. A body that ends before its closing boundary (an archive that answers without
 *   a length and closes the connection when cut, as Orthanc does) is retried like a broken
 *   connection, and is never taken for a series with instances missing.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { concatBytes } from "./bytes.js";
import type { DicomFile } from "./dicom.js";

/** How to reach an archive. */
export interface DicomWebOptions {
  /** Value of the `Authorization` header (`Basic <base64 user:password>`, `Bearer <token>`). */
  authorization?: string;
  /** Other request headers. */
  headers?: Record<string, string>;
  /** Milliseconds a request (answer and body) may take. @default 120000 */
  timeoutMs?: number;
  /** Further tries after a 5xx, 429 or broken connection. @default 3 */
  retries?: number;
  /** Milliseconds before the first retry, doubled for each next one. @default 500 */
  backoffMs?: number;
  /** The fetch to use (a runtime's own by default). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** A study or series in an archive. */
export interface DicomWebRef {
  /** The DICOMweb root, without a trailing slash. */
  base: string;
  studyUid: string;
  seriesUid?: string;
}

/** A series as QIDO-RS describes it. */
export interface DicomWebSeries {
  seriesUid: string;
  modality: string;
  description: string;
  instances: number;
}

/**
 * Whether a path names a DICOMweb study or series (`dicomweb:` prefix).
 * @example
 * ```ts
 * isDicomWebUrl("dicomweb:https://pacs.example.org/dicom-web/studies/1.2.3"); // true
 * ```
 */
export function isDicomWebUrl(path: string): boolean {
  return /^dicomweb:/i.test(path);
}

/**
 * The archive root, study and series of a DICOMweb URL: `[dicomweb:]<base>/studies/<UID>[/series/<UID>]`.
 * @throws RadiomicsError `INVALID_INPUT` when the URL names no study or holds credentials.
 * @example
 * ```ts
 * parseDicomWebUrl("dicomweb:http://127.0.0.1:8042/dicom-web/studies/1.2.3/series/1.2.3.4");
 * // { base: "http://127.0.0.1:8042/dicom-web", studyUid: "1.2.3", seriesUid: "1.2.3.4" }
 * ```
 */
export function parseDicomWebUrl(url: string): DicomWebRef {
  const parsed = archiveUrl(url);
  const m = /^(.*?)\/studies\/([0-9.]+)(?:\/series\/([0-9.]+))?\/?$/.exec(parsed.pathname);
  if (!m) throw new RadiomicsError("INVALID_INPUT", `"${url}" names no study: write dicomweb:http(s)://<host>/<root>/studies/<StudyUID>[/series/<SeriesUID>]`);
  return { base: `${parsed.origin}${m[1]}`, studyUid: m[2]!, ...(m[3] ? { seriesUid: m[3] } : {}) };
}

/**
 * An archive's http(s) URL, `dicomweb:` prefix optional.
 * @throws RadiomicsError `INVALID_INPUT` when it is no such URL or holds credentials.
 */
function archiveUrl(url: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url.replace(/^dicomweb:/i, ""));
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    throw new RadiomicsError("INVALID_INPUT", `"${url}" is not a DICOMweb URL: write dicomweb:http(s)://<host>/<root>/studies/<StudyUID>/series/<SeriesUID>`);
  }
  if (parsed.username || parsed.password) {
    throw new RadiomicsError("INVALID_INPUT", `a DICOMweb URL must not hold credentials (they would show in logs and tables): give them as an Authorization header, in RADIOMICS_DICOMWEB_AUTHORIZATION on the command line`);
  }
  return parsed;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** Why a request failed, in words for a message (the cause of a fetch rejection, a timeout). */
function reason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return "it timed out";
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/** A body that ended early: retried like a broken connection. */
class CutBody extends Error {}

/**
 * GET (or POST an `upload`) with the options' headers, timeout and retries; `read` turns the whole body (and the
 * answer's content type) into the result, throwing {@link CutBody} when it ended early.
 */
async function request<T>(url: string, accept: string, what: string, options: DicomWebOptions, read: (body: Uint8Array, contentType: string) => T, upload?: { body: Uint8Array; contentType: string }): Promise<T> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const retries = options.retries ?? 3;
  const headers: Record<string, string> = { ...options.headers, Accept: accept, ...(upload ? { "Content-Type": upload.contentType } : {}) };
  if (options.authorization) headers["Authorization"] = options.authorization;
  let lastProblem = "";
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 120_000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let status = 0;
    try {
      const response = await doFetch(url, upload ? { method: "POST", headers, body: upload.body as Uint8Array<ArrayBuffer>, signal } : { headers, signal });
      status = response.status;
      if (status === 401 || status === 403) {
        throw new RadiomicsError("IO_ERROR", `the archive refused ${what} (HTTP ${status}) at ${url}: ${options.authorization ? "check the credentials" : "it needs credentials"} (an Authorization header value, in RADIOMICS_DICOMWEB_AUTHORIZATION on the command line)`, { url, status });
      }
      if (status === 404) throw new RadiomicsError("IO_ERROR", `the archive has no ${what} (HTTP 404 at ${url}): check the UIDs`, { url, status });
      if (response.ok) return read(new Uint8Array(await response.arrayBuffer()), response.headers.get("content-type") ?? "");
      lastProblem = `HTTP ${status}`;
      if (!(status >= 500 || status === 429)) throw new RadiomicsError("IO_ERROR", `the archive answered HTTP ${status} for ${what} at ${url}`, { url, status });
    } catch (err) {
      if (err instanceof RadiomicsError) throw err;
      if (options.signal?.aborted) throw options.signal.reason;
      lastProblem = err instanceof CutBody ? `the transfer broke off (${err.message})` : status ? `the transfer broke off (${reason(err)})` : `no answer (${reason(err)})`;
    }
    if (attempt >= retries) {
      throw new RadiomicsError("IO_ERROR", `cannot ${upload ? "complete" : "retrieve"} ${what} ${upload ? "at" : "from"} ${url}: ${lastProblem}, ${retries + 1} tries`, { url });
    }
    await sleep((options.backoffMs ?? 500) * 2 ** attempt, options.signal);
  }
}

const indexOf = (hay: Uint8Array, needle: Uint8Array, from: number) => {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
};

/**
 * The parts of a `multipart/related` body (RFC 2046): the bytes between the boundaries, after
 * each part's headers.
 * Throws `CutBody` (retried by the caller) when the body ends before its closing boundary.
 */
export function multipartParts(body: Uint8Array, contentType: string, what: string): Uint8Array[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\//i.test(contentType) || !boundary) {
    throw new RadiomicsError("IO_ERROR", `the archive answered ${what} with "${contentType || "no content type"}", not a multipart body of DICOM instances`);
  }
  const encoder = new TextEncoder();
  const delimiter = encoder.encode(`--${boundary}`);
  const partEnd = encoder.encode(`\r\n--${boundary}`);
  const headerEnd = encoder.encode("\r\n\r\n");
  const parts: Uint8Array[] = [];
  let at = indexOf(body, delimiter, 0);
  while (at >= 0) {
    const after = at + delimiter.length;
    // "--" after a delimiter closes the body.
    if (body[after] === 0x2d && body[after + 1] === 0x2d) return parts;
    const headersEnd = indexOf(body, headerEnd, after);
    const next = headersEnd < 0 ? -1 : indexOf(body, partEnd, headersEnd + 4);
    if (next < 0) break;
    parts.push(body.subarray(headersEnd + 4, next));
    at = next + 2;
  }
  throw new CutBody(`the answer for ${what} ended after ${parts.length} complete instance(s), before its closing boundary`);
}

/**
 * The instances of a series (WADO-RS), as DICOM files named `<SeriesUID>/<n>.dcm`.
 * @example
 * ```ts
 * const url = "dicomweb:http://127.0.0.1:8042/dicom-web/studies/1.2.3/series/1.2.3.4";
 * const image = readDicomSeries(await retrieveDicomWebSeries(parseDicomWebUrl(url), { authorization: "Bearer eyJhbGciOi…" }));
 * ```
 */
export async function retrieveDicomWebSeries(ref: DicomWebRef, options: DicomWebOptions = {}): Promise<DicomFile[]> {
  if (!ref.seriesUid) throw new RadiomicsError("INVALID_INPUT", `${ref.base}/studies/${ref.studyUid} names a study, not a series: add /series/<SeriesUID> (radiomics info lists them)`);
  const url = `${ref.base}/studies/${ref.studyUid}/series/${ref.seriesUid}`;
  const what = `series ${ref.seriesUid} of study ${ref.studyUid}`;
  const parts = await request(url, 'multipart/related; type="application/dicom"', what, options, (body, contentType) => multipartParts(body, contentType, what));
  return parts.map((bytes, n) => ({ name: `${ref.seriesUid}/${n + 1}.dcm`, bytes }));
}

/** The first value of a DICOM JSON attribute. */
const first = (dataset: Record<string, { Value?: unknown[] }>, tag: string) => dataset[tag]?.Value?.[0];

/**
 * The series of a study (QIDO-RS), with modality, description and instance count.
 * @example
 * ```ts
 * const series = await searchDicomWebSeries(parseDicomWebUrl("dicomweb:http://127.0.0.1:8042/dicom-web/studies/1.2.3"), { authorization: "Basic cmFkaW9taWNzOnNlY3JldA==" });
 * ```
 */
export async function searchDicomWebSeries(ref: DicomWebRef, options: DicomWebOptions = {}): Promise<DicomWebSeries[]> {
  const url = `${ref.base}/studies/${ref.studyUid}/series?includefield=0008103E&includefield=00201209`;
  const text = await request(url, "application/dicom+json", `the series of study ${ref.studyUid}`, options, (body) => new TextDecoder().decode(body).trim());
  let datasets: Array<Record<string, { Value?: unknown[] }>>;
  try {
    datasets = text ? JSON.parse(text) : [];
  } catch {
    throw new RadiomicsError("IO_ERROR", `the archive's QIDO-RS answer for study ${ref.studyUid} is not DICOM JSON`, { url });
  }
  return datasets.map((d) => ({
    seriesUid: String(first(d, "0020000E") ?? ""),
    modality: String(first(d, "00080060") ?? ""),
    description: String(first(d, "0008103E") ?? ""),
    instances: Number(first(d, "00201209") ?? NaN),
  }));
}

/**
 * Stores DICOM instances in an archive (STOW-RS, `POST <base>/studies`), as one multipart
 * request; retried as retrievals are.
 * @example
 * ```ts
 * await storeDicomWebInstances("http://127.0.0.1:8042/dicom-web", [{ name: "sr.dcm", bytes }], { authorization: "Basic cmFkaW9taWNzOnNlY3JldA==" });
 * ```
 */
export async function storeDicomWebInstances(base: string, files: readonly DicomFile[], options: DicomWebOptions = {}): Promise<void> {
  const parsed = archiveUrl(base);
  const root = `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
  const boundary = `radiomics-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const encoder = new TextEncoder();
  const chunks = files.flatMap((f) => [encoder.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), f.bytes, encoder.encode("\r\n")]);
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const body = concatBytes(chunks);
  await request(`${root}/studies`, "application/dicom+json", `the storage of ${files.length} instance(s)`, options, () => undefined, {
    body,
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
  });
}
