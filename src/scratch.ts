/**
 * Large typed arrays that a thread reuses: an extraction takes its crops, ROI values and
 * gray-level volumes here and gives them back when its families are done, and the next
 * extraction (the next response map, the next case) gets the same memory again.
 *
 * Memory a process has not touched yet costs a page fault per 4 kB on first use; on the
 * virtual machines this project is measured on, about 10 µs each, 2.7 ms a megabyte
 * (docs/decisions.md, Engine: twelfth steps): a warm CT extraction that copied its crops
 * and kernel outputs into fresh memory spent 5–18 ms of its 35–60 in page faults, and a
 * freed buffer is seldom handed out again before the collector and the allocator return
 * it. Memory given back here is kept touched.
 *
 * Only arrays taken here are kept when given back ({@link giveBack} ignores others), so a
 * caller's volume passed through by mistake is never reused under it; an array taken and
 * never given back is collected as any other.
 * @module
 */
/** Arrays below this size come from the allocator's own free lists cheaply: not kept. */
const MIN_BYTES = 64 << 10;
/** Free buffers kept at most, the oldest let go first: a batch's next case reuses a case's worth, no more. */
const KEEP_BYTES = 256 << 20;

/** Buffers given back and free, oldest first. */
const free: ArrayBufferLike[] = [];
let freeBytes = 0;
/** Buffers handed out by {@link takeArray} and not given back yet. */
const lent = new WeakSet<ArrayBufferLike>();

/** The typed arrays kept here: any with a length and a fill (volume.ts's VoxelArray, not imported: volume.ts imports this). */
type Typed = ArrayBufferView & { readonly length: number; fill(value: number): unknown };

type ArrayType<T extends Typed> = {
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};

/**
 * The index in `buffers` of the smallest that holds `bytes` and is at most twice as large
 * (so a small array does not hold a large buffer), in shared memory or not as `shared`
 * says; -1 when none fits. Also how ReadBuffers picks a buffer to read a file into.
 */
export function fittest(buffers: readonly ArrayBufferLike[], bytes: number, shared: boolean): number {
  let best = -1;
  for (let i = 0; i < buffers.length; i++) {
    const b = buffers[i]!;
    if (b.byteLength >= bytes && b.byteLength <= 2 * bytes && (b instanceof ArrayBuffer) !== shared && (best < 0 || b.byteLength < buffers[best]!.byteLength)) best = i;
  }
  return best;
}

/**
 * An array of `length` elements, on a free buffer of this thread where one fits (at least
 * its size, at most twice: a small array does not hold a large buffer), else on a new one;
 * in a SharedArrayBuffer when `shared` and the runtime has one. Zeroed unless `zero` is
 * false (the caller then writes every element).
 * @example
 * ```ts
 * const levels = takeArray(Int32Array, 1 << 20);
 * // … use it …
 * giveBack(levels); // nothing may read it after this
 * ```
 */
export function takeArray<T extends Typed>(Ctor: ArrayType<T>, length: number, shared = false, zero = true): T {
  const bytes = length * Ctor.BYTES_PER_ELEMENT;
  const inShared = shared && typeof SharedArrayBuffer === "function";
  const best = bytes >= MIN_BYTES ? fittest(free, bytes, inShared) : -1;
  let array: T;
  if (best >= 0) {
    const buffer = free.splice(best, 1)[0]!;
    freeBytes -= buffer.byteLength;
    array = new Ctor(buffer, 0, length);
    if (zero) array.fill(0);
  } else {
    array = new Ctor(inShared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), 0, length);
  }
  if (bytes >= MIN_BYTES) lent.add(array.buffer);
  return array;
}

/**
 * Gives arrays taken by {@link takeArray} back to this thread for reuse; nothing may read
 * or write them afterwards. Others (a caller's volume, an array given back before) are
 * left alone.
 */
export function giveBack(...arrays: Array<ArrayBufferView | null | undefined>): void {
  for (const array of arrays) {
    const buffer = array?.buffer;
    if (!buffer || !lent.has(buffer)) continue;
    lent.delete(buffer);
    free.push(buffer);
    freeBytes += buffer.byteLength;
  }
  while (freeBytes > KEEP_BYTES) freeBytes -= free.shift()!.byteLength;
}

/** The lists that arrays made for an owner (an ROI's input) join, to be given back together. */
const lists = new WeakMap<object, ArrayBufferView[]>();

/**
 * Arrays made later for `owner` through {@link listedWith} join `made`, which its maker
 * gives back (as an extraction gives back what an ROI's families made once they are done).
 */
export function listFor(owner: object, made: ArrayBufferView[]): void {
  lists.set(owner, made);
}

/** Lists `array` with what was made for `owner` (see {@link listFor}); an owner without a list leaves it to the collector. */
export function listedWith<T extends ArrayBufferView>(owner: object, array: T): T {
  lists.get(owner)?.push(array);
  return array;
}

/** Bytes of free buffers this thread keeps (for tests and the bench). */
export function scratchBytes(): number {
  return freeBytes;
}
