/**
 * The one connector a plugin process serves: built by `Init`, needed by
 * every other call, closed by `Close` or at the end of input.
 *
 * @module
 */
import { create, type DescMessage, type Message } from "@bufbuild/protobuf";
import { PluginError } from "../errors.ts";
import type { ServerCall } from "../_transport/grpc.ts";
import { Status } from "../_transport/status.ts";
import { unary } from "../_transport/streams.ts";
import type { Awaitable } from "../connector.ts";

/** Holds the connector built by `Init`. */
export interface ConnectorInstance<T> {
  /** Keeps the connector `Init` built. */
  set(connector: T): void;
  /** The connector; fails with a clear status before `Init`. */
  get(): T;
  /** Closes the connector once (if there is one and it was not closed yet). */
  close(): Promise<void>;
}

/** An empty holder for a connector of `kind` ("importer", "exporter"…). */
export function connectorInstance<T extends { close?(): Awaitable<void> }>(
  kind: string,
): ConnectorInstance<T> {
  let connector: T | undefined;
  let closed = false;
  return {
    set(value) {
      connector = value;
      closed = false;
    },
    get() {
      if (!connector) {
        throw new PluginError(
          `the ${kind} is not initialised: the host must call Init first`,
          { code: Status.FAILED_PRECONDITION },
        );
      }
      return connector;
    },
    async close() {
      if (connector && !closed) {
        closed = true;
        await connector.close?.();
      }
    },
  };
}

/** The answers of a service's `Ping` and `Close`. */
export interface LifecycleSchemas {
  /** The service's `PingResponse`. */
  ping: DescMessage;
  /** The service's `CloseResponse`. */
  close: DescMessage;
}

/**
 * `Ping` (which fails before `Init`) and `Close` (which runs `close`, by
 * default the connector's own) for a service holding `instance`.
 */
export function lifecycleHandlers<T>(
  instance: ConnectorInstance<T>,
  schemas: LifecycleSchemas,
  close: () => Promise<void> = instance.close,
): {
  Ping: (call: ServerCall<unknown, Message>) => Promise<Message>;
  Close: (call: ServerCall<unknown, Message>) => Promise<Message>;
} {
  return {
    Ping: unary(() => {
      instance.get();
      return create(schemas.ping);
    }),
    Close: unary(async () => {
      await close();
      return create(schemas.close);
    }),
  };
}
