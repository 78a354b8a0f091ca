/**
 * Workloads 1–3, run by real plakar: backup through each importer, restore
 * through each exporter, backup to and check of a repository on each
 * storage. Each measurement starts from a fresh repository or folder.
 *
 * @module
 */
import { join } from "node:path";
import { restoreArgs } from "../../toolchain/plakar.ts";
import { assertSameTree } from "../../toolchain/tree.ts";
import type { Peer } from "../peers.ts";
import { fail, record, type Row, row, SAME_AS_B } from "../results.ts";
import { type PeakTracker, watchPluginRss } from "../rss.ts";
import { type BenchContext, rotated, seconds } from "./context.ts";

const TIMEOUT_MS = 60 * 60 * 1000;

const url = (peer: Peer, path: string) => `${peer.proto}://${path}`;

/** Runs plakar in the bench home; throws with its last line when it fails. */
export async function plakar(
  ctx: BenchContext,
  args: string[],
  success?: RegExp,
): Promise<void> {
  const { code, stdout, stderr } = await ctx.home.run(args, {
    timeoutMs: TIMEOUT_MS,
    allowFailure: true,
  });
  const output = (stdout + stderr).trim();
  if (code !== 0 || (success && !success.test(output))) {
    // plakar's own error is its last line; the rest is progress.
    const last = output.split("\n").at(-1) || `exit status ${code}`;
    throw new Error(`plakar ${args.slice(2).join(" ")}: ${last}`);
  }
}

/** A measurement: prepares, then returns the seconds of the timed part(s). */
export type Measure = (peer: Peer, run: number) => Promise<number[]>;

/**
 * Runs `measure` for each run and peer, records the timed parts in
 * `targets` and the plugin's peak RSS in `peaks`; a peer that fails once is
 * not measured again on these rows.
 */
export async function eachPeer(
  ctx: BenchContext,
  targets: Row[],
  peaks: PeakTracker,
  measure: Measure,
): Promise<void> {
  for (let run = 0; run < ctx.config.runs; run++) {
    for (const peer of rotated(ctx.peers, run)) {
      if (targets.some((t) => t.errors[peer.id])) continue;
      ctx.log(`workload ${targets[0].id}, ${peer.name}, run ${run + 1}`);
      const watch = peer.processMarker
        ? await watchPluginRss(ctx.home.env.XDG_CACHE_HOME, peer.processMarker)
        : undefined;
      try {
        const times = await measure(peer, run);
        times.forEach((t, i) => record(targets[i], peer.id, t));
      } catch (error) {
        for (const target of targets) fail(target, peer.id, error);
      }
      if (watch) peaks.note(peer.id, run, await watch.stop());
    }
  }
}

/** Workload 1: backup of the tree from each importer into a fresh fs repo. */
export async function backupFromImporters(
  ctx: BenchContext,
  peaks: PeakTracker,
): Promise<Row[]> {
  const target = row("1", "backup, importer → fs repo", "s", SAME_AS_B);
  await eachPeer(ctx, [target], peaks, async (peer) => {
    const repo = join(ctx.config.workDir, `w1-repo-${peer.id}`);
    await plakar(ctx, ["at", repo, "create", "-plaintext"]);
    try {
      return [
        await seconds(() =>
          plakar(
            ctx,
            ["at", repo, "backup", url(peer, ctx.tree)],
            /backup completed without errors/,
          )
        ),
      ];
    } finally {
      await Deno.remove(repo, { recursive: true });
    }
  });
  return [target];
}

/**
 * Workload 2: restore, through each exporter, of one snapshot of the tree
 * made by the built-in fs. The first restore of each peer is compared
 * with the source, so that a fast but wrong exporter cannot score.
 */
export async function restoreThroughExporters(
  ctx: BenchContext,
  peaks: PeakTracker,
): Promise<Row[]> {
  const target = row("2", "restore, fs repo → exporter", "s", SAME_AS_B);
  const repo = join(ctx.config.workDir, "w2-repo");
  await plakar(ctx, ["at", repo, "create", "-plaintext"]);
  await plakar(ctx, ["at", repo, "backup", ctx.tree]);
  const ls = await ctx.home.run(["at", repo, "ls"]);
  const snapshot = ls.stdout.trim().split(/\s+/)[1];
  try {
    await eachPeer(ctx, [target], peaks, async (peer, run) => {
      const out = join(ctx.config.workDir, `w2-out-${peer.id}`);
      try {
        const time = await seconds(() =>
          plakar(ctx, restoreArgs(repo, url(peer, out), snapshot))
        );
        if (run === 0) await assertSameTree(ctx.tree, out);
        return [time];
      } finally {
        await Deno.remove(out, { recursive: true }).catch(() => {});
      }
    });
  } finally {
    await Deno.remove(repo, { recursive: true });
  }
  return [target];
}

/** Workload 3: backup of the tree into a fresh repo on each storage, then check. */
export async function backupToStorages(
  ctx: BenchContext,
  peaks: PeakTracker,
): Promise<Row[]> {
  const backup = row("3a", "backup, fs → repo on storage", "s", SAME_AS_B);
  const check = row("3b", "check of that repo", "s", SAME_AS_B);
  await eachPeer(ctx, [backup, check], peaks, async (peer) => {
    const dir = join(ctx.config.workDir, `w3-repo-${peer.id}`);
    const repo = url(peer, dir);
    try {
      await plakar(ctx, ["at", repo, "create", "-plaintext"]);
      return [
        await seconds(() =>
          plakar(
            ctx,
            ["at", repo, "backup", ctx.tree],
            /backup completed without errors/,
          )
        ),
        await seconds(() =>
          plakar(
            ctx,
            ["at", repo, "check"],
            /check completed without errors/,
          )
        ),
      ];
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  });
  return [backup, check];
}
