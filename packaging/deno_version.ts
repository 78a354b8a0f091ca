/**
 * The Deno a build runs on: the kit is tested with one release (pinned in
 * `toolchain/package.json`), and `deno compile` embeds the runtime of the
 * Deno that runs it, so another minor version is refused before anything
 * is built.
 *
 * @module
 */

/** The Deno release the kit is tested with. */
export const TESTED_DENO = "2.9.6";

/**
 * Why `version` (the running Deno's by default) cannot build plugins with
 * this kit, or undefined when it can (the tested major and minor version).
 */
export function unsupportedDeno(
  version: string = Deno.version.deno,
): string | undefined {
  const series = (v: string) => v.split(".").slice(0, 2).join(".");
  if (series(version) === series(TESTED_DENO)) return undefined;
  return `deno ${version} is not a version this kit supports: it is tested with deno ${TESTED_DENO} ` +
    `(${
      series(TESTED_DENO)
    }.x works); install it (npm install -g deno@${TESTED_DENO}) or point DENO at it`;
}
