/**
 * Gathers small writes into large ones, copied into one reused buffer. HTTP/2 hands over each 16 KiB frame
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
  let head = 0;
  let queued = 0;
  let blocked: ((error?: Error | null) => void)[] = [];
  let failure: Error | undefined;
  let running: Promise<void> | undefined;
  // One buffer for every batch: a fresh one per batch was megabytes of
  // garbage a second, which the allocator kept as resident memory.
  let staging: Uint8Array | undefined;

  const release = () => {
    const waiting = blocked;
    blocked = [];
    for (const done of waiting) done(failure ?? null);
  };

  /** Copies queued bytes into the staging buffer; returns how many. */
  const fill = (into: Uint8Array): number => {
    let filled = 0;
    while (head < queue.length && filled < into.byteLength) {
      const chunk = queue[head];
      const take = Math.min(chunk.byteLength, into.byteLength - filled);
      into.set(
        take === chunk.byteLength ? chunk : chunk.subarray(0, take),
        filled,
      );
      filled += take;
      if (take === chunk.byteLength) head++;
      else queue[head] = chunk.subarray(take);
    }
    if (head === queue.length) {
      queue = [];
      head = 0;
    }
    queued -= filled;
    return filled;
  };

  const drain = async () => {
    // Let the current burst of writes queue up before the first system call.
    await Promise.resolve();
    staging ??= new Uint8Array(BATCH_SIZE);
    while (queued > 0 && !failure) {
      const batch = staging.subarray(0, fill(staging));
      try {
        for (let offset = 0; offset < batch.byteLength;) {
          offset += await sink(batch.subarray(offset));
        }
      } catch (error) {
        failure = error as Error;
      }
      if (queued < highWater || failure) release();
    }
    running = undefined;
  };

  return {
    write(chunk, done) {
      if (failure) return done(failure);
      if (chunk.byteLength > 0) {
        queue.push(chunk);
        queued += chunk.byteLength;
      }
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

/** The most one system call writes. */
const BATCH_SIZE = 1024 * 1024;
