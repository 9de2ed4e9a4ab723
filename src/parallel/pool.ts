/**
 * A pool of workers over comlink: tasks queue and go to the first worker with a free slot;
 * workers start on first need (a pool that is never used costs nothing). A worker takes
 * `depth` tasks at once (default 1): with 2 the next task is already in its message queue
 * when it finishes one, so it does not wait for this thread to hand it over. An AbortSignal
 * stops the pool: queued tasks reject with the signal's reason and the workers are terminated.
 * @module
 */
import type { Remote } from "comlink";
import { RadiomicsError } from "../errors.js";
import { startWorker, type WorkerHandle } from "./endpoint.js";

/**
 * The next turn of the event loop (a macrotask: `setImmediate` where the runtime has it),
 * so that messages from workers are handled: finished tasks settle and queued ones go out.
 */
export function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (run: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/** A queued task: what to run on a worker, and how to settle its promise. */
interface Task<T> {
  run(api: Remote<T>): Promise<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/**
 * A pool of `size` workers running the module at `url`, which serves an API of type T.
 * @example
 * ```ts
 * // A pool of 3 family workers built from your bundle's worker module (see examples/browser/worker.ts).
 * const pool = new WorkerPool<never>(new URL("./family-worker.js", import.meta.url), 3, undefined, 2);
 * await pool.close();
 * ```
 */
export class WorkerPool<T> {
  readonly size: number;
  /** Tasks a worker holds at once. */
  readonly depth: number;
  private readonly url: URL;
  /** Started and alive workers, each with the number of tasks it holds. */
  private readonly workers = new Map<WorkerHandle<T>, number>();
  /** Tasks given to the pool and not yet settled (queued, or on a worker). */
  private unsettled = 0;
  /** Workers being started. */
  private readonly starting = new Set<Promise<WorkerHandle<T>>>();
  private readonly queue: Array<Task<T>> = [];
  private closed: unknown = null;

  constructor(url: URL, size: number, signal?: AbortSignal, depth = 1) {
    if (!Number.isInteger(size) || size < 1) throw new RadiomicsError("INVALID_INPUT", `a worker pool needs at least one worker, got ${size}`);
    this.url = url;
    this.size = size;
    this.depth = depth;
    signal?.addEventListener("abort", () => void this.close(signal.reason ?? new Error("aborted")), { once: true });
    if (signal?.aborted) void this.close(signal.reason ?? new Error("aborted"));
  }

  /** Runs `task` on a worker when one is free. */
  run<R>(task: (api: Remote<T>) => Promise<R>): Promise<R> {
    if (this.closed) return Promise.reject(this.closed);
    this.unsettled++;
    const settled = () => void this.unsettled--;
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ run: task, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    }).finally(settled);
  }

  /** Whether a task given now would start at once or wait only for a worker that is starting: fewer unsettled tasks than size × depth. */
  hasCapacity(): boolean {
    return !this.closed && this.unsettled < this.size * this.depth;
  }

  /** Whether a task is unsettled or a worker is starting. */
  busy(): boolean {
    return this.unsettled > 0 || this.starting.size > 0;
  }

  /** Whether workers are up and none is starting. */
  up(): boolean {
    return !this.closed && this.workers.size > 0 && this.starting.size === 0;
  }

  /**
   * Starts every worker now instead of on first need: for a caller that knows it will use
   * them and has other work first (a worker loads the library meanwhile).
   */
  start(): void {
    if (!this.closed) this.dispatch(this.size);
  }

  /** The started worker holding the fewest tasks, if it has a free slot. */
  private leastBusy(): WorkerHandle<T> | null {
    let best: WorkerHandle<T> | null = null;
    for (const [worker, held] of this.workers) if (held < this.depth && (best === null || held < this.workers.get(best)!)) best = worker;
    return best;
  }

  /** Free slots on started workers. */
  private freeSlots(): number {
    let free = 0;
    for (const held of this.workers.values()) free += this.depth - held;
    return free;
  }

  /** Hands queued tasks to workers with a free slot, starting workers up to the pool's size (at least `wanted`). */
  private dispatch(wanted = 0): void {
    for (let worker = this.leastBusy(); this.queue.length && worker; worker = this.leastBusy()) this.execute(worker, this.queue.shift()!);
    while (Math.max(wanted, this.queue.length) > this.starting.size * this.depth + this.freeSlots() && this.workers.size + this.starting.size < this.size) {
      const started = startWorker<T>(this.url);
      this.starting.add(started);
      started.then(
        (worker) => {
          this.starting.delete(started);
          if (this.closed) return void worker.terminate();
          this.workers.set(worker, 0);
          this.dispatch();
        },
        (err) => {
          this.starting.delete(started);
          // A worker could not start: fail everything queued.
          for (const task of this.queue.splice(0)) task.reject(err);
        },
      );
    }
  }

  private execute(worker: WorkerHandle<T>, task: Task<T>): void {
    this.workers.set(worker, this.workers.get(worker)! + 1);
    task.run(worker.api).then(task.resolve, task.reject).finally(() => {
      if (this.closed) return;
      // A crashed worker is replaced, so one bad case does not fail those after it.
      if (worker.alive() && this.workers.has(worker)) this.workers.set(worker, this.workers.get(worker)! - 1);
      else this.workers.delete(worker);
      this.dispatch();
    });
  }

  /** Rejects queued tasks (with `reason`) and terminates the workers. Running tasks end with their workers. */
  async close(reason: unknown = new Error("the worker pool was closed")): Promise<void> {
    if (this.closed) return;
    this.closed = reason;
    for (const task of this.queue.splice(0)) task.reject(reason);
    // Workers still starting terminate themselves when they are up (see dispatch).
    await Promise.allSettled([...this.starting]);
    await Promise.all([...this.workers.keys()].map((w) => w.terminate()));
  }
}
