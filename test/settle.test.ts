/**
 * After an extraction, a Node main thread's event loop stays alive 30 ms (src/settle.ts:
 * Node can hang at exit while V8 still compiles the extraction's hot code), once however
 * many extractions end together, and not at all once the command has turned it off.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { extract, volumeFromArray } from "../src/index.js";
import { settleAfterExtraction, settleExtractions } from "../src/settle.js";

describe("settleAfterExtraction", () => {
  afterEach(() => {
    vi.useRealTimers();
    settleExtractions(true);
  });

  it("keeps one timer for 30 ms, renewed by the next extraction", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    settleAfterExtraction();
    settleAfterExtraction();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(20);
    settleAfterExtraction();
    vi.advanceTimersByTime(20);
    // 40 ms after the first, 20 after the renewal: still kept.
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(10);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("is armed by extract()", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const image = volumeFromArray(Float64Array.from({ length: 64 }, (_, i) => i % 7), [4, 4, 4]);
    const mask = volumeFromArray(Uint8Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 1 : 0)), [4, 4, 4]);
    await extract(image, mask, { setting: { profile: "pyradiomics", binWidth: 1 }, featureClass: { firstorder: null } });
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(30);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does nothing once turned off, as the command does", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    settleExtractions(false);
    settleAfterExtraction();
    expect(vi.getTimerCount()).toBe(0);
  });
});
