/** Settings: profiles, params files, overrides, and errors that name key, value and what is allowed. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultSettings, isRadiomicsError, parseParams, parseSettingOverride, resolveConfig, SETTING_NAMES } from "../src/index.js";
import { ROOT } from "./helpers/fixtures.js";

function settingError(fn: () => unknown): { message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (isRadiomicsError(err, "INVALID_SETTING")) return { message: err.message, details: err.details as Record<string, unknown> };
    throw err;
  }
  throw new Error("expected INVALID_SETTING");
}

describe("profiles", () => {
  it("pyradiomics keeps PyRadiomics' defaults", () => {
    const s = defaultSettings("pyradiomics");
    expect(s.binWidth).toBe(25);
    expect(s.minimumROIDimensions).toBe(2);
    expect(s.padDistance).toBe(5);
    expect(s.distances).toEqual([1]);
    expect(s.interpolator).toBe("sitkBSpline");
  });

  it("ibsi has no default discretisation", () => {
    expect(defaultSettings("ibsi").binWidth).toBeNull();
    expect(defaultSettings("ibsi").binCount).toBeNull();
  });

  it("every setting has a default in both profiles", () => {
    for (const profile of ["ibsi", "pyradiomics"] as const) {
      expect(Object.keys(defaultSettings(profile)).sort()).toEqual([...SETTING_NAMES].sort());
    }
  });
});

describe("params files", () => {
  it("reads a PyRadiomics-style YAML file unchanged", () => {
    const params = parseParams(`
imageType:
  Original: {}
featureClass:
  firstorder:
  glcm: [Contrast]
setting:
  binWidth: 10
  label: 2
  resegmentRange: [-100, 200]
  resampledPixelSpacing:
voxelSetting:
  kernelRadius: 2
`);
    const config = resolveConfig({ ...params, setting: { ...params.setting, profile: "pyradiomics" } });
    expect(config.settings.binWidth).toBe(10);
    expect(config.settings.label).toBe(2);
    expect(config.settings.resegmentRange).toEqual([-100, 200]);
    expect(config.settings.resampledPixelSpacing).toBeNull();
    expect(config.settings.kernelRadius).toBe(2);
    expect(config.featureClasses).toEqual({ firstorder: null, glcm: ["Contrast"] });
    expect(config.imageTypes).toEqual({ Original: {} });
  });

  it("reads JSON, and a single number where PyRadiomics accepts one", () => {
    const config = resolveConfig(parseParams('{"setting": {"resegmentRange": 0, "binCount": 16}}'));
    expect(config.settings.resegmentRange).toEqual([0]);
    expect(config.settings.binCount).toBe(16);
  });

  it("lets overrides win over the file", () => {
    const config = resolveConfig({ setting: { binWidth: 10 } }, { binWidth: 5, profile: "pyradiomics" });
    expect(config.settings.binWidth).toBe(5);
    expect(config.settings.profile).toBe("pyradiomics");
  });

  it("every IBSI params file in examples/ibsi is valid", () => {
    const dir = join(ROOT, "examples", "ibsi");
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(files.sort()).toEqual(["ct-config-A.yaml", "ct-config-B.yaml", "ct-config-C.yaml", "ct-config-D.yaml", "ct-config-E.yaml", "phantom-digital.yaml"]);
    for (const f of files) {
      const config = resolveConfig(parseParams(readFileSync(join(dir, f), "utf8"), f), {}, f);
      expect(config.settings.profile, f).toBe("ibsi");
      expect(config.settings.binWidth ?? config.settings.binCount, f).not.toBeNull();
    }
  });
});

describe("bad settings name the key, the value and what is allowed", () => {
  it("an unknown key, with a suggestion", () => {
    const e = settingError(() => resolveConfig({ setting: { binwidth: 25 } }));
    expect(e.message).toMatch(/unknown setting "binwidth" \(did you mean "binWidth"\?\)/);
  });
  it("a value of the wrong type or range", () => {
    expect(settingError(() => resolveConfig({ setting: { binWidth: -1 } })).message).toMatch(/"binWidth" = -1 is not valid; expected a number > 0/);
    expect(settingError(() => resolveConfig({ setting: { label: 1.5 } })).message).toMatch(/"label" = 1.5.*integer ≥ 1/);
    expect(settingError(() => resolveConfig({ setting: { resegmentMode: "percent" } })).message).toMatch(/one of "absolute", "relative", "sigma"/);
    expect(settingError(() => resolveConfig({ setting: { resegmentRange: [400, -500] } })).message).toMatch(/lower bound is not above its upper/);
    expect(settingError(() => resolveConfig({ setting: { interpolator: "cubic" } })).message).toMatch(/sitkBSpline/);
  });
  it("a voxel setting in the wrong section", () => {
    expect(settingError(() => resolveConfig({ setting: { kernelRadius: 2 } })).message).toMatch(/unknown setting "kernelRadius"/);
  });
  it("an unknown top-level key or image type", () => {
    expect(settingError(() => resolveConfig({ settings: {} } as never)).message).toMatch(/unknown top-level key\(s\) "settings"/);
    expect(settingError(() => resolveConfig({ imageType: { Sobel: {} } })).message).toMatch(/unknown image type "Sobel"/);
  });
  it("YAML that does not parse: one line with file, line, column and what was expected", () => {
    expect(settingError(() => parseParams("setting: [unclosed")).message).toMatch(/not valid YAML/);
    const error = settingError(() => parseParams("setting:\n  binWidth: 25\n  label: [1, 2\nimageType:\n  Original: {}\n", "params.yaml"));
    expect(error.message).toBe("params.yaml:4:1: not valid YAML or JSON: Flow sequence in block collection must be sufficiently indented and end with a ]");
    expect(error.details).toMatchObject({ file: "params.yaml", line: 4, column: 1 });
    expect(settingError(() => parseParams("setting:\n  binWidth: 25\n   label: 1\n", "p.yaml")).message.split("\n")).toHaveLength(1);
  });
});

describe("command-line overrides", () => {
  it("parse name:value and name=value with YAML values", () => {
    expect(parseSettingOverride("binWidth:25")).toEqual(["binWidth", 25]);
    expect(parseSettingOverride("normalize=true")).toEqual(["normalize", true]);
    expect(parseSettingOverride("resegmentRange:[-500, 400]")).toEqual(["resegmentRange", [-500, 400]]);
    expect(parseSettingOverride("resegmentRange:-500,400")).toEqual(["resegmentRange", [-500, 400]]);
    expect(() => parseSettingOverride("binWidth")).toThrow(/name:value/);
  });
});
