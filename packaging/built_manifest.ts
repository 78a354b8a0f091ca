/**
 * The `manifest.yaml` that `make` leaves in a plugin's folder: what
 * `plakar pkg build` hands to `plakar pkg create` after `make`, and what an
 * author hands to it after `make all`. It is the staged manifest of one
 * target, its paths made relative to the folder (`dist/<os>_<arch>/…`).
 *
 * @module
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { assertNoProblems, lintManifestFile } from "./lint.ts";
import type { Manifest } from "./manifest.ts";

/**
 * The entries of `dir` whose names equal `name` but for case: on a
 * case-insensitive disk (macOS, Windows) they are the same file.
 */
export async function caseTwins(dir: string, name: string): Promise<string[]> {
  const twins: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (
      entry.name !== name && entry.name.toLowerCase() === name.toLowerCase()
    ) twins.push(entry.name);
  }
  return twins;
}

/**
 * Writes `output` (a file named `manifest.yaml`) from the staged manifest
 * `staged`, every path it names made relative to `output`'s folder, which
 * must hold the stage; lints it and returns it. Refuses to write beside a
 * file whose name differs only by case (the kit's own `Manifest.yaml`).
 */
export async function writeBuiltManifest(
  staged: string,
  output: string,
  source: string,
): Promise<string> {
  const folder = dirname(resolve(output));
  const twins = await caseTwins(folder, basename(output));
  if (twins.length > 0) {
    throw new Error(
      `cannot write ${output} beside ${
        twins.join(", ")
      }: on a case-insensitive disk (macOS) they are one file; use the staged ${staged}`,
    );
  }
  const prefix = relative(folder, dirname(resolve(staged)));
  if (prefix.startsWith("..")) {
    throw new Error(
      `${output} cannot name ${staged}: plakar packs only files at or below the manifest's folder`,
    );
  }
  const at = (path: string) => join(prefix, path);
  const manifest = parse(await Deno.readTextFile(staged)) as Manifest;
  const connectors = manifest.connectors.map((c) => ({
    ...c,
    executable: at(c.executable),
    ...(c.validator ? { validator: at(c.validator) } : {}),
    ...(c.extra_files ? { extra_files: c.extra_files.map(at) } : {}),
  }));
  await Deno.writeTextFile(
    output,
    `# Written by make from ${
      basename(source)
    }: edit that file, not this one.\n` +
      stringify({ ...manifest, connectors }),
  );
  assertNoProblems(
    await lintManifestFile(output),
    `the built ${output} is not a valid plugin manifest`,
  );
  return output;
}
