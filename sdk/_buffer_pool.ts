/**
 * Buffers kept for reuse. Content flows through short-lived buffers, and
 * fresh ones per chunk or message were dead memory waiting for V8's full
 * collections (hundreds of MB on a raw Get of 1 GiB) and page faults.
 *
 * @module
 */

/** Buffers of one size; see {@link bufferPool}. */
export interface BufferPool {
  /** A buffer of the pool's size: a kept one, else a new one. */
  take(): ArrayBuffer;
  /**
   * Keeps `buffer` for a later `take`, unless enough are kept or it is not
   * of the pool's size (a detached buffer, handed over elsewhere, has none).
   */
  give(buffer: ArrayBufferLike): void;
}

/** A pool of `size`-byte buffers keeping at most `keep` of them. */
export function bufferPool(size: number, keep: number): BufferPool {
  const kept: ArrayBuffer[] = [];
  return {
    take: () => kept.pop() ?? new ArrayBuffer(size),
    give(buffer) {
      if (buffer.byteLength === size && kept.length < keep) {
        kept.push(buffer as ArrayBuffer);
      }
    },
  };
}
