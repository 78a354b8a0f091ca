/**
 * A plugin folder scaffolded by `cli/scaffold/main.ts` into a temporary folder, away
 * from this kit's deno.json, as a user would create one. JSR cannot be
 * reached here: its tasks and Makefile use this checkout through
 * `PLAKAR_KIT` (see {@link kitEnv}).
 *
 * @module
 */
import { join } from "node:path";
import { CONNECTOR_KINDS } from "../../sdk/_kinds.ts";
import type { ConnectorKind } from "../../sdk/kinds.ts";

const INIT = new URL("../../cli/scaffold/main.ts", import.meta.url).pathname;
const KIT = new URL("../../", import.meta.url).pathname;

/**
 * What a scaffolded plugin's tasks and Makefile need here: this kit as
 * `PLAKAR_KIT`, and `deno` (the one running the tests) as `DENO`.
 */
export const kitEnv: Readonly<Record<string, string>> = {
  PLAKAR_KIT: KIT,
  DENO: Deno.execPath(),
};

/** A scaffolded plugin; disposing removes it. */
export interface ScaffoldedPlugin extends AsyncDisposable {
  /** The temporary folder holding the plugin folder and test data. */
  base: string;
  /** The plugin folder. */
  dir: string;
  /** Runs `deno <args>` in the plugin folder. */
  deno(
    args: string[],
    env?: Record<string, string>,
  ): Promise<{ code: number; stdout: Uint8Array; stderr: string }>;
}

/** Runs `deno <args>` in `cwd`, as if typed there, with no input. */
export async function denoIn(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: Uint8Array; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    // init.ts and the runner resolve paths against INIT_CWD, which
    // `deno task test` sets to the kit's folder: say where this runs.
    env: { NO_COLOR: "1", INIT_CWD: cwd, ...kitEnv, ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: out.stdout,
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/** Runs `cli/scaffold/main.ts <base>/<name> …` and returns the new folder. */
export async function scaffoldPlugin(
  name: string,
  kinds: ConnectorKind[] = [...CONNECTOR_KINDS],
): Promise<ScaffoldedPlugin> {
  const base = await Deno.makeTempDir({ prefix: "scaffolded-" });
  const dir = join(base, name);
  const deno = (
    args: string[],
    env: Record<string, string> = {},
    cwd = dir,
  ) => denoIn(cwd, args, env);
  const init = await deno(
    ["run", "-A", INIT, name, "--kinds", kinds.join(",")],
    {},
    base,
  );
  if (init.code !== 0) {
    throw new Error(
      `cli/scaffold/main.ts ${name} exited ${init.code}: ${init.stderr}`,
    );
  }
  const dispose = () => Deno.remove(base, { recursive: true });
  return {
    base,
    dir,
    deno: (args, env) => deno(args, env),
    [Symbol.asyncDispose]: dispose,
  };
}
