/**
 * Staging: the folder `plakar pkg create` packs, `<stage>/manifest.yaml`
 * with the executable, the validators and the extra files beside it, all
 * named relative to it. The staged manifest is linted before it is used.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { stringify } from "yaml";
import { assertNoProblems, lintManifestFile } from "./lint.ts";
import type { Manifest, ManifestConnector } from "./manifest.ts";
import { STAGED_NAME } from "./manifest.ts";
import { loadValidator } from "./validators.ts";

/** The plugin program: a compiled binary, or a launcher and its bundle. */
export type Program =
  | { binary: string }
  | { launcher: string; bundle: string };

/** What to stage. */
export interface StageOptions {
  /** The source manifest, its paths relative to `sourceDir`. */
  manifest: Manifest;
  /** The folder the source manifest's paths are relative to. */
  sourceDir: string;
  /** The folder to stage in; created when missing. */
  stage: string;
  /** The program every connector runs. */
  program: Program;
}

/**
 * Stages a package: the program as `<name>` (and `<name>.js` for a
 * launcher), validators as `schema/<type>.json`, extra files at their source
 * paths, and `manifest.yaml`. Returns the staged manifest's path.
 */
export async function stage(options: StageOptions): Promise<string> {
  const { manifest, sourceDir, stage: dir, program } = options;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.remove(join(dir, "schema"), { recursive: true }).catch(() => {});
  await Deno.mkdir(join(dir, "schema"));
  const executable = manifest.name;
  const extra: string[] = [];
  if ("binary" in program) {
    if (resolve(program.binary) !== resolve(dir, executable)) {
      await Deno.copyFile(program.binary, join(dir, executable));
    }
  } else {
    await Deno.writeTextFile(join(dir, executable), program.launcher);
    if (resolve(program.bundle) !== resolve(dir, `${executable}.js`)) {
      await Deno.copyFile(program.bundle, join(dir, `${executable}.js`));
    }
    extra.push(`${executable}.js`);
  }
  await Deno.chmod(join(dir, executable), 0o755);

  const taken = new Set<string>();
  const connectors: ManifestConnector[] = [];
  for (const connector of manifest.connectors) {
    const staged: ManifestConnector = { ...connector, executable };
    if (connector.validator) {
      const schema = await loadValidator(
        sourceDir,
        connector.validator,
        `${manifest.display_name ?? manifest.name} ${connector.type}`,
      );
      let name = `schema/${connector.type}.json`;
      for (let n = 2; taken.has(name); n++) {
        name = `schema/${connector.type}-${n}.json`;
      }
      taken.add(name);
      await Deno.writeTextFile(
        join(dir, name),
        JSON.stringify(schema, null, 2) + "\n",
      );
      staged.validator = name;
    }
    for (const file of connector.extra_files ?? []) {
      await Deno.mkdir(dirname(join(dir, file)), { recursive: true });
      await Deno.copyFile(resolve(sourceDir, file), join(dir, file));
    }
    const extraFiles = [...(connector.extra_files ?? []), ...extra];
    if (extraFiles.length > 0) staged.extra_files = extraFiles;
    connectors.push(staged);
  }

  const path = join(dir, STAGED_NAME);
  const staged = { ...manifest, connectors };
  await Deno.writeTextFile(
    path,
    "# Written by the build: edit the plugin's source manifest, not this file.\n" +
      stringify(staged),
  );
  assertNoProblems(
    await lintManifestFile(path),
    `the staged ${path} is not a valid plugin manifest`,
  );
  return path;
}
