/**
 * A Node `Duplex` over the process's stdin and stdout, for grpc-js to serve
 * one HTTP/2 connection on.
 *
 * @module
 */
import { Duplex } from "node:stream";
import { closeStdout, writeStdout } from "./stdout_guard.ts";

/** Read size for stdin: large enough to carry a 1 MiB message in few reads. */
const READ_SIZE = 256 * 1024;

/**
 * Returns a Duplex whose readable side is stdin and whose writable side is the
 * real stdout. It emits `end` once stdin reaches end of file.
 */
export function stdioDuplex(): Duplex {
  let reading = false;
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
      writeAll(chunk).then(() => callback(), callback);
    },
    final(callback) {
      try {
        closeStdout();
      } catch { /* already closed */ }
      callback();
    },
  });

  async function pump(): Promise<void> {
    try {
      while (true) {
        const buffer = new Uint8Array(READ_SIZE);
        const n = await Deno.stdin.read(buffer);
        if (n === null) {
          duplex.push(null);
          return;
        }
        if (!duplex.push(buffer.subarray(0, n))) {
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

async function writeAll(chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    offset += await writeStdout(chunk.subarray(offset));
  }
}
