/**
 * The options of this process that V8 ties compiled code to: V8 takes cached code only
 * under the flags it was made with. Shared by the code caches of the bundles
 * (bin/load-bundle.cjs) and of the WebAssembly kernels (kernels/code-cache.ts), which name
 * their files by them.
 * @module
 */

/** What {@link v8Options} reads of a Node process. */
export interface ProcessOptions {
  execArgv: string[];
  env: Record<string, string | undefined>;
}

/**
 * The process's own options (not a script given with -e or -p, which V8 does not see),
 * those in `NODE_OPTIONS`, and the command's flags (`RADIOMICS_V8_FLAGS`, set by
 * bin/radiomics.cjs, which sets them with `v8.setFlagsFromString`), in that order.
 * @example
 * ```ts
 * v8Options({ execArgv: ["--no-liftoff", "--eval"], env: { NODE_OPTIONS: "--max-old-space-size=4096" } }); // ["--no-liftoff", "--max-old-space-size=4096"]
 * ```
 */
export function v8Options({ execArgv, env }: ProcessOptions): string[] {
  const words = (text: string | undefined) => (text ?? "").split(/\s+/).filter((w) => w.startsWith("--"));
  return [...execArgv.filter((a) => a.startsWith("--") && !/^--(eval|print)\b/.test(a)), ...words(env["NODE_OPTIONS"]), ...words(env["RADIOMICS_V8_FLAGS"])];
}
