/**
 * The build's command line, run by the Makefile under the pinned Deno:
 *
 *     deno run -A cli/package/main.ts <command> [--manifest Manifest.yaml] [--dist dist] [targets…]
 *
 * Commands: `lint-manifest [files…]`, `compile [targets…]` (default: this
 * machine), `package [targets…]` (default: every target), `dev`,
 * `install [--dev]`, `uninstall`. A target is a Deno triple, `<os>_<arch>`
 * or `host`. plakar is `$PLAKAR`, else `plakar` from PATH.
 *
 * @module
 */
import { join } from "node:path";
import { lintManifestFile } from "../../packaging/lint.ts";
import { SOURCE_NAME } from "../../packaging/manifest.ts";
import { packageFileName, type Plakar } from "../../packaging/package.ts";
import {
  compileTargets,
  install,
  packageDev,
  packageTargets,
  uninstall,
} from "../../packaging/pipeline.ts";
import { devDist, loadProject } from "../../packaging/project.ts";
import { findTarget, hostTarget, TARGETS } from "../../packaging/targets.ts";
import { parseCommandLine, runProgram, UsageError } from "../command_line.ts";

const USAGE = [
  "usage: cli/package/main.ts COMMAND [--manifest Manifest.yaml] [--dist dist]",
  "  lint-manifest [FILE…]   check manifests (default: the source manifest)",
  "  compile [TARGET…]       compile for TARGETs (default: this machine)",
  "  package [TARGET…]       compile, stage, lint and pack (default: every target)",
  "  dev                     development package for this machine",
  "  install [--dev]         plakar pkg add of this machine's package",
  "  uninstall               plakar pkg rm",
  "  a TARGET is a Deno triple, <os>_<arch> or host; plakar is $PLAKAR, else plakar from PATH",
].join("\n");

const COMMANDS = [
  "lint-manifest",
  "compile",
  "package",
  "dev",
  "install",
  "uninstall",
];

async function main(argv: string[]): Promise<number | "help"> {
  const { values, positionals } = parseCommandLine(argv, {
    manifest: { type: "string", default: SOURCE_NAME },
    dist: { type: "string", default: "dist" },
    dev: { type: "boolean", default: false },
  });
  if (values.help) return "help";
  const [command, ...rest] = positionals;
  if (!COMMANDS.includes(command)) {
    throw new UsageError(command ? `unknown command "${command}"` : "");
  }
  if (command === "lint-manifest") return await lint(rest, values.manifest);

  const project = await loadProject(values.manifest, values.dist);
  const plakar: Plakar = {
    binary: Deno.env.get("PLAKAR") || "plakar",
    env: Deno.env.toObject(),
  };
  switch (command) {
    case "compile":
      await compileTargets(
        project,
        rest.length ? rest.map(findTarget) : [hostTarget()],
      );
      return 0;
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
