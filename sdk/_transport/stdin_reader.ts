/**
 * Reads stdin on a worker thread into a ring the plugin's thread consumes.
 *
 * The host writes to a pipe that holds 64 KiB. Read on the plugin's own
 * thread, each read waits for a turn of the event loop and each read's
 * frames are handled before the next, so the host's writes and the plugin's
 * reads take turns. A worker blocked in `read(2)` drains the pipe as soon as
 * the host writes, into a ring of fixed size: a larger pipe, with the memory
 * it costs fixed. HTTP/2 flow control still bounds what the host sends.
 *
 * @module
 */
import { setImmediate } from "node:timers";

/**
 * Bytes read ahead at most. 1 MiB ran raw Puts as fast as 4 MiB did. A
 * power of two, so positions follow counts that wrap at 2³².
 */
const RING_SIZE = 1 << 20;

/**
 * Slots of the shared state: bytes written, bytes consumed, how reading
 * ended (0 while it goes on), and a count of the worker's signals, which
 * changes with every write and with the end, so a wait never misses one.
 */
const HEAD = 0;
const TAIL = 1;
const END = 2;
const SIGNALS = 3;
const FAILED = 2;

/** What the worker's body uses of its global scope. */
interface WorkerScope {
  onmessage: (event: MessageEvent) => void;
  postMessage(message: string): void;
}

/**
 * The worker's body. It runs from its source text, so it names nothing
 * outside itself, and the slots are literals: 0 HEAD, 1 TAIL, 2 END (1 at
 * end of file, 2 failed), 3 SIGNALS.
 */
function fillRing(): void {
  const scope = self as unknown as WorkerScope;
  scope.onmessage = (event) => {
    const { ring, state } = event.data as {
      ring: Uint8Array;
      state: Int32Array;
    };
    const size = ring.byteLength;
    const signal = () => {
      Atomics.add(state, 3, 1);
      Atomics.notify(state, 3);
    };
    let head = 0;
    try {
      while (true) {
        let tail = Atomics.load(state, 1);
        while (((head - tail) | 0) === size) {
          Atomics.wait(state, 1, tail);
          tail = Atomics.load(state, 1);
        }
        const at = head & (size - 1);
        const room = Math.min(size - at, size - ((head - tail) | 0));
        const n = Deno.stdin.readSync(ring.subarray(at, at + room));
        if (n === null) break;
        head = (head + n) | 0;
        Atomics.store(state, 0, head);
        signal();
      }
      Atomics.store(state, 2, 1);
    } catch (error) {
      // Posted before the state says so: the reader awaits the reason.
      scope.postMessage(error instanceof Error ? error.message : String(error));
      Atomics.store(state, 2, 2);
    }
    signal();
  };
}

/**
 * Hands what stdin carries to `receive`, in order, until end of file.
 * A view passed to `receive` is valid until it returns: copy what you keep.
 * Rejects with the reason if reading fails.
 */
export async function readStdin(
  receive: (bytes: Uint8Array) => void,
): Promise<void> {
  const ring = new Uint8Array(new SharedArrayBuffer(RING_SIZE));
  const state = new Int32Array(new SharedArrayBuffer(4 * 4));
  // A data: URL needs no read permission, and the module loader of compiled
  // executables serves it; it served blob: URLs only from denoland/deno#34574
  // (May 2026) on, and revoking one can race the worker's load (#26142).
  const source = `data:text/javascript,${
    encodeURIComponent(`(${fillRing})()`)
  }`;
  const worker = new Worker(source, { type: "module" });
  const failure = new Promise<string>((resolve) => {
    worker.onmessage = (event) => resolve(String(event.data));
    worker.onerror = (event) => {
      event.preventDefault();
      resolve(event.message);
      Atomics.store(state, END, FAILED);
      Atomics.add(state, SIGNALS, 1);
      Atomics.notify(state, SIGNALS);
    };
  });
  worker.postMessage({ ring, state });
  let tail = 0;
  try {
    while (true) {
      // In this order: a signal after these loads changes SIGNALS, and the
      // head read after the end was seen is the last one.
      const signals = Atomics.load(state, SIGNALS);
      const end = Atomics.load(state, END);
      const head = Atomics.load(state, HEAD);
      if (head === tail) {
        if (end) break;
        const wait = Atomics.waitAsync(state, SIGNALS, signals);
        if (wait.async) await wait.value;
        continue;
      }
      const at = tail & (RING_SIZE - 1);
      const stop = Math.min(RING_SIZE, at + ((head - tail) | 0));
      receive(ring.subarray(at, stop));
      tail = (tail + stop - at) | 0;
      Atomics.store(state, TAIL, tail);
      Atomics.notify(state, TAIL);
      // A macrotask, not a timer: nested timers are clamped to 4 ms, and
      // a microtask would starve the writes and the connector's own I/O.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (Atomics.load(state, END) === FAILED) throw new Error(await failure);
  } finally {
    worker.terminate();
  }
}
