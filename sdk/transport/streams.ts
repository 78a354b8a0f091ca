/**
 * Helpers for grpc-js streaming calls: back-pressure both ways and
 * cancellation by the host.
 *
 * @module
 */
import type { sendUnaryData } from "@grpc/grpc-js";
import { toServiceError } from "./errors.ts";

/**
 * What these helpers use of a grpc-js server-side writable call: server
 * streaming and bidi calls alike.
 */
interface WritableCall<T> {
  readonly cancelled: boolean;
  write(message: T): boolean;
  once(event: "drain" | "cancelled", listener: () => void): unknown;
  off(event: "drain" | "cancelled", listener: () => void): unknown;
  emit(event: "error", error: unknown): unknown;
  end(): unknown;
}

/**
 * Writes every message to `call`, waiting for `drain` whenever grpc-js's
 * buffer is full. Stops early, and closes the iterator (releasing its
 * source), when the host cancels. Returns false if the call was cancelled.
 */
export async function writeAll<T>(
  call: WritableCall<T>,
  messages: AsyncIterable<T>,
): Promise<boolean> {
  let cancelled = call.cancelled;
  let wake: (() => void) | undefined;
  const onCancel = () => {
    cancelled = true;
    wake?.();
  };
  call.once("cancelled", onCancel);
  try {
    for await (const message of messages) {
      if (cancelled) return false;
      if (!call.write(message)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          call.once("drain", resolve);
        });
        call.off("drain", wake!);
        wake = undefined;
      }
      if (cancelled) return false;
    }
    return !cancelled;
  } finally {
    call.off("cancelled", onCancel);
  }
}

/**
 * Runs a server-streaming handler body: ends the call with OK when it
 * returns, or with the error's status when it throws.
 */
export function serveStream<T>(
  call: WritableCall<T>,
  body: () => Promise<unknown>,
): void {
  body().then(
    () => {
      if (!call.cancelled) call.end();
    },
    (error) => {
      if (!call.cancelled) call.emit("error", toServiceError(error));
    },
  );
}

/**
 * Runs a unary (or client-streaming) handler body and answers through the
 * grpc-js callback.
 */
export function serveUnary<T>(
  callback: sendUnaryData<T>,
  body: () => T | Promise<T>,
): void {
  Promise.resolve().then(body).then(
    (value) => callback(null, value),
    (error) => callback(toServiceError(error)),
  );
}
