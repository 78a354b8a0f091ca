/**
 * A plugin project: its source manifest (`plugin.yaml`), linted, and where
 * the build puts each output under `dist/`.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { readDeclaration } from "./declared_permissions.ts";
import { readSourceManifest } from "./lint.ts";
import type { Manifest } from "./manifest.ts";
import type { DeclaredPermissions } from "./permissions.ts";
import { platform, type Target } from "./targets.ts";

/** A loaded project. */
export interface Project {
  /** The source manifest, linted. */
  manifest: Manifest;
  /** Its path, as given. */
  source: string;
  /**
   * The folder holding the source manifest (the file a symbolic link points
   * to): its paths are relative to it, and its deno.json declares the
   * permissions.
   */
  root: string;
  /** The program's main module. */
  entry: string;
  /** The package version (`vX.Y.Z`), kept in the source manifest only. */
  version: string;
  /** The output folder. */
  dist: string;
  /** What its deno.json declares beyond the baseline permissions. */
  permissions: DeclaredPermissions;
}

/**
 * Reads and lints `manifestPath` and the permissions declared beside it;
 * throws listing every problem.
 */
export async function loadProject(
  manifestPath: string,
  dist: string,
): Promise<Project> {
  const manifest = await readSourceManifest(manifestPath);
  const root = dirname(await Deno.realPath(manifestPath));
  return {
    manifest,
    source: manifestPath,
    root,
    entry: resolve(root, manifest.connectors[0].executable),
    version: manifest.version!,
    dist: resolve(dist),
    permissions: (await readDeclaration(root)).permissions,
  };
}

/** `dist/<name>.js`: the bundled program every target compiles. */
export function bundlePath(project: Project): string {
  return join(project.dist, `${project.manifest.name}.js`);
}

/** `dist/<os>_<arch>/`: a target's staged package, binary included. */
export function stageDir(project: Project, target: Target): string {
  return join(project.dist, platform(target));
}

/** `dist/dev/<os>_<arch>/`: the development package's stage. */
export function devStageDir(project: Project, target: Target): string {
  return join(project.dist, "dev", platform(target));
}

/** Where development packages are written (`dist/dev/`), apart from release ones. */
export function devDist(project: Project): string {
  return join(project.dist, "dev");
}
