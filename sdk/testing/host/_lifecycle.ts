/**
 * The host's side of `Init`, `Ping` and `Close`: the protocol taken from the
 * location, the run options as the `Options` message spells them.
 *
 * @module
 */
import { create, type DescMessage, type DescService } from "@bufbuild/protobuf";
import type { HostOptions } from "../../connector.ts";
import { type Link, unary } from "./_calls.ts";
import {
  type ConnectorAnswer,
  hostOptions,
  type LifecycleCalls,
} from "./lifecycle.ts";

/** The protocol of a location: `myproto` of `myproto:///path`. */
export function protocolOf(location: string): string {
  const scheme = /^([A-Za-z0-9+.-]+):\/\//.exec(location)?.[1];
  if (!scheme) {
    throw new TypeError(
      `the location must read <protocol>://<rest>, got "${location}"`,
    );
  }
  return scheme;
}

/** {@link HostOptions} as the `Options` message spells them. */
export function wireOptions(options: HostOptions) {
  return {
    hostname: options.hostname,
    os: options.os,
    arch: options.arch,
    cwd: options.cwd,
    maxconcurrency: BigInt(options.maxConcurrency),
    excludes: options.excludes,
    noxattr: options.noXattr,
  };
}

/** The messages and service of the importer's or exporter's generated code. */
export interface LifecycleProto {
  /** `Importer` or `Exporter`. */
  service: DescService;
  /** Their `InitRequest`. */
  InitRequestSchema: DescMessage;
  /** Their `PingRequest`. */
  PingRequestSchema: DescMessage;
  /** Their `CloseRequest`. */
  CloseRequestSchema: DescMessage;
}

/** The lifecycle calls of an importer or exporter plugin over `link`. */
export function lifecycleCalls(
  link: Link,
  proto: LifecycleProto,
): LifecycleCalls {
  const { service } = proto;
  return {
    async init(config, options, call) {
      const answer = await unary<ConnectorAnswer>(
        link,
        service,
        "Init",
        create(proto.InitRequestSchema, {
          options: wireOptions(hostOptions(options)),
          proto: protocolOf(config.location),
          config,
        }),
        call,
      );
      const { origin, type, root, flags } = answer;
      return { origin, type, root, flags };
    },
    async ping(call) {
      await unary(link, service, "Ping", create(proto.PingRequestSchema), call);
    },
    async close(call) {
      await unary(
        link,
        service,
        "Close",
        create(proto.CloseRequestSchema),
        call,
      );
    },
  };
}
