/**
 * A Node `Duplex` over the process's stdin and stdout, for grpc-js to serve
 * one HTTP/2 connection on.
 *
 * @module
 */
import { Duplex } from "node:stream";
import { batchWriter } from "./batch_writer.ts";
import { closeStdout, writeStdout } from "./stdout_guard.ts";

/**
 * Reads land in a shared pool, each in the space after the previous one:
 * allocating (and zero-filling) a buffer per read cost more than the read
 * itself when the host sends many small frames.
 */
const POOL_SIZE = 1024 * 1024;
/** Below this much room left in the pool, start a new one. */
const MIN_READ = 64 * 1024;

/**
 * Returns a Duplex whose readable side is stdin and whose writable side is the
 * real stdout. It emits `end` once stdin reaches end of file. `written` sees
 * every chunk on its way to stdout.
 */
export function stdioDuplex(written?: (chunk: Uint8Array) => void): Duplex {
  let reading = false;
  let pool = new Uint8Array(POOL_SIZE);
  let used = 0;
  const out = batchWriter(writeStdout);
  const duplex = new Duplex({
    // The stream must stay writable after stdin ends: the session may still be
    // flushing its last frames.
    allowHalfOpen: true,
    read() {
      if (reading) return;
      reading = true;
      void pump();
    },
    write(chunk: Uint8Array, _encoding, callback) {
      written?.(chunk);
      out.write(chunk, callback);
    },
    final(callback) {
      out.flush().then(() => {
        try {
          closeStdout();
        } catch { /* already closed */ }
        callback();
      }, callback);
    },
  });

  async function pump(): Promise<void> {
    try {
      while (true) {
        if (POOL_SIZE - used < MIN_READ) {
          pool = new Uint8Array(POOL_SIZE);
          used = 0;
        }
        const n = await Deno.stdin.read(pool.subarray(used));
        if (n === null) {
          duplex.push(null);
          return;
        }
        const chunk = pool.subarray(used, used + n);
        used += n;
        if (!duplex.push(chunk)) {
          reading = false;
          return;
        }
      }
    } catch (error) {
      duplex.destroy(error as Error);
    }
  }

  return duplex;
}
