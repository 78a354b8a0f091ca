/**
 * The build's command line (`@plakar/kit/package`), run by a plugin's
 * Makefile and the kit's:
 *
 *     deno run -A jsr:@plakar/kit/package <command> [--manifest plugin.yaml] [--dist dist] [targets…]
 *
 * Commands: `lint-manifest [files…]`, `build [targets…]` (default: `GOOS`
 * and `GOARCH` when set, else this machine; `--manifest-out manifest.yaml`
 * writes the manifest plakar reads), `package [targets…]` (default: every
 * target), `dev`, `install [--dev]`, `uninstall`. A target is a Deno
 * triple, `<os>_<arch>` or `host`. plakar is `$PLAKAR`, else `plakar` from
 * PATH. The manifest is `plugin.yaml`, else `Manifest.yaml`, in the working
 * folder.
 *
 * @module
 */
import { join } from "node:path";
import { lintManifestFile } from "../../packaging/lint.ts";
import { unsupportedDeno } from "../../packaging/deno_version.ts";
import { findSourceManifest } from "../../packaging/manifest.ts";
import { packageFileName, type Plakar } from "../../packaging/package.ts";
import {
  buildManifest,
  buildTargets,
  install,
  packageDev,
  packageTargets,
  uninstall,
} from "../../packaging/pipeline.ts";
import { devDist, loadProject } from "../../packaging/project.ts";
import {
  buildTarget,
  findTarget,
  hostTarget,
  TARGETS,
} from "../../packaging/targets.ts";
import { parseCommandLine, runProgram, UsageError } from "../command_line.ts";

const USAGE = [
  "usage: package COMMAND [--manifest plugin.yaml] [--dist dist]",
  "  lint-manifest [FILE…]   check manifests (default: the source manifest)",
  "  build [TARGET…]         compile and stage for TARGETs (default: $GOOS/$GOARCH, else this machine)",
  "    --manifest-out FILE   with one TARGET: also write FILE (manifest.yaml), naming the build",
  "    --cross               for every target",
  "  package [TARGET…]       compile, stage, lint and pack (default: every target)",
  "  dev                     development package for this machine",
  "  install [--dev]         plakar pkg add of this machine's package",
  "  uninstall               plakar pkg rm",
  "  a TARGET is a Deno triple, <os>_<arch> or host; plakar is $PLAKAR, else plakar from PATH",
  "  the manifest is plugin.yaml, else Manifest.yaml, in the working folder",
].join("\n");

const COMMANDS = [
  "lint-manifest",
  "build",
  "package",
  "dev",
  "install",
  "uninstall",
];

async function main(argv: string[]): Promise<number | "help"> {
  const { values, positionals } = parseCommandLine(argv, {
    manifest: { type: "string" },
    "manifest-out": { type: "string" },
    cross: { type: "boolean", default: false },
    dist: { type: "string", default: "dist" },
    dev: { type: "boolean", default: false },
  });
  if (values.help) return "help";
  const [command, ...rest] = positionals;
  if (!COMMANDS.includes(command)) {
    throw new UsageError(command ? `unknown command "${command}"` : "");
  }
  const manifest = values.manifest ?? await findSourceManifest(Deno.cwd());
  if (command === "lint-manifest") return await lint(rest, manifest);
  const unsupported = unsupportedDeno();
  if (unsupported) throw new Error(unsupported);

  const project = await loadProject(manifest, values.dist);
  const plakar: Plakar = {
    binary: Deno.env.get("PLAKAR") || "plakar",
    env: Deno.env.toObject(),
  };
  switch (command) {
    case "build": {
      const targets = values.cross
        ? TARGETS
        : rest.length
        ? rest.map(findTarget)
        : [buildTarget(Deno.env.toObject())];
      if (targets.length === 1) {
        await buildManifest(project, targets[0], values["manifest-out"]);
      } else if (values["manifest-out"]) {
        throw new UsageError("--manifest-out takes one target");
      } else await buildTargets(project, targets);
      return 0;
    }
    case "package":
      await packageTargets(
        project,
        rest.length ? rest.map(findTarget) : TARGETS,
        plakar,
      );
      return 0;
    case "dev":
      await packageDev(project, plakar);
      return 0;
    case "install": {
      const file = packageFileName(
        project.manifest.name,
        project.version,
        hostTarget(),
      );
      const ptar = join(values.dev ? devDist(project) : project.dist, file);
      await install(project, ptar, plakar);
      return 0;
    }
    case "uninstall":
      await uninstall(project, plakar);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Lints each file (the source manifest by default); 1 when any is unsound. */
async function lint(files: string[], fallback: string): Promise<number> {
  let problems = 0;
  for (const file of files.length ? files : [fallback]) {
    const found = await lintManifestFile(file);
    for (const problem of found) console.error(problem);
    if (found.length === 0) console.error(`${file}: ok`);
    problems += found.length;
  }
  return problems ? 1 : 0;
}

if (import.meta.main) await runProgram(USAGE, () => main(Deno.args));
