/**
 * What the host sends in `Init`: the protocol taken from the location, and
 * the run options plakar fills in for importers and exporters.
 *
 * @module
 */
import { create, type DescMessage, type DescService } from "@bufbuild/protobuf";
import type { HostOptions } from "../../connector.ts";
import { type CallOptions, type Link, unary } from "./calls.ts";

/** The options of `Init`; `location` (`<proto>://<rest>`) is required. */
export type InitConfig = Record<string, string> & { location: string };

/** What `Init` answered. */
export interface ConnectorAnswer {
  /** Where the data comes from or goes to. */
  origin: string;
  /** The connector's type. */
  type: string;
  /** The location's root path. */
  root: string;
  /** The location flags (a bitmask). */
  flags: number;
}

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

const GO_ARCH: Record<string, string> = { x86_64: "amd64", aarch64: "arm64" };

/** The run options plakar would send from this machine, with `overrides`. */
export function hostOptions(overrides: Partial<HostOptions> = {}): HostOptions {
  return {
    hostname: Deno.hostname(),
    os: Deno.build.os,
    arch: GO_ARCH[Deno.build.arch] ?? Deno.build.arch,
    cwd: Deno.cwd(),
    maxConcurrency: navigator.hardwareConcurrency,
    excludes: [],
    noXattr: false,
    ...overrides,
  };
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

/** `Init`, `Ping` and `Close`, which importers and exporters share. */
export interface LifecycleCalls {
  /** Constructs the connector; `proto` comes from the location. */
  init(
    config: InitConfig,
    options?: Partial<HostOptions>,
    call?: CallOptions,
  ): Promise<ConnectorAnswer>;
  /** `Ping`. */
  ping(call?: CallOptions): Promise<void>;
  /** `Close`: the plugin cleans up but keeps running until stdin ends. */
  close(call?: CallOptions): Promise<void>;
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
