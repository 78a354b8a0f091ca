/**
 * What every service's `Init` does: build the connector from the host's
 * request, and answer with what the connector says about itself.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import { hostOptionsFromWire, type WireOptions } from "./host_options.ts";
import type {
  Awaitable,
  ConnectorInfo,
  ConnectorInit,
  HostOptions,
} from "../connector.ts";

/** The fields of an `Init` request, in every service's spelling. */
export interface WireInitRequest {
  proto: string;
  config: { [key: string]: string };
  options?: WireOptions;
}

/**
 * Builds the connector from an `Init` request. Storages get no host options
 * on the wire; they are passed empty, which a storage factory ignores.
 */
export async function buildConnector<C>(
  request: WireInitRequest,
  factory: (init: ConnectorInit & { options: HostOptions }) => Awaitable<C>,
  log: Logger,
): Promise<C> {
  log.info(
    `Init ${
      request.config.location ?? "(no location)"
    } (parent process ${Deno.ppid})`,
  );
  return await factory({
    proto: request.proto,
    config: { ...request.config },
    options: hostOptionsFromWire(request.options),
  });
}

/** The `InitResponse` fields: what the host caches about the connector. */
export function initAnswer(
  connector: ConnectorInfo,
): { origin: string; type: string; root: string; flags: number } {
  return {
    origin: connector.origin,
    type: connector.type,
    root: connector.root,
    flags: connector.flags ?? 0,
  };
}
