/**
 * The host's run options, as the importer and exporter `Init` carry them.
 *
 * @module
 */
import type { HostOptions } from "../connector.ts";

/** `importer.Options` and `plakar.exporter.Options` have the same fields. */
export interface WireOptions {
  hostname: string;
  os: string;
  arch: string;
  cwd: string;
  maxconcurrency: bigint;
  excludes: string[];
  noxattr: boolean;
}

/** The options a connector's factory receives; absent ones read as empty. */
export function hostOptionsFromWire(
  options: WireOptions | undefined,
): HostOptions {
  return {
    hostname: options?.hostname ?? "",
    os: options?.os ?? "",
    arch: options?.arch ?? "",
    cwd: options?.cwd ?? "",
    maxConcurrency: Number(options?.maxconcurrency ?? 0n),
    excludes: [...(options?.excludes ?? [])],
    noXattr: options?.noxattr ?? false,
  };
}
