/**
 * Reads the host's messages from a grpc-js streaming call one at a time.
 *
 * Node's async iterator over a stream destroys it when reading ends or
 * fails, and on a bidi call that also drops the response side and its
 * final status. This reader only reads.
 *
 * @module
 */
import type { Readable } from "node:stream";

/** Pulls messages one by one; each `next()` waits for the next message. */
export interface MessageReader<T> {
  /** The next message, or `undefined` once the host half-closed. */
  next(): Promise<T | undefined>;
}

/**
 * A reader over `call`'s incoming messages. Messages are read only when
 * asked for, so an unread call holds the host back.
 */
export function messageReader<T>(
  call: Pick<Readable, "read" | "on" | "once" | "off">,
): MessageReader<T> {
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => wake?.();
  call.on("end", () => {
    ended = true;
    notify();
  });
  call.on("close", () => {
    ended = true;
    notify();
  });
  call.on("error", (error: unknown) => {
    failure ??= error;
    notify();
  });
  return {
    async next() {
      while (true) {
        const message = call.read() as T | null;
        if (message !== null) return message;
        if (failure) throw failure;
        if (ended) return undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          call.once("readable", resolve);
        });
        call.off("readable", wake!);
        wake = undefined;
      }
    },
  };
}
