/**
 * The executable of a development package: a shell script running the
 * bundled program, shipped next to it, under the kit's pinned Deno with the
 * same permissions as the compiled binary. It serves where `deno compile`
 * cannot fetch its runtime, and in the tests.
 *
 * @module
 */
import { type DeclaredPermissions, permissionFlags } from "./permissions.ts";
import { V8_FLAGS } from "./v8_flags.ts";

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Where the running Deno keeps its caches: the launcher must use the same. */
export async function denoDir(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stderr: "null",
  }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
}

/**
 * The launcher's text. `program` is the bundle's file name, next to the
 * launcher; `permissions` what the plugin declares. plakar runs plugins
 * with the user's HOME, so the cache folder is pinned to the build's rather
 * than left to follow HOME.
 */
export function launcherScript(
  options: {
    deno: string;
    denoDir: string;
    program: string;
    permissions?: DeclaredPermissions;
  },
): string {
  return [
    "#!/bin/sh",
    "# Development build: the bundled plugin under the kit's pinned Deno.",
    `DENO_DIR=${quote(options.denoDir)} DENO_NO_UPDATE_CHECK=1 exec ${
      quote(options.deno)
    } run --no-config --no-lock --no-npm --no-remote ${
      [...V8_FLAGS, ...permissionFlags(options.permissions)].map(quote).join(
        " ",
      )
    } ` +
    `"$(dirname "$0")"/${quote(options.program)} "$@"`,
    "",
  ].join("\n");
}
