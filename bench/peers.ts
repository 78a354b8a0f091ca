/**
 * The three peers, set up in one isolated plakar home: A is plakar's
 * built-in fs (in-process), B the same fs connectors built as a plugin with
 * the official Go SDK, C the TypeScript localdir plugin.
 *
 * @module
 */
import { join } from "node:path";
import { CONNECTOR_KINDS } from "../sdk/_kinds.ts";
import type { ConnectorKind } from "../sdk/kinds.ts";
import { devPackage } from "../packaging/dev_package.ts";
import { packStage } from "../packaging/package.ts";
import { hostTarget, platform } from "../packaging/targets.ts";
import type { PlakarHome } from "../toolchain/plakar.ts";
import type { PeerId, Row } from "./results.ts";

const KIT = new URL("../", import.meta.url).pathname;
const GOFS_MANIFEST = join(KIT, "bench/gofs/manifest.yaml");
const GOFS_VERSION = "v1.1.2"; // the integrations/fs release plakar v1.1.4 links
const LOCALDIR_VERSION = "v0.1.0";
const LOCALDIR_ENTRY = join(KIT, "connectors/localdir/main.ts");

/** A connector kind, also the plugins' argv selector. */
/** A connector kind. */
export type Kind = ConnectorKind;

/** One peer of the comparison. */
export interface Peer {
  id: PeerId;
  /** Short description for the table and logs. */
  name: string;
  /** The location scheme plakar dispatches to this peer. */
  proto: string;
  /**
   * The executable plakar runs for a connector kind and its argv (plugins
   * only): the installed package's own copy.
   */
  plugin?: (kind: Kind) => { command: string; args: string[] };
  /** A string in the command line of this peer's plugin processes. */
  processMarker?: string;
  /** Why the peer could not be set up; it is then skipped. */
  unavailable?: string;
}

/** Where plakar extracts an installed package. */
export function extracted(
  home: PlakarHome,
  name: string,
  version: string,
): string {
  return join(
    home.env.XDG_CACHE_HOME,
    "plakar/plugins/v1.1.0",
    `${name}_${version}_${platform(hostTarget())}`,
  );
}

/** Packages the Go SDK plugin, built by `buildGoTools`, and installs it. */
async function setupGoPeer(
  home: PlakarHome,
  plakar: string,
  gofs: string | Error,
): Promise<Peer> {
  const peer: Peer = { id: "B", name: "fs via Go SDK plugin", proto: "gofs" };
  try {
    if (gofs instanceof Error) throw gofs;
    const stage = join(home.dir, "gofs-stage");
    await Deno.mkdir(stage, { recursive: true });
    await Deno.copyFile(GOFS_MANIFEST, join(stage, "manifest.yaml"));
    await Deno.copyFile(gofs, join(stage, "gofs"));
    await Deno.chmod(join(stage, "gofs"), 0o755);
    const ptar = await packStage({
      stage,
      name: "gofs",
      version: GOFS_VERSION,
      outDir: home.dir,
      plakar: { binary: plakar, env: home.env },
    });
    await home.install(ptar);
  } catch (error) {
    return { ...peer, unavailable: (error as Error).message };
  }
  const command = join(extracted(home, "gofs", GOFS_VERSION), "gofs");
  return {
    ...peer,
    plugin: (kind) => ({ command, args: [kind] }),
    processMarker: command,
  };
}

/** Packages the TypeScript localdir plugin (all three kinds) and installs it. */
async function setupTypeScriptPeer(
  home: PlakarHome,
  plakar: string,
): Promise<Peer> {
  const peer: Peer = {
    id: "C",
    name: "TypeScript localdir plugin",
    proto: "localdir",
  };
  try {
    const ptar = await devPackage({
      name: "localdir",
      version: LOCALDIR_VERSION,
      entry: LOCALDIR_ENTRY,
      connectors: CONNECTOR_KINDS.map((kind) => ({
        type: kind,
        protocols: ["localdir"],
        locationFlags: ["localfs"],
        args: [kind],
      })),
      outDir: home.dir,
      plakar: { binary: plakar, env: home.env },
    });
    await home.install(ptar);
  } catch (error) {
    return { ...peer, unavailable: (error as Error).message };
  }
  const command = join(
    extracted(home, "localdir", LOCALDIR_VERSION),
    "localdir",
  );
  return {
    ...peer,
    plugin: (kind) => ({ command, args: [kind] }),
    // The launcher execs Deno on the bundle it ships beside itself.
    processMarker: `${command}.js`,
  };
}

/** Fills every row's cell of each unavailable peer with why. */
export function noteUnavailable(rows: Row[], peers: Peer[]): void {
  for (const peer of peers.filter((p) => p.unavailable)) {
    for (const r of rows) {
      r.errors[peer.id] = `unavailable: ${peer.unavailable}`;
    }
  }
}

/**
 * Sets up A, B and C in `home`; a peer that cannot be set up says why.
 * `gofs` is the built Go plugin, or why it could not be built.
 */
export async function setupPeers(
  home: PlakarHome,
  plakar: string,
  gofs: string | Error,
): Promise<Peer[]> {
  const peers = [
    { id: "A", name: "built-in fs", proto: "fs" } as Peer,
    await setupGoPeer(home, plakar, gofs),
    await setupTypeScriptPeer(home, plakar),
  ];
  // Any plakar command extracts the installed packages into the cache, where
  // the raw protocol workloads run the very executables plakar runs.
  await home.run(["pkg", "list"]);
  return peers;
}
