/**
 * Real plakar for the end-to-end tests and the benchmark: the pinned binary
 * (built by install-plakar.sh), run in a throw-away
 * home so that nothing touches the user's own plakar setup.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const KIT = new URL("../", import.meta.url).pathname;

let binary: Promise<string> | undefined;

/** The path of the pinned plakar binary, installing it on first use. */
export function plakarBinary(): Promise<string> {
  binary ??= (async () => {
    const fromEnv = Deno.env.get("PLAKAR_BIN");
    if (fromEnv) return fromEnv;
    const out = await new Deno.Command("sh", {
      args: [join(KIT, "toolchain/install-plakar.sh")],
      stderr: "inherit",
    })
      .output();
    if (!out.success) {
      throw new Error(
        "could not install plakar (toolchain/install-plakar.sh failed)",
      );
    }
    return new TextDecoder().decode(out.stdout).trim();
  })();
  return binary;
}

/** The outcome of one plakar command. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An isolated plakar home: its own HOME and XDG folders. */
export interface PlakarHome extends AsyncDisposable {
  /** The temporary folder holding everything. */
  dir: string;
  /** The environment plakar runs with. */
  env: Record<string, string>;
  /** Runs plakar; throws with its output when it fails, unless `allowFailure`. */
  run(
    args: string[],
    options?: { allowFailure?: boolean; timeoutMs?: number },
  ): Promise<RunResult>;
  /** `plakar pkg add` of a .ptar file. */
  install(ptar: string): Promise<void>;
  /** Stops the `plakar cached` daemon and removes the folder. */
  dispose(): Promise<void>;
}

/** Creates an isolated plakar home and runs plakar's first-run step in it. */
export async function plakarHome(): Promise<PlakarHome> {
  const plakar = await plakarBinary();
  const dir = await Deno.makeTempDir({ prefix: "plakar-e2e-" });
  const env = {
    HOME: dir,
    XDG_DATA_HOME: join(dir, "data"),
    XDG_CACHE_HOME: join(dir, "cache"),
    XDG_CONFIG_HOME: join(dir, "config"),
  };
  const run = async (
    args: string[],
    options: { allowFailure?: boolean; timeoutMs?: number } = {},
  ) => {
    const child = new Deno.Command(plakar, {
      args,
      env,
      cwd: dir,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const timer = setTimeout(
      () => child.kill("SIGKILL"),
      options.timeoutMs ?? 600_000,
    );
    const out = await child.output().finally(() => clearTimeout(timer));
    const result = {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
    };
    if (!out.success && !options.allowFailure) {
      throw new Error(
        `plakar ${
          args.join(" ")
        } exited ${out.code}\n${result.stdout}\n${result.stderr}`,
      );
    }
    return result;
  };
  await run(["-disable-security-check"]);
  const dispose = async () => {
    await stopCachedDaemons(dir);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  return {
    dir,
    env,
    run,
    install: async (ptar) => void await run(["pkg", "add", ptar]),
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

/**
 * Kills the `plakar cached` daemons started for this home (there is no
 * `cached stop`): they are the processes whose environment names its cache.
 */
async function stopCachedDaemons(dir: string): Promise<void> {
  const marker = `XDG_CACHE_HOME=${join(dir, "cache")}`;
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const environ = await Deno.readTextFile(`/proc/${entry.name}/environ`);
      if (environ.split("\0").includes(marker)) {
        Deno.kill(Number(entry.name), "SIGKILL");
      }
    } catch { /* gone, or not ours */ }
  }
}

/** The arguments of `plakar at <repo> restore -to <target> <snapshot>`. */
export function restoreArgs(
  repo: string,
  target: string,
  snapshot: string,
): string[] {
  return ["at", repo, "restore", "-to", target, snapshot];
}

/** Where a round trip reads, stores and restores. */
export interface RoundTrip {
  /** The repository location, e.g. `localdir:///tmp/x/repo` or a plain path. */
  repo: string;
  /** What to back up, e.g. `localdir:///tmp/x/src`. */
  source: string;
  /** Where to restore, e.g. `localdir:///tmp/x/out`. */
  target: string;
}

/**
 * Runs `create -plaintext`, `backup`, `check`, `ls` and `restore` with real
 * plakar, asserting that each completes without errors; returns the snapshot.
 */
export async function backupAndRestore(
  home: PlakarHome,
  trip: RoundTrip,
): Promise<string> {
  const output = (r: RunResult) => r.stdout + r.stderr;
  await home.run(["at", trip.repo, "create", "-plaintext"]);
  const backup = await home.run(["at", trip.repo, "backup", trip.source]);
  assert.match(
    output(backup),
    /backup completed without errors/,
    output(backup),
  );
  const check = await home.run(["at", trip.repo, "check"]);
  assert.match(output(check), /check completed without errors/, output(check));
  const ls = await home.run(["at", trip.repo, "ls"]);
  const snapshot = ls.stdout.trim().split(/\s+/)[1];
  assert.match(
    snapshot,
    /^[0-9a-f]{8}$/,
    `ls lists the snapshot: ${ls.stdout}`,
  );
  const restore = await home.run(restoreArgs(trip.repo, trip.target, snapshot));
  assert.doesNotMatch(output(restore), /error/i, output(restore));
  return snapshot;
}
