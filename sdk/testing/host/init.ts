/**
 * What the host sends in `Init`: the protocol taken from the location, and
 * the run options plakar fills in for importers and exporters.
 *
 * @module
 */
import type { HostOptions } from "../../importer/types.ts";

/** The options of `Init`; `location` (`<proto>://<rest>`) is required. */
export type InitConfig = Record<string, string> & { location: string };

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
