/** SVG charts and HTML tables for notebooks: geometry counted by hand, escaping, bad input. */
import { describe, expect, it } from "vitest";
import { barChartSvg, FeatureTable, histogramSvg, isRadiomicsError } from "../src/index.js";
import { niceTicks } from "../src/plots/svg.js";

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return isRadiomicsError(e) ? e.code : String(e);
  }
  return "no error";
};

/** The attributes of every `<rect>` after the white background, in order. */
const bars = (svg: string) =>
  [...svg.matchAll(/<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)" fill="([^"]+)"/g)].map((m) => ({
    x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]), fill: m[5],
  }));

describe("histogramSvg", () => {
  it("draws one bar per bin between its edges, heights in proportion to the counts", () => {
    // Default 560 × 300 with margins 64/16/32/48: the plot is 480 × 220 px; x runs over 0…40.
    const svg = histogramSvg([0, 10, 20, 40], [1, 2, 0], { title: "a < b & c" });
    const drawn = bars(svg);
    expect(drawn.map((b) => b.x)).toEqual([64, 184, 304]);
    expect(drawn.map((b) => b.width)).toEqual([119.5, 119.5, 239.5]);
    // The tallest count (2) is 1/1.05 of the plot's height.
    expect(drawn[1]!.height).toBeCloseTo(220 / 1.05, 10);
    expect(drawn[0]!.height).toBeCloseTo(110 / 1.05, 10);
    expect(drawn[2]!.height).toBe(0);
    expect(svg).toContain(">a &lt; b &amp; c<");
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="560" height="300"')).toBe(true);
  });

  it("refuses edges that do not fit the counts or do not increase", () => {
    expect(codeOf(() => histogramSvg([0, 1], [1, 2]))).toBe("INVALID_INPUT");
    expect(codeOf(() => histogramSvg([0, 2, 2], [1, 2]))).toBe("INVALID_INPUT");
    expect(codeOf(() => histogramSvg([0], []))).toBe("INVALID_INPUT");
  });
});

describe("barChartSvg", () => {
  it("draws a bar per label, its value above it, negative values in red", () => {
    const svg = barChartSvg(["case <1>", "case 2"], [3, -1.5], { yLabel: "bits" });
    const drawn = bars(svg);
    // Two slots of 240 px; bars 70 % of a slot wide, 15 % in; the largest magnitude is 1/1.15 of 220 px.
    expect(drawn.map((b) => [b.x, b.width])).toEqual([[64 + 36, 168], [64 + 240 + 36, 168]]);
    expect(drawn[0]!.height).toBeCloseTo(220 / 1.15, 10);
    expect(drawn[1]!.height).toBeCloseTo(110 / 1.15, 10);
    expect(drawn.map((b) => b.fill)).toEqual(["#4c78a8", "#e45756"]);
    expect(svg).toContain(">case &lt;1&gt;<");
    expect(svg).toContain(">-1.5<");
    expect(codeOf(() => barChartSvg(["a"], [NaN]))).toBe("INVALID_INPUT");
    expect(codeOf(() => barChartSvg(["a", "b"], [1]))).toBe("INVALID_INPUT");
  });

  it("labels axes with steps of 1, 2 or 5 times a power of ten", () => {
    expect(niceTicks(0, 2.1, 4)).toEqual([0, 1, 2]);
    expect(niceTicks(-3, 97, 5)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(0.1, 0.34, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
  });
});

describe("FeatureTable.toHtml", () => {
  it("writes the chosen columns, numbers to the digits asked, empty cells for missing values, text escaped", () => {
    const table = FeatureTable.fromRecords([{ case_id: "a<b", x: 1 / 3, n: 7, gene: null }], ["case_id", "x", "n", "gene"]);
    expect(table.toHtml({ digits: 3 })).toBe(
      "<table>\n<thead><tr><th>case_id</th><th>x</th><th>n</th><th>gene</th></tr></thead>\n<tbody>\n" +
        "<tr><td>a&lt;b</td><td>0.333</td><td>7</td><td></td></tr>\n</tbody>\n</table>",
    );
    expect(table.toHtml({ columns: ["n"] })).toContain("<tr><td>7</td></tr>");
    expect(codeOf(() => table.toHtml({ columns: ["nope"] }))).toBe("INVALID_INPUT");
  });
});
