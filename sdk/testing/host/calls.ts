/**
 * What the host's calls accept and how they fail.
 *
 * @module
 */
import { status } from "@grpc/grpc-js";
import { seconds } from "./_duration.ts";

/** What every call accepts. */
export interface CallOptions {
  /** Cancels the call (an RST_STREAM to the plugin) when aborted. */
  signal?: AbortSignal;
}

/** A failed RPC: the gRPC status and, when known, why the link broke. */
export class CallError extends Error {
  /** The RPC's path, e.g. `/store.Store/Get`. */
  readonly path: string;
  /** The gRPC status code. */
  readonly code: number;
  /** The status message sent by the plugin (what plakar would print). */
  readonly details: string;

  /** Describes a failed call for people. */
  constructor(path: string, code: status, details: string, cause?: string) {
    super(
      `${path} failed with ${status[code] ?? code}: ${
        details || "(no message)"
      }${cause ? ` (${cause})` : ""}`,
    );
    this.name = "CallError";
    this.path = path;
    this.code = code;
    this.details = details;
  }
}

/** An AbortSignal that aborts after `ms` with a reason people can read. */
export function deadline(ms: number): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`did not end within ${seconds(ms)}`)),
    ms,
  );
  Deno.unrefTimer(timer);
  return controller.signal;
}
