/**
 * gRPC calls as the host makes them: promises and async iterables over
 * grpc-js, with cancellation by `AbortSignal` and errors that name the RPC.
 *
 * @module
 */
import type { DescService } from "@bufbuild/protobuf";
import {
  type Channel,
  type Client,
  credentials,
  makeGenericClientConstructor,
  status,
} from "@grpc/grpc-js";
import type { ChunkOptions } from "../../_chunks.ts";
import { serviceDefinition } from "../../_transport/service.ts";
import { CallError, type CallOptions } from "./calls.ts";

/** The grpc-js client of one service; methods by name. */
// deno-lint-ignore no-explicit-any
export type GenericClient = Client & Record<string, any>;

/** One HTTP/2 connection to a plugin, shared by the clients of every service. */
export interface Link {
  /** The grpc-js client of `service` over this connection. */
  client(service: DescService): GenericClient;
  /**
   * Why calls fail beyond their status, if known: stdout pollution, or the
   * plugin having exited.
   */
  diagnose(): string | undefined;
}

/** A {@link Link} over an existing grpc-js channel. */
export function channelLink(
  channel: Channel,
  diagnose: () => string | undefined,
): Link {
  const clients = new Map<DescService, GenericClient>();
  return {
    diagnose,
    client(service) {
      let client = clients.get(service);
      if (!client) {
        const Constructor = makeGenericClientConstructor(
          serviceDefinition(service),
          service.typeName,
        );
        client = new Constructor(
          channel.getTarget(),
          credentials.createInsecure(),
          { channelOverride: channel },
        ) as GenericClient;
        clients.set(service, client);
      }
      return client;
    },
  };
}

/** The HTTP/2 path of a method. */
export function methodPath(service: DescService, method: string): string {
  return `/${service.typeName}/${method}`;
}

/**
 * A {@link CallError} for whatever a grpc-js call failed with; `context`
 * (such as how far a stream got) is added to the message.
 */
export function callError(
  link: Link,
  path: string,
  error: unknown,
  signal?: AbortSignal,
  context?: string,
): CallError {
  if (error instanceof CallError) return error;
  const join = (...parts: (string | undefined)[]) =>
    parts.filter(Boolean).join("; ") || undefined;
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "number") {
    return new CallError(
      path,
      status.INTERNAL,
      String(error),
      join(link.diagnose(), context),
    );
  }
  const details = (error as { details?: string }).details ?? "";
  if (code === status.CANCELLED && signal?.aborted) {
    return new CallError(
      path,
      code,
      `cancelled by the host: ${reason(signal)}`,
      context,
    );
  }
  const cause = code === status.UNAVAILABLE || code === status.INTERNAL
    ? link.diagnose()
    : undefined;
  return new CallError(path, code, details, join(cause, context));
}

function reason(signal: AbortSignal): string {
  const why = signal.reason;
  return why instanceof Error ? why.message : String(why ?? "aborted");
}

/**
 * Calls `cancel` when `signal` aborts (at once if it already has); returns
 * the function that removes the listener.
 */
export function onAbort(
  signal: AbortSignal | undefined,
  cancel: () => void,
): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    cancel();
    return () => {};
  }
  signal.addEventListener("abort", cancel, { once: true });
  return () => signal.removeEventListener("abort", cancel);
}

/** Calls a unary method. */
export function unary<Res>(
  link: Link,
  service: DescService,
  method: string,
  request: unknown,
  options: CallOptions = {},
): Promise<Res> {
  const path = methodPath(service, method);
  return new Promise<Res>((resolve, reject) => {
    const call = link.client(service)[method](
      request,
      (error: unknown, response: Res) => {
        release();
        if (error) reject(callError(link, path, error, options.signal));
        else resolve(response);
      },
    );
    const release = onAbort(options.signal, () => call.cancel());
  });
}

/**
 * Calls a server-streaming method and yields its messages as they arrive.
 * Leaving the loop early cancels the call, as plakar does when it stops
 * reading.
 */
export async function* serverStream<Res>(
  link: Link,
  service: DescService,
  method: string,
  request: unknown,
  options: CallOptions = {},
): AsyncGenerator<Res> {
  const path = methodPath(service, method);
  const call = link.client(service)[method](request);
  const release = onAbort(options.signal, () => call.cancel());
  let ended = false;
  try {
    for await (const message of call as AsyncIterable<Res>) yield message;
    ended = true;
  } catch (error) {
    ended = true;
    throw callError(link, path, error, options.signal);
  } finally {
    release();
    if (!ended) call.cancel();
  }
}

/** What {@link send} uses of a grpc-js client call's writable side. */
export interface WritableCall {
  write(message: unknown): boolean;
  on(event: "drain" | "status", listener: () => void): unknown;
  off(event: "drain" | "status", listener: () => void): unknown;
}

/**
 * How the host's clients cut content: grpc-js keeps written messages queued
 * unserialized, so a chunk must stay valid after {@link send} returned, and
 * a byte stream may not be read into one reused buffer.
 */
export const HOST_CHUNKS: ChunkOptions = { reuse: false };

/**
 * Writes one message, waiting for `drain` when grpc-js's buffer is full, or
 * for the call's end (then nothing will drain it any more).
 */
export async function send(
  call: WritableCall,
  message: unknown,
): Promise<void> {
  if (call.write(message)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      call.off("drain", done);
      call.off("status", done);
      resolve();
    };
    call.on("drain", done);
    call.on("status", done);
  });
}
