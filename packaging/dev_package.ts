/**
 * Development packages: the bundled program with a launcher running it under
 * the pinned Deno (see `launcher.ts`), staged and packed like a release
 * package. For machines where `deno compile` cannot fetch its runtime, and
 * for the tests.
 *
 * @module
 */
import type { ConnectorKind } from "../sdk/kinds.ts";
import { dirname, join, resolve } from "node:path";
import { bundle } from "./bundle.ts";
import { denoDir, launcherScript } from "./launcher.ts";
import { API_VERSION, type Manifest } from "./manifest.ts";
import { packStage, type Plakar } from "./package.ts";
import type { DeclaredPermissions } from "./permissions.ts";
import { stage } from "./stage.ts";

/**
 * Bundles the manifest's program and stages it with a launcher in
 * `stageDir`, to run with the baseline and the declared `permissions`;
 * returns the staged manifest's path.
 */
export async function stageDev(
  options: {
    manifest: Manifest;
    sourceDir: string;
    stageDir: string;
    permissions?: DeclaredPermissions;
  },
): Promise<string> {
  const { manifest, sourceDir, stageDir } = options;
  const program = `${manifest.name}.js`;
  await bundle(
    resolve(sourceDir, manifest.connectors[0].executable),
    join(stageDir, program),
    sourceDir,
  );
  return await stage({
    manifest,
    sourceDir,
    stage: stageDir,
    program: {
      bundle: join(stageDir, program),
      launcher: launcherScript({
        deno: Deno.execPath(),
        denoDir: await denoDir(),
        program,
        permissions: options.permissions,
      }),
    },
  });
}

/** One connector of a development package. */
export interface ConnectorSpec {
  /** The connector kind. */
  type: ConnectorKind;
  /** Protocols it serves, e.g. `["localdir"]`. */
  protocols: string[];
  /** Manifest `location_flags`, e.g. `["localfs"]`. */
  locationFlags?: string[];
  /** Arguments appended to the executable's argv. */
  args?: string[];
}

/** A development package described in code rather than by a Manifest.yaml. */
export interface DevPackageOptions {
  /** Package name (`[A-Za-z0-9-]`). */
  name: string;
  /** Semver version with a leading `v`. */
  version: string;
  /** The plugin's main module (absolute path). */
  entry: string;
  /** The package's connectors. */
  connectors: ConnectorSpec[];
  /** Folder to stage in and write the .ptar to. */
  outDir: string;
  /** The plakar binary and environment to run `plakar pkg create` with. */
  plakar: Plakar;
  /** What it may do beyond the baseline permissions; nothing by default. */
  permissions?: DeclaredPermissions;
}

/**
 * Builds a development package for the running machine from a description
 * in code (test fixtures); returns the .ptar path.
 */
export async function devPackage(options: DevPackageOptions): Promise<string> {
  const manifest: Manifest = {
    name: options.name,
    display_name: options.name,
    description: `${options.name} (development build)`,
    api_version: API_VERSION,
    version: options.version,
    connectors: options.connectors.map((c) => ({
      type: c.type,
      protocols: c.protocols,
      location_flags: c.locationFlags ?? [],
      executable: options.entry,
      args: c.args ?? [],
    })),
  };
  const stageDir = join(options.outDir, `${options.name}-stage`);
  await stageDev({
    manifest,
    sourceDir: dirname(options.entry),
    stageDir,
    permissions: options.permissions,
  });
  return await packStage({
    stage: stageDir,
    name: options.name,
    version: options.version,
    outDir: options.outDir,
    plakar: options.plakar,
  });
}
