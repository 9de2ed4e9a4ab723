/**
 * Workers across runtimes, as comlink endpoints: Node's `worker_threads` (an
 * EventEmitter, adapted here) or a Web Worker (Deno, browsers; already an endpoint).
 * @module
 */
import { expose, wrap, type Endpoint, type Remote } from "comlink";
import { RadiomicsError } from "../errors.js";
import { nodeBuiltin } from "../builtins.js";

/** The part of a Node `Worker` or `MessagePort` the adapter uses. */
interface NodePort {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(event: "message", listener: (data: unknown) => void): unknown;
  off(event: "message", listener: (data: unknown) => void): unknown;
}

type Listener = EventListenerOrEventListenerObject;

/** A Node port as a comlink endpoint: message events carry `{ data }` as Web Workers' do. */
function nodeEndpoint(port: NodePort): Endpoint {
  const adapters = new WeakMap<Listener, (data: unknown) => void>();
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer as readonly unknown[] | undefined),
    addEventListener: (_type: string, listener: Listener) => {
      const adapter = (data: unknown) => {
        const event = { data } as MessageEvent;
        if (typeof listener === "function") listener(event);
        else listener.handleEvent(event);
      };
      adapters.set(listener, adapter);
      port.on("message", adapter);
    },
    removeEventListener: (_type: string, listener: Listener) => {
      const adapter = adapters.get(listener);
      if (adapter) port.off("message", adapter);
    },
  };
}

/** True in Node.js (also under Deno's Node compatibility, which is not used there). */
export function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown };
  return !g.Deno && typeof g.process?.versions?.node === "string";
}

/**
 * Whether this runtime lets the library start worker threads: not under Node's permission
 * model without `--allow-worker` (elsewhere, as far as this can tell, yes).
 * @example
 * ```ts
 * const workers = workersAllowed() ? 4 : 1;
 * ```
 */
export function workersAllowed(): boolean {
  if (!isNode()) return true;
  const permission = (globalThis as { process?: { permission?: { has(scope: string): boolean } } }).process?.permission;
  return !permission || permission.has("worker");
}

/** A started worker: its comlink proxy and how to stop it. */
export interface WorkerHandle<T> {
  api: Remote<T>;
  /** False once the worker has exited or crashed. */
  alive(): boolean;
  terminate(): Promise<void>;
}

/**
 * The Node options a worker thread starts with: undefined, this process's (a worker
 * inherits them), unless they hold `--input-type`, with which a thread cannot load its
 * module file: a script run with `node --input-type=module -e …` or from standard input
 * would get no workers. Then none: V8's options (`--no-liftoff`) are the whole process's
 * anyway, and Node refuses them in a worker's list.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] | undefined {
  return execArgv.some((a) => a === "--input-type" || a.startsWith("--input-type=")) ? [] : undefined;
}

/** Node's `worker_threads`, at once where the runtime offers its built-ins synchronously (Node ≥ 20.16), else by import. */
function workerThreads(): typeof import("node:worker_threads") | Promise<typeof import("node:worker_threads")> {
  return nodeBuiltin<typeof import("node:worker_threads")>("node:worker_threads") ?? import("node:worker_threads");
}

/**
 * Starts the worker module at `url` and wraps it with comlink. In Node the thread is
 * created before this returns (where the runtime allows), so it boots while the caller
 * goes on computing.
 */
export async function startWorker<T>(url: URL): Promise<WorkerHandle<T>> {
  if (isNode()) {
    if (!workersAllowed()) {
      throw new RadiomicsError(
        "UNSUPPORTED_SETTING",
        "worker threads are not allowed here (Node's permission model without --allow-worker): run node with --allow-worker, or use one worker (--workers 1)",
        { key: "workers" },
      );
    }
    const threads = workerThreads();
    const { Worker } = threads instanceof Promise ? await threads : threads;
    const worker = new Worker(url, { execArgv: workerExecArgv() });
    let alive = true;
    // A worker that dies (out of memory, crash) must not leave its callers waiting.
    const died = new Promise<never>((_, reject) => {
      worker.once("error", (err) => ((alive = false), reject(err)));
      worker.once("exit", (code) => ((alive = false), reject(new Error(`worker exited with code ${code}`))));
    });
    died.catch(() => undefined);
    const api = wrap<T>(nodeEndpoint(worker as unknown as NodePort));
    return { api: withDeath(api, died), alive: () => alive, terminate: async () => void (await worker.terminate()) };
  }
  const worker = new Worker(url, { type: "module" });
  let alive = true;
  worker.addEventListener("error", () => (alive = false));
  return { api: wrap<T>(worker), alive: () => alive, terminate: async () => ((alive = false), worker.terminate()) };
}

/** A proxy whose calls also fail when the worker dies. */
function withDeath<T>(api: Remote<T>, died: Promise<never>): Remote<T> {
  return new Proxy(api as object, {
    get(target, key) {
      const member = Reflect.get(target, key) as unknown;
      if (typeof member !== "function" || key === "then") return member;
      return (...args: unknown[]) => Promise.race([(member as (...a: unknown[]) => Promise<unknown>)(...args), died]);
    },
  }) as Remote<T>;
}

/** Serves `api` from inside a worker, in any runtime. */
export async function serve(api: object): Promise<void> {
  if (isNode()) {
    const { parentPort } = await import("node:worker_threads");
    expose(api, nodeEndpoint(parentPort as unknown as NodePort));
  } else {
    expose(api, globalThis as unknown as Endpoint);
  }
}
