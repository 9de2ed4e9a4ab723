/**
 * Whether a helper thread has room beside this one (the command's kernel and hashing
 * helper, bin/radiomics.cjs, and the library's hashing helper, ../hash-helper.ts): loaded
 * by the command before the library, so it imports nothing.
 * @module
 */
import { nodeBuiltin } from "../builtins.js";

/**
 * True when a second thread can run beside this one: a second core to run on (and not a
 * Slurm task given one CPU), and no address-space limit (`ulimit -v`). A thread reserves
 * addresses of its own (128 MB for its code alone) and V8 ends the whole process, with no
 * error to catch, when it cannot; a WebAssembly memory reserves about 10 GB besides.
 * Outside Node (no `node:os`) true.
 */
export function roomForHelperThread(): boolean {
  const os = nodeBuiltin<typeof import("node:os")>("node:os");
  if (!os) return true;
  if (os.availableParallelism() < 2 || process.env["SLURM_CPUS_PER_TASK"] === "1") return false;
  try {
    const limits = nodeBuiltin<typeof import("node:fs")>("node:fs")!.readFileSync("/proc/self/limits", "utf8");
    return /^Max address space\s+unlimited/m.test(limits);
  } catch {
    // No /proc (macOS, Windows): no such limit is set there.
    return true;
  }
}
