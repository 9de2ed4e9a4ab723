/**
 * The kernels' optimised machine code kept on disk between processes (Node only).
 *
 * V8 compiles a kernel at its first call: with its optimising tier under `--no-liftoff`
 * (the command), about 1 ms a function, 65–95 ms for the whole module; else with its
 * baseline tier, quickly, into code that runs the first extraction's long kernel calls
 * slower, until V8 optimises them in the background. Every new process paid that again.
 * Browsers keep such a cache themselves for modules compiled from a response; Node has no
 * API for it, so this module reaches V8's own serializer through its runtime functions,
 * callable from functions made while `--allow-natives-syntax` is set for a moment:
 * `%SerializeWasmModule` and `%DeserializeWasmModule`, `%IsTurboFanFunction` to check what
 * is written, and `%WasmTierUpFunction` to optimise a kernel that a process running
 * baseline code would write. Read back, the module's optimised code is V8's, bit for bit:
 * the kernels compute what they compiled compute, from the first call on.
 *
 * Used only where it is safe by construction:
 * - V8 serializes optimised code only, and aborts the process when asked to serialize a
 *   module that has none: a process writes only once every exported kernel has been
 *   compiled and checked to be optimised code (optimised where it was not);
 * - V8 itself refuses code made by another V8, under other flags or for another processor
 *   (the module is then compiled as usual);
 * - the file is named by the module's id (a digest of its bytes), V8's version, the
 *   processor's architecture and the process's options, and begins with a header of ours
 *   (the id again, the code's length and a checksum) that is checked before V8 reads a
 *   byte of it. A missing or damaged file is written again; one that V8 refuses all the
 *   same was made on another processor (a folder shared by unlike hosts) and is kept for
 *   it, so that two kinds of host do not replace each other's at every exit;
 * - it is written whole (aside, then renamed) by a process's main thread at a successful
 *   exit, not while a debugger is attached (whose code is not optimised);
 * - any failure (a read-only folder, a runtime without the functions such as Deno or Bun,
 *   a V8 whose functions take other arguments, which its parser refuses) leaves the
 *   module compiled as before, and `RADIOMICS_KERNEL_CACHE=0` turns the cache off.
 * @module
 */
import { isNodeMainThread, nodeBuiltin } from "../builtins.js";
import { packageModule } from "../parallel/location.js";
import { v8Options, type ProcessOptions } from "../v8-options.js";

/** V8's runtime functions this module calls, or null where the runtime has none. */
interface V8Functions {
  serialize(module: WebAssembly.Module): ArrayBuffer;
  deserialize(code: ArrayBuffer, bytes: Uint8Array): WebAssembly.Module | undefined;
  optimised(kernel: unknown): boolean;
  /** Compiles an exported kernel with the optimising tier now; null where V8 has no such function taking one. */
  optimise: ((kernel: unknown) => void) | null;
}

type NodeProcess = ProcessOptions & {
  release?: { name?: string };
  exitCode?: number | string;
  once(event: "beforeExit", listener: () => void): void;
  pid: number;
};

/** "RKC1": the header's first word. */
const MAGIC = 0x31434b52;
/** Magic, the code's length and checksum, the module's length (u32 each), then its id in 16 ASCII digits. */
const HEADER_BYTES = 32;

/**
 * The options of this process that V8 ties compiled code to ({@link v8Options}), or null
 * where the cache is not used: outside Node, and where the environment says
 * `RADIOMICS_KERNEL_CACHE=0` (the user's switch: every process then compiles its kernels,
 * as without a cache).
 */
export function cacheOptions(proc = (globalThis as { process?: NodeProcess }).process): string[] | null {
  if (!proc || proc.release?.name !== "node" || "Deno" in globalThis || "Bun" in globalThis || proc.env["RADIOMICS_KERNEL_CACHE"] === "0") return null;
  return v8Options(proc);
}

let functions: V8Functions | null | undefined;

