/**
 * The one connector a plugin process serves: built by `Init`, needed by
 * every other call, closed by `Close` or at the end of input.
 *
 * @module
 */
import { status } from "@grpc/grpc-js";
import { PluginError } from "../transport/errors.ts";
import type { Awaitable } from "./types.ts";

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
          { code: status.FAILED_PRECONDITION },
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
