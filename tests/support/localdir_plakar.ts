/**
 * Real plakar with the localdir reference plugin installed, for the tests
 * that watch it under faults: a ready home and repository, the newest
 * snapshot, `check`, and the plugin processes plakar started.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { packageDev } from "../../packaging/pipeline.ts";
import { loadProject } from "../../packaging/project.ts";
import {
  plakarBinary,
  type PlakarHome,
  plakarHome,
} from "../../toolchain/plakar.ts";

const MANIFEST = new URL("../../Manifest.yaml", import.meta.url).pathname;

/** A plakar home with the localdir plugin packaged (as `make dev`) and installed. */
export async function localdirHome(): Promise<PlakarHome> {
  const home = await plakarHome();
  const ptar = await packageDev(
    await loadProject(MANIFEST, join(home.dir, "dist")),
    { binary: await plakarBinary(), env: home.env },
  );
  await home.install(ptar);
  return home;
}

/** A home as {@link localdirHome}, with a plaintext repository on localdir. */
export async function localdirRepo(): Promise<
  { home: PlakarHome; repo: string }
> {
  const home = await localdirHome();
  const repo = `localdir://${join(home.dir, "repo")}`;
  await home.run(["at", repo, "create", "-plaintext"]);
  return { home, repo };
}

/** The id of the newest snapshot of `repo`. */
export async function latestSnapshot(
  home: PlakarHome,
  repo: string,
): Promise<string> {
  const ls = (await home.run(["at", repo, "ls"])).stdout.trim().split("\n");
  return ls[0].split(/\s+/)[1];
}

/** Runs `plakar check` and asserts it found no error. */
export async function assertChecks(
  home: PlakarHome,
  repo: string,
): Promise<void> {
  const out = await home.run(["at", repo, "check"]);
  assert.match(out.stdout + out.stderr, /check completed without errors/);
}

/**
 * The localdir plugin processes serving `kind` that plakar started for
 * `home`; with `parentCommand`, only those whose plakar was run with that
 * command (e.g. "backup", leaving out the `plakar cached` daemon's).
 */
export async function localdirPlugins(
  home: PlakarHome,
  kind: "importer" | "exporter" | "storage",
  parentCommand?: string,
): Promise<number[]> {
  const marker = `XDG_CACHE_HOME=${home.env.XDG_CACHE_HOME}`;
  const read = (pid: string | number, file: string) =>
    Deno.readTextFile(`/proc/${pid}/${file}`);
  const pids: number[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const args = (await read(entry.name, "cmdline")).split("\0")
        .filter(Boolean);
      if (args.at(-1) !== kind || !args.some((a) => a.includes("localdir"))) {
        continue;
      }
      if (!(await read(entry.name, "environ")).split("\0").includes(marker)) {
        continue;
      }
      if (parentCommand) {
        const ppid = /^PPid:\s+(\d+)$/m.exec(await read(entry.name, "status"))
          ?.[1];
        const parent = (await read(ppid!, "cmdline")).split("\0");
        if (!parent.includes(parentCommand)) continue;
      }
      pids.push(Number(entry.name));
    } catch { /* gone, or not ours */ }
  }
  return pids;
}

/**
 * Runs plakar with `args` in a private mount namespace where a tmpfs
 * (`options`, e.g. `size=1m`) is mounted at `mountpoint`, for plakar alone;
 * `after` is a shell command run there once plakar succeeded (the mount
 * goes with the namespace). Returns the exit code and everything printed.
 */
export async function plakarOverTmpfs(
  home: PlakarHome,
  mountpoint: string,
  args: string[],
  { options = "", after = "true", env = {} }: {
    options?: string;
    after?: string;
    env?: Record<string, string>;
  } = {},
): Promise<{ code: number; said: string }> {
  const mount = `mount -t tmpfs ${options ? `-o ${options} ` : ""}tmpfs "$1"`;
  const out = await new Deno.Command("unshare", {
    args: [
      "-m",
      "sh",
      "-c",
      `${mount} && shift && "$@" && ${after}`,
      "sh",
      mountpoint,
      await plakarBinary(),
      ...args,
    ],
    env: { ...home.env, MOUNTPOINT: mountpoint, ...env },
    cwd: home.dir,
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    said: decoder.decode(out.stdout) + decoder.decode(out.stderr),
  };
}
