/**
 * The page's extraction worker: reads the dropped files, extracts the features and draws
 * slices, off the page's thread so the page stays responsive. Filtered image types share
 * their response maps with family workers (Web Workers, `family-worker.js` beside this
 * file), in shared memory when the page is cross-origin isolated.
 */
import { expose, type ProxyOrClone } from "comlink";
import {
  alignMask, extract, ibsiCodeOf, imageFromFiles, maskFromFiles, parseDicomWebUrl, parseParams, retrieveDicomWebSeries, roiView, renderPlane, resolveConfig, selectLabel,
  toWideCsv, planeAxes, WorkerPool, PLANES, digitize, histogramSvg, pyradiomicsBinEdges,
  type FamilyPool, type FeatureRow, type Plane, type Profile, type RgbPicture, type Volume,
} from "radiomics";

/** What the page sends: the files as the inputs gave them, the profile, and a params file's text. */
export interface RunRequest {
  /** The image's files, or a DICOMweb series URL (`dicomweb:<base>/studies/<UID>/series/<UID>`). */
  image: File[] | string;
  /** The mask's files, or a DICOMweb series URL. */
  mask: File[] | string;
  /** The `Authorization` header value for DICOMweb inputs. */
  authorization: string;
  /** The RTSTRUCT ROI or SEG segment (name or number) of the mask, "" for the default. */
  roi: string;
  profile: Profile;
  params: { name: string; text: string } | null;
}

/** What the page gets back. */
export interface RunResult {
  row: FeatureRow;
  csv: string;
  /** IBSI code of each feature column (from the feature dictionary), "" where IBSI has none. */
  ibsiCodes: Record<string, string>;
  /** Slices along each plane's normal, and the slice through the ROI's centroid. */
  planes: Record<Plane, { slices: number; start: number }>;
  timing: { readMs: number; extractMs: number; workers: number };
  /** The ROI's intensities over PyRadiomics-style bin edges (SVG, the notebooks' chart). */
  histogram: string;
}

/** The ROI's intensity histogram at the settings' bin width (25 when none is set). */
function roiHistogram(image: Volume, mask: Volume<Uint8Array>, binWidth: number | null, binCount: number | null): string {
  const values: number[] = [];
  let [low, high] = [Infinity, -Infinity];
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    const v = Number(image.data[i]);
    values.push(v);
    if (v < low) low = v;
    if (v > high) high = v;
  }
  const bins = binCount ? { binCount } : { binWidth: binWidth ?? 25 };
  const edges = pyradiomicsBinEdges(low, high, bins);
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const level of digitize(Float64Array.from(values), edges)) counts[Math.min(level, counts.length) - 1]!++;
  const label = binCount ? `${binCount} bins` : `bins of width ${bins.binWidth}`;
  return histogramSvg(edges, counts, { title: `ROI intensities, ${label}`, xLabel: "intensity", yLabel: "voxels", width: 480, height: 240 });
}

/** The case last read: what {@link slice} draws. */
let current: { image: Volume; mask: Volume<Uint8Array>; window: [number, number] } | null = null;

/** The files of an input: read from disk, or retrieved from the archive (which must allow this page's origin: CORS). */
const bytesOf = async (input: File[] | string, authorization: string) =>
  typeof input === "string"
    ? retrieveDicomWebSeries(parseDicomWebUrl(input), authorization ? { authorization } : {})
    : Promise.all(input.map(async (f) => ({ name: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));

/** An input's name for the table's Image and Mask columns. */
const nameOf = (input: File[] | string) => (typeof input === "string" ? input : input.map((f) => f.name).join(" "));

/** Family workers for filtered image types: one fewer than the cores (this worker is one). */
function familyPool(): { pool: FamilyPool | undefined; workers: number } {
  const workers = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1));
  if (workers < 2) return { pool: undefined, workers };
  const pool = new WorkerPool<never>(new URL("./family-worker.js", import.meta.url), workers - 1, undefined, 2);
  return { pool: pool as unknown as FamilyPool, workers };
}

const api = {
  async run(request: RunRequest, onProgress: ProxyOrClone<(done: number, total: number) => void>): Promise<RunResult> {
    const started = performance.now();
    const params = request.params ? parseParams(request.params.text, request.params.name) : {};
    const config = resolveConfig(params, { profile: request.profile }, request.params?.name ?? "settings");
    const { settings } = config;
    const image = imageFromFiles(await bytesOf(request.image, request.authorization));
    const labelMap = maskFromFiles(await bytesOf(request.mask, request.authorization), image, { channel: settings.label_channel, label: settings.label, roi: request.roi || undefined });
    const readMs = performance.now() - started;
    const { pool, workers } = familyPool();
    let row: FeatureRow;
    try {
      row = await extract(image, labelMap, config, {
        caseId: typeof request.image === "string" ? (parseDicomWebUrl(request.image).seriesUid ?? "case") : request.image[0]?.name.replace(/\.(nii\.gz|nii|nrrd|nhdr|dcm)$/i, "") ?? "case",
        ids: { Image: nameOf(request.image), Mask: nameOf(request.mask) },
        pool,
        onProgress: (done, total) => void (onProgress as (d: number, t: number) => void)(done, total),
      });
    } finally {
      await pool?.close();
    }
    const extractMs = performance.now() - started - readMs;
    const mask = selectLabel(alignMask(image, labelMap, { tolerance: settings.geometryTolerance, correctMask: settings.correctMask }), settings.label);
    const view = roiView(image, mask);
    current = { image, mask, window: view.window };
    const planes = Object.fromEntries(PLANES.map((p) => [p, { slices: image.size[planeAxes(image.direction, p).normal], start: view.slices[p] }])) as RunResult["planes"];
    const codes = Object.fromEntries(row.features.map((f) => [f.column, ibsiCodeOf(f.family, f.feature)]));
    const histogram = roiHistogram(image, mask, settings.binWidth, settings.binCount);
    return { row, csv: toWideCsv([row]), ibsiCodes: codes, planes, timing: { readMs, extractMs, workers }, histogram };
  },

  /** One slice of the last case, the ROI outlined, about `size` pixels along its longer side. */
  slice(plane: Plane, index: number, size: number): RgbPicture {
    if (!current) throw new Error("no case has been read yet");
    const { image, mask, window } = current;
    const { across, down } = planeAxes(image.direction, plane);
    const longest = Math.max(image.size[across] * image.spacing[across], image.size[down] * image.spacing[down]);
    return renderPlane(image, mask, { plane, slice: index, window, pixelMm: longest / size });
  },
};

export type WorkerApi = typeof api;
expose(api);
