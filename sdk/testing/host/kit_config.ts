/**
 * The Deno configuration a plugin runs with while it is developed. A
 * plugin's tasks and Makefile run Deno through its `kit` task, which writes
 * `.plakar-kit.json` (its deno.json, plus `"links"` to the kit checkout that
 * `PLAKAR_KIT` names) and passes it as `--config`, naming it in
 * `PLAKAR_KIT_CONFIG`; a Deno the tests or the build start for the plugin
 * must use it too, or `jsr:@plakar/kit` would not resolve to that checkout.
 *
 * @module
 */

/** The variable the `kit` task sets to the configuration it wrote. */
export const KIT_CONFIG_VARIABLE = "PLAKAR_KIT_CONFIG";

/**
 * `["--config=<file>"]` when the `kit` task runs this process, else none:
 * to put before the main module of a `deno run` that starts the plugin.
 *
 * @example Start a plugin's main module as its tests do
 * ```ts
 * const args = ["run", "-A", ...kitConfigFlags(), "./main.ts", "storage"];
 * ```
 */
export function kitConfigFlags(): string[] {
  const file = Deno.env.get(KIT_CONFIG_VARIABLE);
  return file ? [`--config=${file}`] : [];
}
