/**
 * Helpers for grpc-js streaming calls: back-pressure both ways and
 * cancellation by the host.
 *
 * @module
 */
import type { sendUnaryData } from "@grpc/grpc-js";
import { Metadata, status, type StatusObject } from "@grpc/grpc-js";
import { errorMessage, PluginError } from "../errors.ts";

/**
 * What these helpers use of a grpc-js server-side writable call: server
 * streaming and bidi calls alike.
 */
interface WritableCall<T> {
  readonly cancelled: boolean;
  write(message: T, callback?: (error?: Error | null) => void): boolean;
  on(event: "drain", listener: () => void): unknown;
  once(event: "cancelled", listener: () => void): unknown;
  off(event: "drain" | "cancelled", listener: () => void): unknown;
  emit(event: "error", error: unknown): unknown;
  end(): unknown;
}

/**
 * How many content chunks (≤ 1 MiB each) a stream may have handed to grpc-js
 * and not yet passed to HTTP/2. grpc-js only pushes back after 16 queued
 * messages, which for 1 MiB chunks and plakar's many concurrent Opens and
 * Gets made the plugin's memory grow to hundreds of MB.
 */
export const CONTENT_IN_FLIGHT = 2;

/**
 * Writes every message to `call` with back-pressure: it waits whenever
 * grpc-js asks for `drain`, and whenever `maxInFlight` messages are still
 * queued in grpc-js. Stops early, and closes the iterator (releasing its
 * source), when the host cancels. Returns false if the call was cancelled.
 */
export async function writeAll<T>(
  call: WritableCall<T>,
  messages: AsyncIterable<T>,
  maxInFlight = Infinity,
): Promise<boolean> {
  let cancelled = call.cancelled;
  let needDrain = false;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const poke = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const onCancel = () => {
    cancelled = true;
    poke();
  };
  const onDrain = () => {
    needDrain = false;
    poke();
  };
  const onWritten = () => {
    inFlight--;
    poke();
  };
  call.once("cancelled", onCancel);
  call.on("drain", onDrain);
  try {
    for await (const message of messages) {
      if (cancelled) return false;
      inFlight++;
      needDrain = !call.write(message, onWritten);
      while (!cancelled && (needDrain || inFlight >= maxInFlight)) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (cancelled) return false;
    }
    return !cancelled;
  } finally {
    call.off("cancelled", onCancel);
    call.off("drain", onDrain);
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

/**
 * A unary (or client-streaming) handler: `body` answers the call, and what
 * it throws becomes the call's status. Every service builds its unary
 * handlers with it. (`NoInfer`: the call's type comes from `body`, never
 * from the service table the handler is put in.)
 */
export function unary<Call, Res>(
  body: (call: Call) => Res | Promise<Res>,
): (call: NoInfer<Call>, callback: sendUnaryData<NoInfer<Res>>) => void {
  return (call, callback) => serveUnary(callback, () => body(call));
}

/**
 * A grpc-js status for anything thrown: the connector's message with code
 * UNKNOWN (UNAVAILABLE would make plakar blame the transport instead).
 */
export function toServiceError(error: unknown): Partial<StatusObject> {
  const code = error instanceof PluginError ? error.code : status.UNKNOWN;
  return { code, details: errorMessage(error), metadata: new Metadata() };
}
