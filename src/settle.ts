/**
 * A Node process's event loop kept alive a moment after an extraction, so that V8's
 * background compilations of the extraction's hot code finish while this thread still
 * runs the loop. Node (20 to 24 at least) can hang at exit without it: the loop empties,
 * the main thread waits for V8's background tasks, and a compilation among them waits for
 * a collection that only the main thread can run (nodejs/node#54918, open). Measured on
 * this project's machine (docs/decisions.md, Engine: twenty-third steps): a script that
 * extracted a 512 × 512 × 120 CT and ended hung in 6 of 170 runs while the kernels' code
 * cache was missing (1 of 140 with it); with the loop kept 30 ms after the extraction, in
 * none of 180. The moment costs nothing when the caller does anything else for that long
 * (writes its table, extracts the next case), and a script's end at most 30 ms. The
 * command turns it off ({@link settleExtractions}): it ended in every one of 180 such runs
 * without it, and its single case would pay the moment in full (a cold CT phantom
 * extraction 303 → 332 ms).
 * @module
 */
import { isNodeMainThread } from "./builtins.js";

/** How long the loop is kept after the latest extraction. */
const SETTLE_MS = 30;

let timer: { refresh(): unknown } | null = null;
let settling = true;

/** Whether extractions keep the loop alive after them (on unless turned off; the command turns it off). */
export function settleExtractions(on: boolean): void {
  settling = on;
}

/** Keeps the loop of a Node main thread alive {@link SETTLE_MS} ms from now (again, when already kept); elsewhere does nothing. */
export function settleAfterExtraction(): void {
  const proc = (globalThis as { process?: { release?: { name?: string } } }).process;
  if (!settling || proc?.release?.name !== "node" || "Deno" in globalThis || "Bun" in globalThis) return;
  if (!isNodeMainThread()) return;
  if (timer) {
    timer.refresh();
    return;
  }
  timer = setTimeout(() => {
    timer = null;
  }, SETTLE_MS);
}
