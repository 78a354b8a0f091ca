/**
 * Gathers small writes into large ones. HTTP/2 hands over each 16 KiB frame
 * and its 9-byte header as separate writes; sending each to stdout costs a
 * system call and an async round trip, which capped throughput at about a
 * tenth of what the pipe carries. Batching what arrives within one turn of
 * the event loop keeps the pipe busy with few, large writes.
 *
 * Each write is copied at once into blocks the writer reuses, so the
 * caller's buffer is free again when `write` returns: content sources can
 * reuse their buffers, and what is in flight never depends on the garbage
 * collector to be freed (fresh buffers per chunk piled up to hundreds of
 * MB of dead memory between collections on a raw Get of 1 GiB).
 *
 * @module
 */
import { bufferPool } from "../_buffer_pool.ts";

/** Writes some of `bytes` and returns how many were written. */
export type Sink = (bytes: Uint8Array) => Promise<number>;

/** A writer that batches; see {@link batchWriter}. */
export interface BatchWriter {
  /**
   * Copies `chunk` into the queue. `done` is called at once while less than
   * the high-water mark is queued, otherwise once the queue has drained
   * below it, which is the back-pressure the caller sees. A failed write is
   * passed to `done`.
   */
  write(chunk: Uint8Array, done: (error?: Error | null) => void): void;
  /** Resolves once everything queued has been written. */
  flush(): Promise<void>;
}

/** The most one system call writes, and the size of each block. */
const BLOCK_SIZE = 1024 * 1024;

/** Creates a batching writer over `sink`, holding at most about `highWater` bytes. */
export function batchWriter(
  sink: Sink,
  highWater = 4 * 1024 * 1024,
): BatchWriter {
  /** Blocks to write, in order; the last one is being filled. */
  const blocks: { bytes: Uint8Array; filled: number }[] = [];
  /** Written blocks kept for reuse: enough for a full queue. */
  const spare = bufferPool(BLOCK_SIZE, Math.ceil(highWater / BLOCK_SIZE) + 1);
  let queued = 0;
  let blocked: ((error?: Error | null) => void)[] = [];
  let failure: Error | undefined;
  let running: Promise<void> | undefined;

  const release = () => {
    const waiting = blocked;
    blocked = [];
    for (const done of waiting) done(failure ?? null);
  };

  const copy = (chunk: Uint8Array) => {
    for (let at = 0; at < chunk.byteLength;) {
      let last = blocks.at(-1);
      if (!last || last.filled === last.bytes.byteLength) {
        last = { bytes: new Uint8Array(spare.take()), filled: 0 };
        blocks.push(last);
      }
      const take = Math.min(
        chunk.byteLength - at,
        last.bytes.byteLength - last.filled,
      );
      last.bytes.set(chunk.subarray(at, at + take), last.filled);
      last.filled += take;
      at += take;
    }
    queued += chunk.byteLength;
  };

  const drain = async () => {
    // Let the current burst of writes queue up before the first system call.
    await Promise.resolve();
    while (blocks.length > 0 && !failure) {
      // The block being filled goes too: writes made while it is written
      // start a new one.
      const block = blocks.shift()!;
      const batch = block.bytes.subarray(0, block.filled);
      try {
        for (let offset = 0; offset < batch.byteLength;) {
          offset += await sink(batch.subarray(offset));
        }
      } catch (error) {
        failure = error as Error;
      }
      queued -= batch.byteLength;
      spare.give(block.bytes.buffer);
      if (queued < highWater || failure) release();
    }
    running = undefined;
  };

  return {
    write(chunk, done) {
      if (failure) return done(failure);
      copy(chunk);
      if (queued < highWater) done(null);
      else blocked.push(done);
      running ??= drain();
    },
    async flush() {
      while (running) await running;
      if (failure) throw failure;
    },
  };
}
