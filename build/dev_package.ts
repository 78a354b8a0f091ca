/**
 * Development packages: a `.ptar` whose executable is a launcher running the
 * plugin's source under the pinned Deno, for machines where `deno compile`
 * cannot fetch its runtime. The program is the same one `deno compile`
 * would embed.
 *
 * @module
 */
import { join } from "node:path";
import { stringify } from "yaml";

const KIT = new URL("../", import.meta.url).pathname;

/** One connector of a package's manifest. */
export interface ConnectorSpec {
  /** The connector kind. */
  type: "importer" | "exporter" | "storage";
  /** Protocols it serves, e.g. `["localdir"]`. */
  protocols: string[];
  /** Manifest `location_flags`, e.g. `["localfs"]`. */
  locationFlags?: string[];
  /** Arguments appended to the executable's argv. */
  args?: string[];
}

/** What to package. */
export interface DevPackageOptions {
  /** Package name (`[A-Za-z0-9-]`). */
  name: string;
  /** Semver version with a leading `v`. */
  version: string;
  /** The plugin's main module. */
  entry: string;
  /** The package's connectors. */
  connectors: ConnectorSpec[];
  /** Folder to stage in and write the .ptar to. */
  outDir: string;
  /** The plakar binary and environment to run `plakar pkg create` with. */
  plakar: { binary: string; env: Record<string, string> };
}

/** Where Deno keeps its npm cache now: the launcher must use the same one. */
async function denoDir(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stderr: "null",
  }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
}

/** The running machine as Go spells it, e.g. `linux_amd64`: plakar installs only its own. */
export function hostPlatform(): string {
  const arch = { x86_64: "amd64", aarch64: "arm64" }[Deno.build.arch];
  return `${Deno.build.os}_${arch}`;
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Stages a launcher and manifest, runs `plakar pkg create`, returns the .ptar path. */
export async function devPackage(options: DevPackageOptions): Promise<string> {
  const stage = join(options.outDir, `${options.name}-stage`);
  await Deno.mkdir(stage, { recursive: true });
  const launcher = [
    "#!/bin/sh",
    `DENO_DIR=${quote(await denoDir())} exec ${
      quote(Deno.execPath())
    } run --allow-all --cached-only --no-prompt ` +
    `--config ${quote(join(KIT, "deno.json"))} ${quote(options.entry)} "$@"`,
    "",
  ].join("\n");
  await Deno.writeTextFile(join(stage, options.name), launcher, {
    mode: 0o755,
  });
  const manifest = {
    name: options.name,
    display_name: options.name,
    description: `${options.name} (development build)`,
    api_version: "v1.1.0",
    connectors: options.connectors.map((c) => ({
      type: c.type,
      protocols: c.protocols,
      location_flags: c.locationFlags ?? [],
      executable: options.name,
      args: c.args ?? [],
    })),
  };
  await Deno.writeTextFile(join(stage, "manifest.yaml"), stringify(manifest));
  return await packStage({ ...options, stage });
}

/** A staged package folder to turn into a .ptar. */
export interface StagedPackage {
  /** Folder holding `manifest.yaml` and the files it names. */
  stage: string;
  /** Package name, as in the manifest. */
  name: string;
  /** Semver version with a leading `v`. */
  version: string;
  /** Folder to write the .ptar to. */
  outDir: string;
  /** The plakar binary and environment to run `plakar pkg create` with. */
  plakar: { binary: string; env: Record<string, string> };
}

/** Runs `plakar pkg create` on a staged folder; returns the .ptar path. */
export async function packStage(options: StagedPackage): Promise<string> {
  const ptar = join(
    options.outDir,
    `${options.name}_${options.version}_${hostPlatform()}.ptar`,
  );
  await Deno.remove(ptar).catch(() => {});
  const out = await new Deno.Command(options.plakar.binary, {
    args: [
      "pkg",
      "create",
      "-out",
      ptar,
      join(options.stage, "manifest.yaml"),
      options.version,
    ],
    env: options.plakar.env,
    cwd: options.outDir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `plakar pkg create failed: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return ptar;
}
