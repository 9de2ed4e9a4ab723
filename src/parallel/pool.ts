/**
 * A pool of workers over comlink: tasks queue and go to the first idle worker; workers
 * start on first need (a pool that is never used costs nothing). An AbortSignal stops
 * the pool: queued tasks reject with the signal's reason and the workers are terminated.
 * @module
 */
import type { Remote } from "comlink";
import { RadiomicsError } from "../errors.js";
import { startWorker, type WorkerHandle } from "./endpoint.js";

/** A queued task: what to run on a worker, and how to settle its promise. */
interface Task<T> {
  run(api: Remote<T>): Promise<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/** A pool of `size` workers running the module at `url`, which serves an API of type T. */
export class WorkerPool<T> {
  readonly size: number;
  private readonly url: URL;
  /** Started and alive workers, and those of them free for a task. */
  private readonly workers = new Set<WorkerHandle<T>>();
  private readonly idle: Array<WorkerHandle<T>> = [];
  /** Workers being started. */
  private readonly starting = new Set<Promise<WorkerHandle<T>>>();
  private readonly queue: Array<Task<T>> = [];
  private closed: unknown = null;

  constructor(url: URL, size: number, signal?: AbortSignal) {
    if (!Number.isInteger(size) || size < 1) throw new RadiomicsError("INVALID_INPUT", `a worker pool needs at least one worker, got ${size}`);
    this.url = url;
    this.size = size;
    signal?.addEventListener("abort", () => void this.close(signal.reason ?? new Error("aborted")), { once: true });
    if (signal?.aborted) void this.close(signal.reason ?? new Error("aborted"));
  }

  /** Runs `task` on a worker when one is free. */
  run<R>(task: (api: Remote<T>) => Promise<R>): Promise<R> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ run: task, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /**
   * Starts every worker now instead of on first need: for a caller that knows it will use
   * them and has other work first (a worker loads the library meanwhile).
   */
  start(): void {
    if (!this.closed) this.dispatch(this.size);
  }

  /** Hands queued tasks to idle workers, starting workers up to the pool's size (at least `wanted`). */
  private dispatch(wanted = 0): void {
    while (this.queue.length && this.idle.length) this.execute(this.idle.pop()!, this.queue.shift()!);
    while (Math.max(wanted, this.queue.length) > this.starting.size + this.idle.length && this.workers.size + this.starting.size < this.size) {
      const started = startWorker<T>(this.url);
      this.starting.add(started);
      started.then(
        (worker) => {
          this.starting.delete(started);
          if (this.closed) return void worker.terminate();
          this.workers.add(worker);
          this.idle.push(worker);
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
    task.run(worker.api).then(task.resolve, task.reject).finally(() => {
      if (this.closed) return;
      // A crashed worker is replaced, so one bad case does not fail those after it.
      if (worker.alive()) this.idle.push(worker);
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
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }
}
