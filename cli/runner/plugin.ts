/**
 * Finds and starts the plugin the runner drives: named with `--plugin`, or
 * the connector of the source manifest serving the location's protocol, started
 * as plakar starts it (executable and `args`). A main module runs with the
 * permissions its package would have (the baseline and those declared in
 * the deno.json beside it), so a missing declaration shows here first.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { type Manifest, readManifestFile } from "../../packaging/manifest.ts";
import { readDeclaration } from "../../packaging/declared_permissions.ts";
import { assertNoProblems } from "../../packaging/lint.ts";
import { permissionFlags } from "../../packaging/permissions.ts";
import { V8_FLAGS } from "../../packaging/v8_flags.ts";
import { errorMessage } from "../../sdk/errors.ts";
import type { ConnectorKind } from "../../sdk/kinds.ts";
import { kitConfigFlags } from "../../sdk/testing/host/kit_config.ts";
import { protocolOf } from "../../sdk/testing/host/_lifecycle.ts";
import {
  type PluginProcess,
  spawnPlugin,
} from "../../sdk/testing/host/spawn.ts";

/** Where the plugin comes from. */
export interface PluginSource {
  /** A main module (`.ts`/`.js`, run under this Deno) or an executable. */
  plugin?: string;
  /** The source manifest to look the protocol up in (`plugin.yaml`). */
  manifest: string;
}

/** The command serving the `kind` connector of `location`'s protocol. */
export async function connectorCommand(
  source: PluginSource,
  kind: ConnectorKind,
  location: string,
): Promise<{ command: string; args: string[] }> {
  if (source.plugin) return await program(resolve(source.plugin), [kind]);
  const protocol = protocolOf(location);
  let manifest: Partial<Manifest>;
  try {
    manifest = (await readManifestFile(source.manifest) ?? {}) as Partial<
      Manifest
    >;
  } catch (error) {
    throw new Error(
      `${
        errorMessage(error)
      }: run from the plugin's folder, or name the plugin with --plugin`,
    );
  }
  const connector = (manifest.connectors ?? []).find((c) =>
    c.type === kind && Array.isArray(c.protocols) &&
    c.protocols.includes(protocol)
  );
  if (!connector || typeof connector.executable !== "string") {
    throw new Error(
      `${source.manifest} has no ${kind} connector for protocol "${protocol}"`,
    );
  }
  const args = Array.isArray(connector.args) ? connector.args.map(String) : [];
  // A symbolic link (the kit's Manifest.yaml) names paths from its target.
  const folder = dirname(await Deno.realPath(source.manifest));
  return await program(resolve(folder, connector.executable), args, folder);
}

/**
 * How to start `path`: a main module under this Deno with the permissions
 * declared in `folder` (by default its own), an executable as it is.
 */
async function program(
  path: string,
  args: string[],
  folder = dirname(path),
): Promise<{ command: string; args: string[] }> {
  if (!/\.(ts|js|mjs)$/.test(path)) return { command: path, args };
  const { file, permissions, problems } = await readDeclaration(folder);
  assertNoProblems(
    problems,
    `${file} declares permissions a plugin cannot have`,
  );
  return {
    command: Deno.execPath(),
    args: [
      "run",
      ...kitConfigFlags(),
      ...V8_FLAGS,
      ...permissionFlags(permissions),
      path,
      ...args,
    ],
  };
}

/** Starts the plugin with its stderr shown, and waits until it serves. */
export async function startPlugin(
  source: PluginSource,
  kind: ConnectorKind,
  location: string,
): Promise<PluginProcess> {
  const { command, args } = await connectorCommand(source, kind, location);
  const plugin = await spawnPlugin(command, args, { stderr: "inherit" });
  try {
    await plugin.ready();
  } catch (error) {
    await plugin.shutdown(1000);
    throw error;
  }
  return plugin;
}
