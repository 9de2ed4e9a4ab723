/**
 * Where this package's built modules are, for starting workers: the URL of a module
 * given relative to the build's root (`dist/esm/` or `dist/cjs/`). This is the ES-module
 * version; scripts/build.mjs writes the CommonJS build's own (from `__dirname`).
 * @module
 */

/** URL of a built module, e.g. `packageModule("batch-worker.js")`. */
// @ts-ignore TS1343 in the CommonJS build only, where scripts/build.mjs replaces this file.
export const packageModule = (path: string): URL => new URL(`../${path}`, import.meta.url);
