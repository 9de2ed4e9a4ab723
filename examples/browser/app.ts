/**
 * The page: collects the files (inputs, folder inputs, drops), runs the extraction on the
 * worker, and shows the table, the CSV download, the progress and the outlined slices.
 *
 * Contract for tests from outside: `#image`, `#mask` (files), `#profile`, `#params`,
 * `#run`; `#roi`, and `#image-url`, `#mask-url`, `#authorization` for DICOMweb series; when an extraction ends, `window.radiomicsResult` holds the row `extract`
 * returned, or `window.radiomicsError` the message of what failed.
 */
import { proxy, wrap } from "comlink";
import type { Plane } from "radiomics";
import type { RunResult, WorkerApi } from "./worker.js";

declare global {
  interface Window {
    radiomicsResult?: RunResult["row"];
    radiomicsError?: string;
    radiomicsTiming?: RunResult["timing"];
  }
}

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const worker = wrap<WorkerApi>(new Worker(new URL("./worker.js", import.meta.url), { type: "module" }));

/** Files chosen for the image and the mask: from the file input, the folder input or a drop, whichever came last. */
const chosen: Record<"image" | "mask", File[]> = { image: [], mask: [] };

/** Every file under a dropped entry (folders walked), named by its path. */
async function filesOf(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [new File([file], entry.fullPath.replace(/^\//, ""), { type: file.type })];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const entries: FileSystemEntry[] = [];
  // readEntries returns a batch at a time, an empty one at the end.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    entries.push(...batch);
  }
  return (await Promise.all(entries.filter((e) => !e.name.startsWith(".")).map(filesOf))).flat();
}

for (const which of ["image", "mask"] as const) {
  for (const input of [$<HTMLInputElement>(`#${which}`), $<HTMLInputElement>(`#${which}-folder`)]) {
    input.addEventListener("change", () => (chosen[which] = Array.from(input.files ?? []).filter((f) => !f.name.startsWith("."))));
  }
  const zone = $(`#${which}-zone`);
  zone.addEventListener("dragover", (e) => (e.preventDefault(), zone.classList.add("over")));
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const entries = Array.from(e.dataTransfer?.items ?? []).map((item) => item.webkitGetAsEntry()).filter((x): x is FileSystemEntry => x !== null);
    chosen[which] = (await Promise.all(entries.map(filesOf))).flat();
    status(`${which}: ${chosen[which].length} file(s) dropped`);
  });
}

function status(text: string, error = false): void {
  const el = $("#status");
  el.textContent = text;
  el.classList.toggle("error", error);
}

const format = (v: number) => (Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toPrecision(8) : String(v));

function showTable(result: RunResult): void {
  const body = $<HTMLTableElement>("#features").tBodies[0]!;
  body.replaceChildren(...result.row.features.map((f) => {
    const tr = document.createElement("tr");
    for (const [text, cls] of [[f.column, ""], [result.ibsiCodes[f.column] ?? "", ""], [format(f.value), "value"]] as const) {
      const td = document.createElement("td");
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    return tr;
  }));
}

let planes: RunResult["planes"] | null = null;

/** Draws the plane and slice the controls name. */
async function draw(): Promise<void> {
  if (!planes) return;
  const plane = $<HTMLSelectElement>("#plane").value as Plane;
  const index = Number($<HTMLInputElement>("#slice").value);
  $("#slice-number").textContent = `${index + 1} / ${planes[plane].slices}`;
  const picture = await worker.slice(plane, index, 384);
  const canvas = $<HTMLCanvasElement>("#view");
  [canvas.width, canvas.height] = [picture.width, picture.height];
  const pixels = new ImageData(picture.width, picture.height);
  for (let i = 0, j = 0; i < picture.rgb.length; i += 3, j += 4) {
    pixels.data.set(picture.rgb.subarray(i, i + 3), j);
    pixels.data[j + 3] = 255;
  }
  canvas.getContext("2d")!.putImageData(pixels, 0, 0);
}

function choosePlane(): void {
  if (!planes) return;
  const plane = planes[$<HTMLSelectElement>("#plane").value as Plane];
  const slider = $<HTMLInputElement>("#slice");
  slider.max = String(plane.slices - 1);
  slider.value = String(plane.start);
  void draw();
}

$("#plane").addEventListener("change", choosePlane);
$("#slice").addEventListener("input", () => void draw());

$("#run").addEventListener("click", async () => {
  delete window.radiomicsResult;
  delete window.radiomicsError;
  const run = $<HTMLButtonElement>("#run");
  const progress = $<HTMLProgressElement>("#progress");
  run.disabled = true;
  progress.removeAttribute("value");
  status("reading and extracting…");
  try {
    const imageUrl = $<HTMLInputElement>("#image-url").value.trim(), maskUrl = $<HTMLInputElement>("#mask-url").value.trim();
    const image = imageUrl || chosen.image, mask = maskUrl || chosen.mask;
    if (!image.length || !mask.length) throw new Error("choose an image and a mask first (files, a folder, or DICOMweb series)");
    const paramsFile = $<HTMLInputElement>("#params").files?.[0];
    const result = await worker.run(
      {
        image,
        mask,
        authorization: $<HTMLInputElement>("#authorization").value,
        roi: $<HTMLInputElement>("#roi").value.trim(),
        profile: $<HTMLSelectElement>("#profile").value as "pyradiomics" | "ibsi",
        params: paramsFile ? { name: paramsFile.name, text: await paramsFile.text() } : null,
      },
      proxy((done: number, total: number) => {
        progress.max = total;
        progress.value = done;
      }),
    );
    progress.max = 1;
    progress.value = 1;
    showTable(result);
    // The chart is SVG text made by the library in the worker (no renderer to load).
    $("#histogram").innerHTML = result.histogram;
    const link = $<HTMLAnchorElement>("#download");
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([result.csv], { type: "text/csv" }));
    link.download = `${result.row.caseId}.features.csv`;
    link.hidden = false;
    planes = result.planes;
    $("#results").hidden = false;
    choosePlane();
    const { readMs, extractMs, workers } = result.timing;
    status(`${result.row.features.length} features in ${(extractMs / 1000).toFixed(2)} s (files read in ${(readMs / 1000).toFixed(2)} s; up to ${workers} threads${crossOriginIsolated ? ", shared memory" : ""})`);
    window.radiomicsTiming = result.timing;
    window.radiomicsResult = result.row;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    progress.value = 0;
    status(message, true);
    window.radiomicsError = message;
  } finally {
    run.disabled = false;
  }
});
