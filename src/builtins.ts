/**
 * Node's built-in modules, reached without an import: the root entry stays free of Node
 * imports (browsers and Deno load it), and a built-in comes synchronously.
 * @module
 */

/** The built-in module `id` (`"node:crypto"`…) where the runtime offers it synchronously (`process.getBuiltinModule`, Node ≥ 20.16), else undefined. */
export function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}

/**
 * Set to true on `globalThis` by the command's entry (bin/radiomics.cjs), which runs on a
 * process's main thread: then {@link isNodeMainThread} need not load `node:worker_threads`,
 * 4 ms of a cold command (docs/decisions.md, Engine, "Thirty-first steps").
 */
export const MAIN_THREAD = Symbol.for("radiomics.mainThread");

/** Whether this is the main thread of a Node process (false outside Node, and on a worker thread). */
export function isNodeMainThread(): boolean {
  if ((globalThis as Record<symbol, unknown>)[MAIN_THREAD] === true) return true;
  return nodeBuiltin<typeof import("node:worker_threads")>("node:worker_threads")?.isMainThread ?? false;
}
