/**
 * The whole pipeline on each backend: every feature value of the IBSI digital phantom,
 * IBSI CT configuration D (resampled, 3-D) and brain1 under the PyRadiomics profile is
 * the same on wasm-simd, wasm and js — bit for bit, since the kernels add in the same
 * order. (The reference tests run on the default backend, wasm-simd.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extract, parseParams, readVolume, resolveConfig, type ExtractionConfig } from "../src/index.js";
import { readFixture, ROOT } from "./helpers/fixtures.js";

const ibsi = (file: string): ExtractionConfig => resolveConfig(parseParams(readFileSync(join(ROOT, "examples", "ibsi", file), "utf8")));

const CASES = [
  { name: "IBSI digital phantom", image: ["ibsi1", "digital_phantom", "image.nii.gz"], mask: ["ibsi1", "digital_phantom", "mask.nii.gz"], config: ibsi("phantom-digital.yaml") },
  { name: "IBSI CT phantom, configuration D", image: ["ibsi1", "ct_phantom", "image.nii.gz"], mask: ["ibsi1", "ct_phantom", "mask.nii.gz"], config: ibsi("ct-config-D.yaml") },
  {
    name: "brain1, PyRadiomics profile",
    image: ["pyradiomics", "brain1_image.nrrd"],
    mask: ["pyradiomics", "brain1_label.nrrd"],
    config: resolveConfig({ setting: { profile: "pyradiomics", binWidth: 25 }, featureClass: { firstorder: null, shape: null, glcm: null, glrlm: null, glszm: null, gldm: null, ngtdm: null } }),
  },
  {
    name: "brain1, every PyRadiomics filter",
    image: ["pyradiomics", "brain1_image.nrrd"],
    mask: ["pyradiomics", "brain1_label.nrrd"],
    config: resolveConfig({
      setting: { profile: "pyradiomics", binWidth: 25 },
      imageType: { Wavelet: { wavelet: "bior2.2", level: 2 }, LoG: { sigma: [2] }, Square: {}, SquareRoot: {}, Logarithm: {}, Exponential: {}, Gradient: {}, LBP2D: { lbp2DMethod: "var", binCount: 16 } },
      featureClass: { firstorder: null, glcm: null, glszm: null },
    }),
  },
];

describe.each(CASES)("$name", ({ image, mask, config }) => {
  it("gives the same values on every backend", async () => {
    const img = readVolume(readFixture(...image));
    const roi = readVolume(readFixture(...mask));
    const [simd, scalar, js] = await Promise.all(
      (["wasm-simd", "wasm", "js"] as const).map((backend) => extract(img, roi, { ...config, settings: { ...config.settings, additionalInfo: false } }, { backend })),
    );
    expect(Object.keys(js!.values).length).toBeGreaterThan(90);
    expect(simd!.values).toEqual(js!.values);
    expect(scalar!.values).toEqual(js!.values);
  }, 120_000);
});
