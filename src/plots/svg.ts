/**
 * Charts as SVG text, for notebooks (Deno's `image/svg+xml` display, tslab's
 * `display.svg`) and web pages alike: a histogram over explicit bin edges, and a bar chart
 * of one value per category (a feature across cases). Plain strings, no DOM, no renderer
 * to load; docs/decisions.md says why this and not a plotting library.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { escapeMarkup } from "../markup.js";

/** Size and labels of a chart. */
export interface ChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Pixels. @default 560 */
  width?: number;
  /** Pixels. @default 300 */
  height?: number;
}

const MARGIN = { left: 64, right: 16, top: 32, bottom: 48 };
const BAR = "#4c78a8";

/** A number as a short axis label. */
function label(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}

/** About `count` round tick values covering [low, high]: steps of 1, 2 or 5 × 10ⁿ. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** The frame shared by both charts: title, axis labels, the y axis with its ticks and grid. */
function frame(options: ChartOptions, yMax: number, body: string, xAxis: string): string {
  const width = options.width ?? 560, height = options.height ?? 300;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const y = (v: number) => MARGIN.top + plotHeight * (1 - v / yMax);
  const yTicks = niceTicks(0, yMax, 4).map((t) =>
    `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e1e4e8"/>` +
    `<text x="${MARGIN.left - 6}" y="${y(t) + 4}" text-anchor="end">${label(t)}</text>`).join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    options.title ? `<text x="${width / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${escapeMarkup(options.title)}</text>` : "",
    yTicks,
    body,
    `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y(0)}" y2="${y(0)}" stroke="#444"/>`,
    xAxis,
    options.xLabel ? `<text x="${(MARGIN.left + width - MARGIN.right) / 2}" y="${height - 8}" text-anchor="middle">${escapeMarkup(options.xLabel)}</text>` : "",
    options.yLabel ? `<text transform="translate(14 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeMarkup(options.yLabel)}</text>` : "",
    "</svg>",
  ].join("");
}

/**
 * A histogram: bar k spans edges[k] to edges[k + 1] with height counts[k], so the bins
 * drawn are exactly the ones given (a discretisation's edges, for instance).
 * @throws RadiomicsError `INVALID_INPUT` unless there is one more edge than counts and the edges increase.
 * @example
 * ```ts
 * const svg = histogramSvg([0, 25, 50, 75], [12, 40, 7], { title: "ROI intensities", xLabel: "HU", yLabel: "voxels" });
 * ```
 */
export function histogramSvg(edges: ArrayLike<number>, counts: ArrayLike<number>, options: ChartOptions = {}): string {
  if (edges.length !== counts.length + 1 || counts.length === 0) {
    throw new RadiomicsError("INVALID_INPUT", `histogramSvg(): ${counts.length} counts need ${counts.length + 1} edges, got ${edges.length}`);
  }
  for (let k = 1; k < edges.length; k++) {
    if (!(edges[k]! > edges[k - 1]!)) throw new RadiomicsError("INVALID_INPUT", `histogramSvg(): edges must increase, but edge ${k} (${edges[k]}) follows ${edges[k - 1]}`);
  }
  const width = options.width ?? 560, height = options.height ?? 300;
  const plotWidth = width - MARGIN.left - MARGIN.right, plotHeight = height - MARGIN.top - MARGIN.bottom;
  const [low, high] = [edges[0]!, edges[edges.length - 1]!];
  const x = (v: number) => MARGIN.left + (plotWidth * (v - low)) / (high - low);
  const yMax = Math.max(1, ...Array.from(counts)) * 1.05;
  const bars = Array.from(counts, (c, k) => {
    const top = MARGIN.top + plotHeight * (1 - c / yMax);
    return `<rect x="${x(edges[k]!)}" y="${top}" width="${Math.max(0.5, x(edges[k + 1]!) - x(edges[k]!) - 0.5)}" height="${MARGIN.top + plotHeight - top}" fill="${BAR}"><title>[${label(edges[k]!)}, ${label(edges[k + 1]!)}): ${c}</title></rect>`;
  }).join("");
  const axis = niceTicks(low, high, 6).map((t) => `<text x="${x(t)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${label(t)}</text>`).join("");
  return frame(options, yMax, bars, axis);
}

/**
 * A bar chart of one value per category, the value written above each bar; a bar's height
 * is the value's magnitude, and negative values are drawn in red.
 * @throws RadiomicsError `INVALID_INPUT` unless there are as many values as labels, all finite.
 * @example
 * ```ts
 * const svg = barChartSvg(rows.map((r) => r.caseId), rows.map((r) => r.values["original_firstorder_Entropy"]!), { title: "Entropy" });
 * ```
 */
export function barChartSvg(labels: readonly string[], values: readonly number[], options: ChartOptions = {}): string {
  if (labels.length !== values.length || labels.length === 0 || !values.every(Number.isFinite)) {
    throw new RadiomicsError("INVALID_INPUT", `barChartSvg(): needs one finite value per label, got ${labels.length} labels and values [${values.join(", ")}]`);
  }
  const width = options.width ?? 560, height = options.height ?? 300;
  const plotWidth = width - MARGIN.left - MARGIN.right, plotHeight = height - MARGIN.top - MARGIN.bottom;
  const yMax = Math.max(...values.map(Math.abs), Number.MIN_VALUE) * 1.15;
  const slot = plotWidth / labels.length;
  const bars = values.map((v, k) => {
    const h = (plotHeight * Math.abs(v)) / yMax, left = MARGIN.left + slot * k + slot * 0.15;
    const top = MARGIN.top + plotHeight - h;
    return `<rect x="${left}" y="${top}" width="${slot * 0.7}" height="${h}" fill="${v < 0 ? "#e45756" : BAR}"/>` +
      `<text x="${left + slot * 0.35}" y="${top - 4}" text-anchor="middle">${label(v)}</text>`;
  }).join("");
  const axis = labels.map((l, k) => `<text x="${MARGIN.left + slot * (k + 0.5)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${escapeMarkup(l)}</text>`).join("");
  return frame(options, yMax, bars, axis);
}