/** V8's runtime functions (see the module's comment), made once: null where they cannot be (Node's v8 module missing, or the parser refusing them). */
function v8Functions(options: readonly string[]): V8Functions | null {
  if (functions !== undefined) return functions;
  functions = null;
  const v8 = nodeBuiltin<typeof import("node:v8")>("node:v8");
  if (!v8) return null;
  // No such function here, or not with these arguments (the parser checks their count), or
  // code from strings refused: a SyntaxError or EvalError, and no cache (or no optimising).
  const made = <F>(...text: string[]): F | null => {
    try {
      return new Function(...text) as F;
    } catch {
      return null;
    }
  };
  try {
    // Set and reset around the parsing: V8 ties serialized code to its flags as they are
    // when it serializes or reads, and a process started without the flag reads and writes
    // with it unset.
    v8.setFlagsFromString("--allow-natives-syntax");
    const serialize = made<V8Functions["serialize"]>("m", "return %SerializeWasmModule(m)");
    const deserialize = made<V8Functions["deserialize"]>("c", "b", "return %DeserializeWasmModule(c, b)");
    const optimised = made<V8Functions["optimised"]>("f", "return %IsTurboFanFunction(f)");
    const optimise = made<(kernel: unknown) => void>("f", "%WasmTierUpFunction(f)");
    if (serialize && deserialize && optimised) functions = { serialize, deserialize, optimised, optimise };
  } finally {
    if (!options.includes("--allow-natives-syntax")) v8.setFlagsFromString("--no-allow-natives-syntax");
  }
  return functions;
}

/**
 * A 32-bit digest of `bytes` (starting at a multiple of 4 bytes): four FNV-1a lanes over
 * every fourth 32-bit word each (a quarter of the loop's turns, which run before V8 has
 * optimised the loop: 0.7 against 2.7 ms for the kernels' code), the last bytes in the
 * first lane, the lanes folded at the end. Finds a damaged file, not a forged one
 * (whoever can write the package's folder can change its code).
 */
function checksum(bytes: Uint8Array): number {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  const prime = 0x01000193;
  let a = 0x811c9dc5 | 0, b = a ^ 1, c = a ^ 2, d = a ^ 3;
  const whole = words.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    a = Math.imul(a ^ words[i]!, prime);
    b = Math.imul(b ^ words[i + 1]!, prime);
    c = Math.imul(c ^ words[i + 2]!, prime);
    d = Math.imul(d ^ words[i + 3]!, prime);
  }
  for (let i = whole; i < words.length; i++) a = Math.imul(a ^ words[i]!, prime);
  for (let i = words.length << 2; i < bytes.length; i++) a = Math.imul(a ^ bytes[i]!, prime);
  return Math.imul(Math.imul(Math.imul(a ^ b, prime) ^ c, prime) ^ d, prime) >>> 0;
}

/** Where the code of the module `id` compiled by this V8 under `options` is kept: in the package's `dist/` folder. */
export function cacheFile(id: string, options: readonly string[]): string {
  const url = nodeBuiltin<typeof import("node:url")>("node:url")!;
  const { versions, arch } = (globalThis as unknown as { process: { versions: Record<string, string>; arch: string } }).process;
  const named = checksum(new TextEncoder().encode([versions["v8"], arch, ...options].join(" "))).toString(16).padStart(8, "0");
  return url.fileURLToPath(packageModule(`../kernels-${id}-${named}.v8-code`));
}

/** The code in `file`, when its header says it is whole and of the module `id` (`length` bytes long); else null. */
function readCode(file: string, id: string, length: number): ArrayBuffer | null {
  const fs = nodeBuiltin<typeof import("node:fs")>("node:fs")!;
  let data: Uint8Array;
  try {
    data = fs.readFileSync(file);
  } catch {
    return null;
  }
  if (data.byteLength < HEADER_BYTES) return null;
  const head = new DataView(data.buffer, data.byteOffset, HEADER_BYTES);
  const codeLength = head.getUint32(4, true);
  if (head.getUint32(0, true) !== MAGIC || head.getUint32(12, true) !== length || codeLength !== data.byteLength - HEADER_BYTES) return null;
  if (new TextDecoder().decode(data.subarray(16, HEADER_BYTES)) !== id) return null;
  // A copy of its own (a Buffer's slice would be a view): V8 reads the code from the start of an ArrayBuffer.
  const code = new Uint8Array(codeLength);
  code.set(data.subarray(HEADER_BYTES));
  return checksum(code) === head.getUint32(8, true) ? code.buffer : null;
}

