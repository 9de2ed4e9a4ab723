/**
 * Whether threads have room beside this one: the optional hashing helper
 * (../hash-helper.ts) and the workers asked for. Under an address-space
 * limit (`ulimit -v`) a thread that cannot reserve its addresses ends the whole process
 * (V8's "Fatal process OOM … CodeRange"), with no error to catch, so threads are counted
 * before they are started.
 * @module
 */
import { nodeBuiltin } from "../builtins.js";

/** Cores this process may use: Slurm's allocation (`SLURM_CPUS_PER_TASK`) when set, else the machine's. */
export function availableCores(env: Record<string, string | undefined>): number {
  const slurm = Number(env["SLURM_CPUS_PER_TASK"]);
  return Number.isInteger(slurm) && slurm > 0 ? slurm : nodeBuiltin<typeof import("node:os")>("node:os")!.availableParallelism();
}

/**
 * True when a second thread can run beside this one: a second core to run on (the
 * machine's, and Slurm's allocation when set), and no address-space limit (`ulimit -v`).
 * A thread reserves addresses of its own (128 MB for its code alone) and V8 ends the whole
 * process, with no error to catch, when it cannot; a WebAssembly memory reserves about
 * 10 GB besides. Outside Node (no `node:os`) true.
 */
export function roomForHelperThread(): boolean {
  const os = nodeBuiltin<typeof import("node:os")>("node:os");
  if (!os) return true;
  return Math.min(availableCores(process.env), os.availableParallelism()) >= 2 && addressSpace() === null;
}

/** Addresses a worker thread takes: about 600 MB reserved as it starts (measured: V8's heap and code range, its stack, its allocator's arena), and room to work. */
const THREAD_ADDRESSES = 768 * 2 ** 20;
/** Addresses this thread keeps for its own work before any worker is counted in. */
const OWN_ADDRESSES = 512 * 2 ** 20;
/**
 * Addresses a thread's WebAssembly kernels reserve with their memory: V8 on a 64-bit host
 * reserves 8 GB and guard regions for a 32-bit memory, 10.0 GB measured (kernels/wasm.ts).
 */
const WASM_ADDRESSES = 10 * 2 ** 30;

/** This process's address-space limit (soft, bytes) and its addresses in use, or null where there is no limit (or no /proc to tell). */
export function addressSpace(): { limit: number; used: number } | null {
  const fs = nodeBuiltin<typeof import("node:fs")>("node:fs");
  try {
    const limit = /^Max address space\s+(\d+)/m.exec(fs!.readFileSync("/proc/self/limits", "utf8"));
    if (!limit) return null;
    const used = /^VmSize:\s+(\d+) kB/m.exec(fs!.readFileSync("/proc/self/status", "utf8"));
    return { limit: Number(limit[1]), used: used ? Number(used[1]) * 1024 : 0 };
  } catch {
    return null;
  }
}

/**
 * How many of `wanted` worker threads beside this one (`workers − 1`) the address space
 * holds: all of them without a limit, else as many as fit in what is left after this
 * thread's share, each with `THREAD_ADDRESSES`, and with {@link WASM_ADDRESSES} more where
 * their kernels are WebAssembly (`wasm`; this thread's memory is then reserved already, by
 * `wasmSupport`'s probe, and counted in the addresses in use). A worker that cannot reserve
 * its memory would run the TypeScript kernels, four times slower, or this thread would
 * when a worker reserved first: one thread with WebAssembly is faster. `limited`: the
 * limit and the addresses in use, null for none, or (undefined) this process's. `note`:
 * why fewer than asked, or null.
 */
export function workerThreadsThatFit(wanted: number, wasm = false, limited?: { limit: number; used: number } | null): { threads: number; note: string | null } {
  // The limit read only when a worker is wanted: extract() asks on every call.
  const space = wanted > 0 ? (limited === undefined ? addressSpace() : limited) : null;
  if (!space) return { threads: Math.max(0, wanted), note: null };
  const each = THREAD_ADDRESSES + (wasm ? WASM_ADDRESSES : 0);
  const threads = Math.max(0, Math.min(wanted, Math.floor((space.limit - space.used - OWN_ADDRESSES) / each)));
  if (threads === wanted) return { threads, note: null };
  const gb = (bytes: number) => (bytes / 2 ** 30).toFixed(1);
  const reserves = wasm ? "about 0.6 GB of addresses as it starts, and 10 GB for its WebAssembly kernels" : "about 0.6 GB of addresses as it starts, and the process ends when it cannot";
  return {
    threads,
    note: `${wanted + 1} workers wanted, ${threads + 1} run: the address-space limit (ulimit -v, ${gb(space.limit)} GB, ${gb(space.used)} GB of it in use) has no room for more ` +
      `(a worker thread reserves ${reserves}); raise the limit, or set workers to ${threads + 1} to leave this note out`,
  };
}
