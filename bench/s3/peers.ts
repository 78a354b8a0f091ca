/**
 * The two peers of the S3 workloads, installed in the benchmark's plakar
 * home: B the official Go S3 plugin, built at bench time from its sources
 * (the integration-s3 folder the peers README describes, or the one given
 * with `--s3-peer`), C the kit's TypeScript S3 plugin from
 * `connectors/s3/`, as a development package. Either is skipped, saying
 * why, when its sources are absent or do not build. There is no A: plakar
 * has no built-in S3 storage.
 *
 * @module
 */
import { join } from "node:path";
import { packStage, type Plakar } from "../../packaging/package.ts";
import { packageDev } from "../../packaging/pipeline.ts";
import { loadProject } from "../../packaging/project.ts";
import type { PlakarHome } from "../../toolchain/plakar.ts";
import { goBuild } from "../go_tools.ts";
import { CONNECTOR_KINDS } from "../../sdk/_kinds.ts";
import { extracted, type Kind, type Peer } from "../peers.ts";
import type { S3Server } from "../../toolchain/versitygw.ts";

const KIT = new URL("../../", import.meta.url).pathname;
const S3TS_DIR = join(KIT, "connectors/s3");
/** The release the peers README describes; the package is labelled so. */
const OFFICIAL_VERSION = "v1.1.5";
/** The official package's programs and the Go packages they are built from. */
const OFFICIAL_PROGRAMS: Record<Kind, string> = {
  importer: "s3Importer",
  exporter: "s3Exporter",
  storage: "s3Storage",
};

/** `<peer's protocol>://<server>/<bucket>`, the location of a bucket. */
export function s3Location(
  peer: Peer,
  server: S3Server,
  bucket: string,
): string {
  return `${peer.proto}://${server.host}/${bucket}`;
}

async function exists(path: string): Promise<boolean> {
  return Boolean(await Deno.stat(path).catch(() => undefined));
}

async function run(command: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(command, { args, stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(
      `${command} ${args.join(" ")}: ${
        new TextDecoder().decode(out.stderr).trim()
      }`,
    );
  }
}

/**
 * B: copies the official sources out of their (possibly read-only)
 * folder, builds the three programs and packs them with their own
 * manifest, as the peers README says.
 */
async function setupOfficialPeer(
  home: PlakarHome,
  plakar: Plakar,
  source: string,
): Promise<Peer> {
  const peer: Peer = { id: "B", name: "official Go S3 plugin", proto: "s3" };
  try {
    if (!(await exists(join(source, "manifest.yaml")))) {
      throw new Error(
        `no official S3 plugin in ${source} (give its folder with --s3-peer or BENCH_S3_PEER)`,
      );
    }
    const stage = join(home.dir, "s3-official");
    await run("cp", ["-R", source, stage]);
    await run("chmod", ["-R", "u+w", stage]);
    for (const kind of CONNECTOR_KINDS) {
      await goBuild(
        join(stage, OFFICIAL_PROGRAMS[kind]),
        `./plugin/${kind}`,
        stage,
      );
    }
    await home.install(
      await packStage({
        stage,
        name: "s3",
        version: OFFICIAL_VERSION,
        outDir: home.dir,
        plakar,
      }),
    );
  } catch (error) {
    return { ...peer, unavailable: (error as Error).message };
  }
  const dir = extracted(home, "s3", OFFICIAL_VERSION);
  return {
    ...peer,
    plugin: (kind) => ({
      command: join(dir, OFFICIAL_PROGRAMS[kind]),
      args: [],
    }),
    processMarker: `${dir}/`,
  };
}

/** C: the kit's S3 plugin, packaged for development from its own manifest. */
async function setupTypeScriptPeer(
  home: PlakarHome,
  plakar: Plakar,
): Promise<Peer> {
  const peer: Peer = { id: "C", name: "TypeScript S3 plugin", proto: "s3ts" };
  try {
    if (!(await exists(join(S3TS_DIR, "main.ts")))) {
      throw new Error(
        `the TypeScript S3 plugin is absent (${S3TS_DIR}/main.ts)`,
      );
    }
    const project = await loadProject(
      join(S3TS_DIR, "plugin.yaml"),
      join(home.dir, "s3ts-dist"),
    );
    await home.install(await packageDev(project, plakar));
    const { name } = project.manifest;
    const command = join(extracted(home, name, project.version), name);
    const connector = (kind: Kind) =>
      project.manifest.connectors.find((c) => c.type === kind);
    return {
      ...peer,
      proto: connector("storage")?.protocols[0] ?? peer.proto,
      plugin: (kind) => ({ command, args: connector(kind)?.args ?? [] }),
      // The launcher execs Deno on the bundle it ships beside itself.
      processMarker: `${command}.js`,
    };
  } catch (error) {
    return { ...peer, unavailable: (error as Error).message };
  }
}

/**
 * Sets up B (from the sources in `officialSource`) and C in `home`; a
 * peer that cannot be set up says why.
 */
export async function setupS3Peers(
  home: PlakarHome,
  plakarBinary: string,
  officialSource: string,
): Promise<Peer[]> {
  const plakar = { binary: plakarBinary, env: home.env };
  const peers = [
    await setupOfficialPeer(home, plakar, officialSource),
    await setupTypeScriptPeer(home, plakar),
  ];
  // Extracts the installed packages into the cache, where the raw workload
  // runs the very executables plakar runs.
  await home.run(["pkg", "list"]);
  return peers;
}
