/**
 * `plakar pkg create` of a staged folder: the `.ptar` plakar installs.
 *
 * @module
 */
import { join } from "node:path";
import { assertNoProblems, lintPackagePath } from "./lint.ts";
import { STAGED_NAME } from "./manifest.ts";
import { hostTarget, platform, type Target } from "./targets.ts";

/** plakar, and the environment it runs with (its HOME and XDG folders). */
export interface Plakar {
  binary: string;
  env: Record<string, string>;
}

/** A staged folder to pack. */
export interface StagedPackage {
  /** The folder holding `manifest.yaml` and the files it names. */
  stage: string;
  /** The package name (the manifest's `name`). */
  name: string;
  /** Semver version with a leading `v`. */
  version: string;
  /** Where to write the .ptar. */
  outDir: string;
  /** The plakar that packs it. */
  plakar: Plakar;
  /** The platform the package is for; the running machine's by default. */
  target?: Target;
}

/** `<name>_<version>_<os>_<arch>.ptar`: the name `plakar pkg add` reads. */
export function packageFileName(
  name: string,
  version: string,
  target: Target,
): string {
  return `${name}_${version}_${platform(target)}.ptar`;
}

/** Runs `plakar pkg create` on a staged folder; returns the .ptar path. */
export async function packStage(options: StagedPackage): Promise<string> {
  const target = options.target ?? hostTarget();
  const ptar = join(
    options.outDir,
    packageFileName(options.name, options.version, target),
  );
  assertNoProblems(lintPackagePath(ptar), `cannot write ${ptar}`);
  await Deno.mkdir(options.outDir, { recursive: true });
  // plakar pkg create refuses to overwrite.
  await Deno.remove(ptar).catch(() => {});
  await runPlakar(
    options.plakar,
    [
      "pkg",
      "create",
      "-out",
      ptar,
      join(options.stage, STAGED_NAME),
      options.version,
    ],
    { GOOS: target.os, GOARCH: target.arch },
  );
  return ptar;
}

/**
 * Runs plakar and returns what it printed; throws with its output when it
 * fails, and says so when the binary is missing.
 */
export async function runPlakar(
  plakar: Plakar,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(plakar.binary, {
      args,
      env: { ...plakar.env, ...env },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(
        `plakar not found at "${plakar.binary}": install plakar v1.1 (it packs and installs the plugin) or set PLAKAR to its path`,
      );
    }
    throw error;
  }
  const text = (new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr)).trim();
  if (!out.success) throw new Error(`plakar ${args.join(" ")} failed: ${text}`);
  return text;
}
