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
