/**
 * What the host sends in `Init` and what the plugin answers: the config,
 * the run options plakar fills in for importers and exporters, the answer.
 *
 * @module
 */
import type { HostOptions } from "../../connector.ts";
import type { CallOptions } from "./calls.ts";

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
