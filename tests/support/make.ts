/**
 * `make` as a plugin author runs it, with the pinned plakar and the Deno
 * running the tests, for an isolated plakar home.
 *
 * @module
 */
import assert from "node:assert/strict";
import { denoDir } from "../../packaging/launcher.ts";
import { plakarBinary, type PlakarHome } from "../../toolchain/plakar.ts";

/**
 * Runs `make goals… vars…` in `cwd` for `home`; returns what it printed,
 * and fails the test with it when make fails.
 */
export async function runMake(
  home: PlakarHome,
  cwd: string,
  goals: string[],
  vars: string[] = [],
): Promise<string> {
  const out = await new Deno.Command("make", {
    args: [
      ...goals,
      ...vars,
      `PLAKAR=${await plakarBinary()}`,
      `DENO=${Deno.execPath()}`,
    ],
    cwd,
    // The home plakar uses, and the Deno cache the tests already fill.
    env: { ...home.env, DENO_DIR: await denoDir() },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `make ${goals.join(" ")} failed:\n${text}`);
  return text;
}