/**
 * Compiles every exported kernel of `module` (each called once with no arguments, on an
 * instance of its own with a small memory: a kernel given no input reads nothing or traps,
 * which is caught, its code compiled by then), optimising those compiled with the baseline
 * tier; true when every one is optimised code.
 */
function compileEveryKernel(module: WebAssembly.Module, v8: V8Functions): boolean {
  const kernels = new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 64 }) } }).exports;
  let all = true;
  for (const kernel of Object.values(kernels)) {
    if (typeof kernel !== "function") continue;
    try {
      (kernel as () => unknown)();
    } catch {
      // compiled all the same
    }
    if (!v8.optimised(kernel)) v8.optimise?.(kernel);
    if (!v8.optimised(kernel)) all = false;
  }
  return all;
}

/** Writes the code of `module` (every kernel compiled first) to `file`, whole or not at all. */
function writeCode(file: string, module: WebAssembly.Module, id: string, length: number, v8: V8Functions, proc: NodeProcess): void {
  const fs = nodeBuiltin<typeof import("node:fs")>("node:fs")!;
  // Named for this process and a random part (processes on other hosts may share the folder and a pid).
  const temp = `${file}.${proc.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    // A debugger's code is not optimised, and V8 would not optimise it.
    if (nodeBuiltin<typeof import("node:inspector")>("node:inspector")?.url() !== undefined || !compileEveryKernel(module, v8)) return;
    const code = new Uint8Array(v8.serialize(module));
    const data = new Uint8Array(HEADER_BYTES + code.byteLength);
    const head = new DataView(data.buffer, 0, HEADER_BYTES);
    head.setUint32(0, MAGIC, true);
    head.setUint32(4, code.byteLength, true);
    head.setUint32(8, checksum(code), true);
    head.setUint32(12, length, true);
    data.set(new TextEncoder().encode(id), 16);
    data.set(code, HEADER_BYTES);
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, file);
  } catch {
    // A folder we may not write to, a memory we could not reserve: no cache.
    fs.rmSync(temp, { force: true });
  }
}

/**
 * The compiled module of the kernels' `bytes` (`id`: their digest): on a process's main
 * thread, V8's code read back from the package's cache where there is one, else compiled
 * (lazily, each kernel at its first call); when the cache was missing or damaged, written
 * as the process exits, if it exits successfully. A worker thread compiles, and V8 hands
 * it the module the main thread holds for the same bytes, code included (0.4 ms, its
 * kernels' first calls 0.8 ms in all): it never sets V8's flags, which are the process's,
 * while the main thread may be reading or writing code tied to them.
 */
export function kernelModuleOf(bytes: Uint8Array<ArrayBuffer>, id: string): WebAssembly.Module {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const options = cacheOptions(proc);
  if (!options || !isNodeMainThread()) return new WebAssembly.Module(bytes);
  const v8 = v8Functions(options);
  if (!v8) return new WebAssembly.Module(bytes);
  const file = cacheFile(id, options);
  const code = readCode(file, id, bytes.byteLength);
  const cached = code ? v8.deserialize(code, bytes) : undefined;
  if (cached instanceof WebAssembly.Module) return cached;
  const module = new WebAssembly.Module(bytes);
  if (!code) {
    proc!.once("beforeExit", () => {
      if (!proc!.exitCode) writeCode(file, module, id, bytes.byteLength, v8, proc!);
    });
  }
  return module;
}
