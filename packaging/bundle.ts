/**
 * The plugin program as one JavaScript file: the main module with every
 * module and npm package it imports, nothing else. `deno compile` embeds
 * exactly this file, and development packages run it under the pinned Deno,
 * so both run the same program.
 *
 * @module
 */
import { dirname } from "node:path";
import { kitConfigFlags } from "../sdk/testing/host/kit_config.ts";

/**
 * Bundles `entry` into `output`, resolving imports with the configuration
 * the plugin's `kit` task wrote (see `kitConfigFlags`), else the
 * `deno.json` found from `root` upwards.
 */
export async function bundle(
  entry: string,
  output: string,
  root: string,
): Promise<void> {
  await Deno.mkdir(dirname(output), { recursive: true });
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      ...kitConfigFlags(),
      "--platform",
      "deno",
      "--output",
      output,
      entry,
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `deno bundle ${entry} failed:\n${new TextDecoder().decode(out.stderr)}`,
    );
  }
}
