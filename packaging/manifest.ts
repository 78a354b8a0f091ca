/**
 * Plugin manifests: the source `plugin.yaml` a plugin author writes, and
 * the `manifest.yaml` plakar packs. Both share plakar's keys; the source
 * one also holds the package `version`, points `executable` at the plugin's
 * main module and may take a validator from an options declaration.
 *
 * @module
 */
import { join } from "node:path";
import { parse } from "yaml";
import type { LocationFlags } from "../sdk/connector.ts";
import type { ConnectorKind } from "../sdk/kinds.ts";

/**
 * The `location_flags` a manifest may give; any other fails the install
 * (`exportxattr` is only ever answered by `Init`).
 */
export const LOCATION_FLAGS: readonly (keyof typeof LocationFlags)[] = [
  "localfs",
  "file",
  "stream",
  "needack",
  "nomerge",
] as const;

/** A package name plakar accepts: no `_` or `.` (they split package file names). */
export const NAME_PATTERN: RegExp = /^[A-Za-z0-9-]+$/;

/** A protocol plakar can route to a plugin (a URL scheme, two or more characters). */
export const PROTOCOL_PATTERN: RegExp = /^[A-Za-z0-9+.-]{2,}$/;

/** Protocols built into plakar: a plugin declaring one is never called. */
export const BUILTIN_PROTOCOLS = [
  "fs",
  "stdin",
  "stdout",
  "stderr",
  "tar",
  "tar+gz",
  "tar+gzip",
  "tgz",
  "http",
  "https",
  "ptar",
  "ptar+http",
  "ptar+https",
] as const;

/** The plugin API version this kit speaks. */
export const API_VERSION = "v1.1.0";

/** One connector of a manifest, with plakar's key names. */
export interface ManifestConnector {
  /** The connector kind; plakar silently ignores any other. */
  type: ConnectorKind;
  protocols: string[];
  location_flags?: string[];
  executable: string;
  args?: string[];
  validator?: string;
  extra_files?: string[];
  class?: string;
  subclass?: string;
}

/** A manifest, with plakar's key names plus the source's `version`. */
export interface Manifest {
  name: string;
  display_name?: string;
  description?: string;
  homepage?: string;
  license?: string;
  tier?: string;
  contact?: string;
  tags?: string[];
  api_version: string;
  version?: string;
  connectors: ManifestConnector[];
}

/** The keys plakar reads at the top of a manifest, plus the kit's `version`. */
export const MANIFEST_KEYS = [
  "name",
  "display_name",
  "description",
  "homepage",
  "license",
  "tier",
  "contact",
  "tags",
  "api_version",
  "version",
  "connectors",
] as const;

/** The keys plakar reads in a connector. */
export const CONNECTOR_KEYS = [
  "type",
  "protocols",
  "location_flags",
  "executable",
  "args",
  "validator",
  "extra_files",
  "class",
  "subclass",
] as const;

/** The name plakar requires for a manifest it packs. */
export const STAGED_NAME = "manifest.yaml";

/**
 * The names of a source manifest, looked for in this order: `plugin.yaml`
 * in a plugin's folder, where the build writes `manifest.yaml` beside it;
 * `Manifest.yaml` at the top of the kit only (it describes the reference
 * plugin, and no `manifest.yaml` is ever written beside it: on a
 * case-insensitive disk the two names are one file).
 */
export const SOURCE_NAMES = ["plugin.yaml", "Manifest.yaml"] as const;

/**
 * The source manifest of the plugin in `dir`: the first of
 * {@link SOURCE_NAMES} there; throws naming them when there is none.
 */
export async function findSourceManifest(dir: string): Promise<string> {
  for (const name of SOURCE_NAMES) {
    const path = join(dir, name);
    if (await Deno.stat(path).then((s) => s.isFile, () => false)) return path;
  }
  throw new Error(
    `no ${
      SOURCE_NAMES.join(" or ")
    } in ${dir}: run from the plugin's folder, or name its manifest with --manifest`,
  );
}

/** Reads a manifest file as YAML, unchecked: lint it before trusting its shape. */
export async function readManifestFile(path: string): Promise<unknown> {
  const text = await Deno.readTextFile(path).catch((error) => {
    throw new Error(`cannot read the manifest ${path}: ${error.message}`);
  });
  try {
    return parse(text);
  } catch (error) {
    throw new Error(
      `${path} is not valid YAML: ${(error as Error).message}`,
    );
  }
}
