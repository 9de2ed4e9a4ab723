/**
 * Backend selection: `auto` takes WebAssembly with SIMD where the runtime validates a
 * SIMD module, scalar WebAssembly where it runs WebAssembly at all, and the TypeScript
 * twins otherwise (also where WebAssembly cannot reserve its memory, as under a
 * virtual-memory limit). An explicit request the runtime cannot honour is an error, not a
 * silent fallback.
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { jsKernels } from "./js.js";
import { BACKENDS, type Backend, type BackendChoice, type Kernels } from "./types.js";
import { WasmMemoryLimit, wasmKernels, wasmSupport } from "./wasm.js";

/**
 * The backend `auto` resolves to in this runtime.
 * @example
 * ```ts
 * bestBackend(); // "wasm-simd" in current browsers and Node
 * ```
 */
export function bestBackend(): Backend {
  const support = wasmSupport();
  return support.simd ? "wasm-simd" : support.wasm ? "wasm" : "js";
}

/**
 * What `auto` had to give up, said once per result and once per batch: WebAssembly is
 * there but cannot reserve its memory, so the TypeScript kernels run. Null otherwise.
 */
export function fallbackNote(choice: BackendChoice = "auto"): string | null {
  if (choice !== "auto") return null;
  const support = wasmSupport();
  return support.memory ? null
    : "WebAssembly cannot reserve its memory (a virtual-memory limit, ulimit -v, below about 10 GB): the TypeScript kernels ran, same values, slower; raise the limit for the WebAssembly backends";
}

/**
 * Whether threads running `choice` reserve a WebAssembly memory (about 10 GB of addresses
 * each): not with `js`, nor with `auto` where this thread cannot reserve one (the
 * TypeScript kernels run then). Probes this thread's memory (see `wasmSupport`), which its
 * kernels then take. For counting worker threads under an address-space limit
 * (parallel/room.ts `workerThreadsThatFit`).
 */
export function kernelsReserveMemory(choice: BackendChoice = "auto"): boolean {
  return choice !== "js" && wasmSupport().memory;
}

/**
 * Checks a backend name from a command line or options object.
 * @example
 * ```ts
 * const backend = parseBackend(process.env["RADIOMICS_BACKEND"] ?? "auto");
 * ```
 */
export function parseBackend(value: string): BackendChoice {
  if (value === "auto" || (BACKENDS as readonly string[]).includes(value)) return value as BackendChoice;
  throw new RadiomicsError("INVALID_SETTING", `unknown backend "${value}"; use one of auto, ${BACKENDS.join(", ")}`, { key: "backend", allowed: ["auto", ...BACKENDS] });
}

let fallbacks = 0;

/** How many kernel calls in this thread ran on the TypeScript twins because WebAssembly memory was full (see {@link withMemoryFallback}). */
export function memoryFallbacks(): number {
  return fallbacks;
}

/**
 * `primary`'s kernels, each running on its TypeScript twin instead when it needs more
 * WebAssembly memory than there is ({@link WasmMemoryLimit}): the same values, slower,
 * and counted ({@link memoryFallbacks}).
 */
export function withMemoryFallback(primary: Kernels): Kernels {
  const kernels: Record<string, unknown> = { backend: primary.backend };
  for (const [name, twin] of Object.entries(jsKernels)) {
    if (typeof twin !== "function") continue;
    const own = (primary as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
    kernels[name] = (...args: unknown[]) => {
      try {
        return own.apply(primary, args);
      } catch (err) {
        if (!(err instanceof WasmMemoryLimit)) throw err;
        fallbacks++;
        return (twin as (...args: unknown[]) => unknown)(...args);
      }
    };
  }
  return kernels as unknown as Kernels;
}

const automatic = new Map<Backend, Kernels>();

/**
 * The kernels of a backend (this thread's instance); `auto` falls back per call when WebAssembly memory is full.
 * @example
 * ```ts
 * const kernels = kernelsFor("js"); // the TypeScript twins, the oracle of the WebAssembly kernels
 * kernels.backend; // "js"
 * ```
 */
export function kernelsFor(choice: BackendChoice = "auto"): Kernels {
  const backend = choice === "auto" ? bestBackend() : choice;
  if (backend === "js") return jsKernels;
  if (choice === "auto") {
    let kernels = automatic.get(backend);
    if (!kernels) automatic.set(backend, (kernels = withMemoryFallback(wasmKernels(backend))));
    return kernels;
  }
  const support = wasmSupport();
  if (!support.wasm || (backend === "wasm-simd" && !support.simd)) {
    const why = support.wasm ? "without SIMD"
      : support.memory ? "unavailable"
      : "cannot reserve its memory: a virtual-memory limit (ulimit -v) below about 10 GB stops it";
    throw new RadiomicsError(
      "UNSUPPORTED_BACKEND",
      `this runtime cannot run the ${backend} backend (WebAssembly ${why}); use --backend auto or ${support.wasm ? "wasm" : "js"}`,
      { backend, supported: BACKENDS.filter((b) => b === "js" || (support.wasm && (b === "wasm" || support.simd))) },
    );
  }
  return wasmKernels(backend);
}
