/**
 * Gathers small writes into large ones. HTTP/2 hands over each 16 KiB frame
 * and its 9-byte header as separate writes; sending each to stdout costs a
 * system call and an async round trip, which capped throughput at about a
 * tenth of what the pipe carries. Batching what arrives within one turn of
 * the event loop keeps the pipe busy with few, large writes.
 *
 * @module
 */

/** Writes some of `bytes` and returns how many were written. */
export type Sink = (bytes: Uint8Array) => Promise<number>;

/** A writer that batches; see {@link batchWriter}. */
export interface BatchWriter {
  /**
   * Queues `chunk`. `done` is called at once while less than the high-water
   * mark is queued, otherwise once the queue has drained below it, which is
   * the back-pressure the caller sees. A failed write is passed to `done`.
   */
  write(chunk: Uint8Array, done: (error?: Error | null) => void): void;
  /** Resolves once everything queued has been written. */
  flush(): Promise<void>;
}

/** Creates a batching writer over `sink`, holding at most about `highWater` bytes. */
export function batchWriter(
  sink: Sink,
  highWater = 4 * 1024 * 1024,
): BatchWriter {
  let queue: Uint8Array[] = [];
  let queued = 0;
  let blocked: ((error?: Error | null) => void)[] = [];
  let failure: Error | undefined;
  let running: Promise<void> | undefined;

  const release = () => {
    const waiting = blocked;
    blocked = [];
    for (const done of waiting) done(failure ?? null);
  };

  const drain = async () => {
    // Let the current burst of writes queue up before the first system call.
    await Promise.resolve();
    while (queue.length > 0 && !failure) {
      const batch = concat(queue, queued);
      queue = [];
      queued = 0;
      try {
        for (let offset = 0; offset < batch.byteLength;) {
          offset += await sink(batch.subarray(offset));
        }
      } catch (error) {
        failure = error as Error;
      }
      release();
    }
    running = undefined;
  };

  return {
    write(chunk, done) {
      if (failure) return done(failure);
      queue.push(chunk);
      queued += chunk.byteLength;
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

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
