/**
 * `deno compile` of the bundled program for one target, with the baseline
 * permissions plus the declared ones and nothing embedded but the bundle.
 *
 * @module
 */
import { dirname } from "node:path";
import { type DeclaredPermissions, permissionFlags } from "./permissions.ts";
import { V8_FLAGS } from "./v8_flags.ts";
import { denortVariable, type Target } from "./targets.ts";

/**
 * The runtime `deno compile` should embed for `target`: the per-target
 * variable (e.g. `DENORT_BIN_aarch64_apple_darwin`), else `DENORT_BIN`, else
 * none (Deno downloads it). Deno ignores `--target` for `DENORT_BIN`, hence
 * one variable per target.
 */
export function runtimeFor(
  target: Target,
  env: Record<string, string>,
): string | undefined {
  return env[denortVariable(target)] || env.DENORT_BIN || undefined;
}

/**
 * Compiles `bundle` into the executable `output` for `target`, with the
 * runtime `env` names (see `runtimeFor`), to run with the baseline and the
 * `declared` permissions; returns what `deno compile` printed (its list of
 * embedded files).
 */
export async function compile(
  bundle: string,
  target: Target,
  output: string,
  env: Record<string, string> = Deno.env.toObject(),
  declared: DeclaredPermissions = {},
): Promise<string> {
  await Deno.mkdir(dirname(output), { recursive: true });
  const runtime = runtimeFor(target, env);
  const childEnv: Record<string, string> = {
    ...Deno.env.toObject(),
    NO_COLOR: "1",
  };
  delete childEnv.DENORT_BIN;
  if (runtime) childEnv.DENORT_BIN = runtime;
  const out = await new Deno.Command(Deno.execPath(), {
    // No configuration, lock file or npm resolution: the bundle already holds
    // every module, and nothing around it (a parent package.json or
    // node_modules) may be embedded.
    args: [
      "compile",
      "--no-config",
      "--no-lock",
      "--no-npm",
      "--no-remote",
      "--target",
      target.deno,
      "--output",
      output,
      ...V8_FLAGS,
      ...permissionFlags(declared),
      bundle,
    ],
    env: childEnv,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(compileFailure(target, runtime, text));
  return text;
}

/** Says why `deno compile` failed and what to do about it. */
function compileFailure(
  target: Target,
  runtime: string | undefined,
  output: string,
): string {
  // Deno's error ends with "Caused by:" and numbered reasons, outermost first.
  const reasons = output.split("Stack backtrace:")[0].split("\n")
    .map((line) => line.match(/^\s+\d+: (.*?)\.?$/)?.[1]).filter(Boolean);
  const cause = reasons.slice(0, 2).join(": ") ||
    output.trim().split("\n").slice(-3).join(" ");
  const variable = denortVariable(target);
  if (!runtime) {
    return `deno compile could not get Deno's runtime for ${target.deno} (${cause}). ` +
      `Offline, set ${variable} (or DENORT_BIN) to that target's denort binary, or pre-seed ` +
      `$DENO_DIR/dl/release/v${Deno.version.deno}/denort-${target.deno}.zip`;
  }
  return `deno compile for ${target.deno} failed with the runtime ${runtime} (${cause}): ` +
    `${variable} (or DENORT_BIN) must be a denort binary built for ${target.deno}`;
}
