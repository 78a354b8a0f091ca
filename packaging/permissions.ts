/**
 * The permissions a plugin program runs with, the same for the compiled
 * binary and the development launcher: the tests exercise what users run.
 * They are today's least privilege (the baseline) plus what the plugin
 * declares in its deno.json (see `declared_permissions.ts`).
 *
 * @module
 */

/**
 * What a plugin may declare beyond the baseline: the network (every host,
 * or the named `host[:port]`s), named environment variables (`AWS_*`), and
 * named programs it runs.
 */
export interface DeclaredPermissions {
  /** `true` for every host, else the hosts (`host[:port]`) it may reach. */
  net?: true | readonly string[];
  /** Variables it may read, beyond its own settings (`AWS_*`, `PGPASSWORD`). */
  env?: readonly string[];
  /** Programs it may run (`pg_dump`). */
  run?: readonly string[];
}

/** The program's own settings (`PLAKAR_PLUGIN_LOG…`), always readable. */
const BASELINE_ENV = ["PLAKAR_*"];

/**
 * The flags of `deno run` and `deno compile` for a plugin with `declared`.
 *
 * Reading and writing the user's paths is the job of a backup connector, so
 * file access cannot be narrowed. The environment can: any variable neither
 * in the baseline nor declared reads as unset rather than failing
 * (`--ignore-env`), so the user's secrets stay out of reach. No network
 * (plakar speaks over stdin/stdout), no subprocesses, no FFI unless
 * declared. `--no-prompt`: stdin carries the protocol, so a permission
 * prompt would corrupt it; a missing permission must fail. Explicit flags
 * rather than `-P`, which Deno flags as experimental.
 */
export function permissionFlags(declared: DeclaredPermissions = {}): string[] {
  const flags = [
    "--allow-read",
    "--allow-write",
    `--allow-env=${[...BASELINE_ENV, ...declared.env ?? []].join(",")}`,
  ];
  if (declared.net === true) flags.push("--allow-net");
  else if (declared.net?.length) {
    flags.push(`--allow-net=${declared.net.join(",")}`);
  }
  if (declared.run?.length) flags.push(`--allow-run=${declared.run.join(",")}`);
  flags.push("--ignore-env", "--no-prompt");
  return flags;
}

/**
 * The effective permissions in one line, as the build prints them, e.g.
 * `permissions: read, write, env PLAKAR_*,AWS_*, net (every host), no run`.
 */
export function describePermissions(
  declared: DeclaredPermissions = {},
): string {
  const net = declared.net === true
    ? "net (every host)"
    : declared.net?.length
    ? `net ${declared.net.join(",")}`
    : "no net";
  const run = declared.run?.length ? `run ${declared.run.join(",")}` : "no run";
  const env = [...BASELINE_ENV, ...declared.env ?? []].join(",");
  return `permissions: read, write, env ${env}, ${net}, ${run}`;
}
