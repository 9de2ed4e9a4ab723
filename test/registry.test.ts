/** The feature registry: identities, documentation, dictionary, public surface, version. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import { FAMILIES, featureDictionary, VERSION } from "../src/index.js";
import { ibsiReferences, ROOT } from "./helpers/fixtures.js";

describe("feature registry", () => {
  it("gives every feature a unique column and a well-formed IBSI identity", () => {
    const dict = featureDictionary();
    expect(new Set(dict.map((d) => d.column)).size).toBe(dict.length);
    for (const d of dict) {
      expect(d.ibsiCode === "" || /^[0-9A-Z]{4}$/.test(d.ibsiCode), d.column).toBe(true);
      expect(d.ibsiTag === "" || /^[a-z]+\.[A-Za-z0-9.]+$/.test(d.ibsiTag), d.column).toBe(true);
    }
  });

  it("uses the IBSI codes and tags of the reference table", () => {
    const byTag = new Map(ibsiReferences().map((r) => [r.tag, r] as const));
    // IBSI defines these but publishes no reference value, so the table does not list them.
    const unlisted = ["ivh.auc", "morph.v.dens.ombb", "morph.a.dens.ombb", "morph.v.dens.mvee", "morph.a.dens.mvee"];
    for (const d of featureDictionary().filter((x) => x.ibsiTag && !unlisted.includes(x.ibsiTag))) {
      const ref = byTag.get(d.ibsiTag);
      expect(ref, `${d.column}: tag ${d.ibsiTag} is not in the IBSI table`).toBeDefined();
      expect(d.ibsiCode, d.column).toBe(ref!.code);
    }
  });

  it("documents every feature with a doc comment in its family file", () => {
    // Histogram reuses the distribution features written in statistics.ts.
    const extraFiles: Record<string, string[]> = {
      histogram: ["statistics.ts"], gldm: ["dependence.ts"], ngldm: ["dependence.ts"], morphology: ["shape.ts"],
    };
    for (const family of FAMILIES) {
      const files = [`${family.name.toLowerCase()}.ts`, ...(extraFiles[family.name] ?? [])];
      const text = files.map((f) => readFileSync(join(ROOT, "src", "features", f), "utf8")).join("\n");
      // A doc comment followed by a descriptor `{ name: "X"`, a `def("X"` call, or a table row
      // `["kind", "X"` (with a second name column for the dependence table).
      const pattern = /\/\*\*[\s\S]*?\*\/\s*(?:\{\s*name: "([^"]+)"|def\("([^"]+)"|\["\w+", "([^"]+)"(?:, "([^"]+)")?|\["\w+", null, "([^"]+)")/g;
      const documented = new Set([...text.matchAll(pattern)].flatMap((m) => m.slice(1).filter(Boolean)));
      for (const f of family.features) expect(documented.has(f.name), `${family.name}.${f.name} has no doc comment`).toBe(true);
    }
  });
});

describe("public surface", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "BACKENDS",
        "DEFAULT_FAMILIES",
        "FACTS_MAX_VOXELS",
        "FACTS_MIN_VOXELS",
        "FAMILIES",
        "FEATURE_SYSTEM",
        "FeatureTable",
        "IBSI_SYSTEM",
        "IMAGE_TYPES",
        "IMAGE_TYPE_FILTERS",
        "LONG_COLUMNS",
        "OUTPUT_FORMATS",
        "PARALLEL_MAPS_MIN_VOXELS",
        "PLANES",
        "PROFILES",
        "RadiomicsError",
        "ReadBuffers",
        "SETTING_NAMES",
        "SPLIT_MAX_VOXELS",
        "SPLIT_MIN_VOXELS",
        "VERSION",
        "WAVELET_NAMES",
        "WorkerPool",
        "alignMask",
        "barChartSvg",
        "bestBackend",
        "boundingBox",
        "columnName",
        "configHash",
        "createFamilyPool",
        "crop",
        "csvRecords",
        "defaultSettings",
        "detectFormat",
        "digitize",
        "discretise",
        "encodePng",
        "encodeVolume",
        "extract",
        "extractWindowed",
        "featureDictionary",
        "fhirBundle",
        "filterImage",
        "fixedBinNumberIbsi",
        "fixedBinSizeIbsi",
        "formatRows",
        "geometryDifferences",
        "histogramSvg",
        "ibsiCodeOf",
        "imageFromFiles",
        "indexToWorld",
        "isDicom",
        "isDicomWebUrl",
        "isRadiomicsError",
        "jsKernels",
        "kernelsFor",
        "labelsPresent",
        "listDicomSeries",
        "listRtstructRois",
        "listSegSegments",
        "mapFormatOf",
        "maskFromFiles",
        "maskOptionsOf",
        "measurementReport",
        "normaliseImage",
        "nrrdDataFiles",
        "parseBackend",
        "parseCsv",
        "parseDicomWebUrl",
        "parseParams",
        "parseSettingOverride",
        "planeAxes",
        "pyradiomicsBinEdges",
        "qcPicture",
        "qcPng",
        "rasteriseContours",
        "readDicomSeries",
        "readMask",
        "readMeasurementReport",
        "readNifti",
        "readNrrd",
        "readRtstruct",
        "readSeg",
        "readVolume",
        "renderPlane",
        "reportOfVolumes",
        "resampleMaskToImage",
        "resegment",
        "resolveConfig",
        "retrieveDicomWebSeries",
        "roiView",
        "searchDicomWebSeries",
        "selectLabel",
        "storeDicomWebInstances",
        "toJson",
        "toLongCsv",
        "toNdarrayArgs",
        "toTextTable",
        "toWideCsv",
        "validateSettings",
        "volumeFromArray",
        "volumeFromNdarray",
        "voxelAxesOf",
        "voxelCount",
        "wasmSupport",
        "waveletFilters",
        "windowed",
        "worldToIndex",
      ]
    `);
  });

  it("VERSION equals package.json's version", () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });
});
