/**
 * The build steps `make` runs, driven by the project's source manifest:
 * build per target, package per target, development package, install.
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import { bundle } from "./bundle.ts";
import { writeBuiltManifest } from "./built_manifest.ts";
import { compile } from "./compile.ts";
import { stageDev } from "./dev_package.ts";
import { packStage, type Plakar, runPlakar } from "./package.ts";
import { describePermissions } from "./permissions.ts";
import {
  bundlePath,
  devDist,
  devStageDir,
  type Project,
  stageDir,
} from "./project.ts";
import { stage } from "./stage.ts";
import { hostTarget, platform, type Target } from "./targets.ts";

const log = (line: string) => console.error(line);

/**
 * Bundles the program once, then compiles it for each target and stages it
 * with its validators and `manifest.yaml` in `dist/<os>_<arch>/`; returns
 * the staged manifests.
 */
export async function buildTargets(
  project: Project,
  targets: readonly Target[],
  env: Record<string, string> = Deno.env.toObject(),
): Promise<string[]> {
  await bundle(project.entry, bundlePath(project), project.root);
  log(describePermissions(project.permissions));
  const manifests: string[] = [];
  for (const target of targets) {
    const dir = stageDir(project, target);
    const binary = join(dir, project.manifest.name);
    await compile(
      bundlePath(project),
      target,
      binary,
      env,
      project.permissions,
    );
    manifests.push(
      await stage({
        manifest: project.manifest,
        sourceDir: project.root,
        stage: dir,
        program: { binary },
      }),
    );
    log(
      `built ${project.manifest.name} ${project.version} for ${
        platform(target)
      } (${target.deno}): ${shown(binary)} (${
        mebibytes((await Deno.stat(binary)).size)
      })`,
    );
  }
  return manifests;
}

/**
 * Builds for one target, as plain `make` does, and writes the manifest
 * plakar reads, `output` (`manifest.yaml` in the plugin's folder); without
 * `output`, the staged one serves. Says how to pack it; returns it.
 */
export async function buildManifest(
  project: Project,
  target: Target,
  output?: string,
  env: Record<string, string> = Deno.env.toObject(),
): Promise<string> {
  const [staged] = await buildTargets(project, [target], env);
  const manifest = output
    ? await writeBuiltManifest(staged, output, project.source)
    : staged;
  log(
    `wrote ${shown(manifest)}: plakar pkg create ${
      shown(manifest)
    } ${project.version}`,
  );
  return manifest;
}

/**
 * Builds, lints and packs each target: one
 * `dist/<name>_<version>_<os>_<arch>.ptar` per target, returned.
 */
export async function packageTargets(
  project: Project,
  targets: readonly Target[],
  plakar: Plakar,
  env: Record<string, string> = Deno.env.toObject(),
): Promise<string[]> {
  const manifests = await buildTargets(project, targets, env);
  const ptars: string[] = [];
  for (const [i, target] of targets.entries()) {
    ptars.push(await pack(project, dirname(manifests[i]), target, plakar));
  }
  return ptars;
}

/** Builds the development package for this machine into `dist/dev/`. */
export async function packageDev(
  project: Project,
  plakar: Plakar,
): Promise<string> {
  const target = hostTarget();
  const dir = devStageDir(project, target);
  await stageDev({
    manifest: project.manifest,
    sourceDir: project.root,
    stageDir: dir,
    permissions: project.permissions,
  });
  log(describePermissions(project.permissions));
  return await pack(project, dir, target, plakar, devDist(project));
}

async function pack(
  project: Project,
  stage: string,
  target: Target,
  plakar: Plakar,
  outDir = project.dist,
): Promise<string> {
  const ptar = await packStage({
    stage,
    name: project.manifest.name,
    version: project.version,
    outDir,
    plakar,
    target,
  });
  log(
    `packaged ${shown(ptar)} (${platform(target)}, ${
      mebibytes((await Deno.stat(ptar)).size)
    })`,
  );
  return ptar;
}

/** Whether plakar lists a package of this name as installed. */
async function installed(plakar: Plakar, name: string): Promise<boolean> {
  const list = await runPlakar(plakar, ["pkg", "list"]);
  return list.split("\n").some((line) => line.startsWith(`${name}@`));
}

/**
 * `plakar pkg add` of the package; an installed copy of the same name is
 * removed first (plakar refuses to add a version already installed).
 */
export async function install(
  project: Project,
  ptar: string,
  plakar: Plakar,
): Promise<void> {
  await uninstall(project, plakar);
  await runPlakar(plakar, ["pkg", "add", ptar]);
  log(
    `installed ${project.manifest.name}@${project.version} from ${shown(ptar)}`,
  );
}

/** `plakar pkg rm` of the package, when it is installed. */
export async function uninstall(
  project: Project,
  plakar: Plakar,
): Promise<void> {
  if (!(await installed(plakar, project.manifest.name))) return;
  await runPlakar(plakar, ["pkg", "rm", project.manifest.name]);
  log(`removed ${project.manifest.name}`);
}

/** A path as short as it can be told: relative to the working folder when below it. */
function shown(path: string): string {
  const rel = relative(Deno.cwd(), path);
  return rel.startsWith("..") ? path : rel;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}
