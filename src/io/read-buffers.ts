/**
 * Buffers that file reads reuse from one case to the next.
 * @module
 */
import { zeroedArray } from "../volume.js";
import { fittest } from "../scratch.js";

/**
 * Buffers to read files into, handed out again once the volumes read into them are done
 * with. A fresh buffer is memory the process has not touched yet, and the read pays a page
 * fault for every 4 kB of it: the CT phantom's 9.8 MB image took 6–9 ms to read into new
 * memory against 2 ms into memory read into before (docs/decisions.md, Engine). A batch
 * keeps one per thread and recycles it between cases.
 *
 * A buffer is reused for a file of at most its size and at least half of it, so a small
 * mask does not hold on to an image-sized buffer; the volumes view their own bytes of it.
 * Buffers not reused by the next case are dropped at the following {@link recycle}, so at
 * most one case's files are kept. A lent buffer is held weakly: the case's volumes decide
 * how long it lives (an extraction lets go of a large image once it is cropped), and it
 * comes back only if they kept it to the case's end (held strongly, lent buffers kept a
 * 22.7 M-voxel case's 315 MB of files to its end and its peak went from 1.37 to 1.58 GB).
 * @example
 * ```ts
 * const buffers = new ReadBuffers();
 * for (const id of ["p01", "p02", "p03"]) {
 *   const image = await readVolumeFile(`cohort/${id}/ct.nii`, { readBuffers: buffers });
 *   const mask = await readVolumeFile(`cohort/${id}/gtv.nii`, { readBuffers: buffers });
 *   console.log((await extract(image, mask, config)).values);
 *   buffers.recycle(); // image and mask are not used after this
 * }
 * ```
 */
export class ReadBuffers {
  /** Buffers free for the next case; the buffers lent since the last {@link recycle}, held weakly. */
  private free: ArrayBufferLike[] = [];
  private lent: Array<WeakRef<ArrayBufferLike>> = [];

  /** A new zero-offset view of `size` bytes (not zeroed: the caller fills it), in shared memory when `shared`. */
  take(size: number, shared = false): Uint8Array {
    // zeroedArray falls back to plain memory where there is no SharedArrayBuffer.
    const best = fittest(this.free, size, shared && typeof SharedArrayBuffer === "function");
    const buffer = best >= 0 ? this.free.splice(best, 1)[0]! : zeroedArray(Uint8Array, size, shared).buffer;
    // The buffer itself is held weakly: the case's volumes view it through arrays of their own.
    this.lent.push(new WeakRef(buffer));
    return new Uint8Array(buffer, 0, size);
  }

  /**
   * Ends a case: with `reuse`, the buffers taken since the last call are free for the next
   * (nothing read into them may be used after this); without it (a case that failed, whose
   * workers may still hold its volumes) they are left to the collector. Free buffers the
   * case did not take are dropped either way.
   */
  recycle(reuse = true): void {
    this.free = [];
    if (reuse) {
      for (const lent of this.lent) {
        const buffer = lent.deref();
        if (buffer) this.free.push(buffer);
      }
    }
    this.lent = [];
  }
}
