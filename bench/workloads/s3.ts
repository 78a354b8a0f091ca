/**
 * Workloads 7 and 8, against one versitygw for both S3 peers: 7 backs the
 * tree up into a fresh repository on S3 through each storage plugin, with
 * real plakar, then restores it; 8 is the raw Put/Get and spawn → Init of
 * workloads 4–5 on S3. Each reports the plugins' peak RSS.
 *
 * @module
 */
import { join } from "node:path";
import { assertSameTree } from "../../toolchain/tree.ts";
import type { BenchConfig } from "../config.ts";
import { selected } from "../config.ts";
import { noteUnavailable, type Peer } from "../peers.ts";
import { type Row, row, S3_PEAK_RSS, SAME_AS_B } from "../results.ts";
import { peakTracker } from "../rss.ts";
import { s3Location, setupS3Peers } from "../s3/peers.ts";
import { type S3Server, startVersitygw } from "../../toolchain/versitygw.ts";
import type { PlakarHome } from "../../toolchain/plakar.ts";
import { type BenchContext, seconds } from "./context.ts";
import { eachPeer, plakar } from "./plakar_cli.ts";
import { protocolWorkloads, type RawPlace } from "./protocol.ts";
import { restoreArgs } from "../../toolchain/plakar.ts";

/** The S3 server and the peers installed for it. */
export interface S3Bench extends AsyncDisposable {
  server: S3Server;
  /** B and C, available or not. */
  peers: Peer[];
}

/**
 * Starts versitygw in the work folder and sets up both peers, before any
 * workload runs, so that a missing server fails the run early.
 */
export async function prepareS3(
  config: BenchConfig,
  home: PlakarHome,
  plakarBinary: string,
): Promise<S3Bench> {
  const server = await startVersitygw({ root: join(config.workDir, "s3") });
  try {
    const peers = await setupS3Peers(home, plakarBinary, config.s3Peer);
    return { server, peers, [Symbol.asyncDispose]: server.dispose };
  } catch (error) {
    await server.dispose();
    throw error;
  }
}

/** Removes a bucket with everything in it: it is a folder of the server. */
const removeBucket = (server: S3Server, bucket: string) =>
  Deno.remove(join(server.root, bucket), { recursive: true }).catch(() => {});

/** Workload 7: backup into a repository on S3, then restore from it. */
async function repositoryOnS3(
  ctx: BenchContext,
  server: S3Server,
): Promise<Row[]> {
  const backup = row("7a", "backup, fs → repo on S3", "s", SAME_AS_B);
  const restore = row("7b", "restore, repo on S3 → fs", "s", SAME_AS_B);
  const rss = row("7c", "plugin peak RSS in workload 7", "MB", S3_PEAK_RSS);
  const peaks = peakTracker();
  const options = Object.entries(server.options).map(([k, v]) => `${k}=${v}`);
  await eachPeer(ctx, [backup, restore], peaks, async (peer, run) => {
    // One bucket and store name per measurement: a fresh repository.
    const name = `w7-${peer.id.toLowerCase()}-${run}`;
    const out = join(ctx.config.workDir, name);
    try {
      await plakar(ctx, [
        "store",
        "add",
        name,
        s3Location(peer, server, name),
        ...options,
      ]);
      await plakar(ctx, ["at", `@${name}`, "create", "-plaintext"]);
      const backupTime = await seconds(() =>
        plakar(
          ctx,
          ["at", `@${name}`, "backup", ctx.tree],
          /backup completed without errors/,
        )
      );
      const ls = await ctx.home.run(["at", `@${name}`, "ls"]);
      const snapshot = ls.stdout.trim().split(/\s+/)[1];
      const restoreTime = await seconds(() =>
        plakar(ctx, restoreArgs(`@${name}`, out, snapshot))
      );
      // A fast but wrong storage must not score.
      if (run === 0) await assertSameTree(ctx.tree, out);
      return [backupTime, restoreTime];
    } finally {
      await ctx.home.run(["store", "rm", name], { allowFailure: true });
      await Deno.remove(out, { recursive: true }).catch(() => {});
      await removeBucket(server, name);
    }
  });
  peaks.fill(rss);
  return [backup, restore, rss];
}

/** Workload 8: workloads 4–5 on S3, one bucket per peer. */
async function rawOnS3(ctx: BenchContext, server: S3Server): Promise<Row[]> {
  const peaks = peakTracker();
  const options = Object.entries(server.options).map(([k, v]) =>
    `-option=${k}=${v}`
  );
  const rows = await protocolWorkloads(
    ctx,
    peaks,
    { transport: true, spawn: true },
    {
      name: "workload 8 (raw, on S3)",
      transport: "8",
      spawn: "8e",
      goal: SAME_AS_B,
      where: " on S3",
      place: (_, peer): RawPlace => {
        const bucket = `w8-${peer.id.toLowerCase()}`;
        return {
          flags: [`-location=${s3Location(peer, server, bucket)}`, ...options],
          remove: () => removeBucket(server, bucket),
        };
      },
    },
  );
  const rss = row("8f", "plugin peak RSS in workload 8", "MB", S3_PEAK_RSS);
  peaks.fill(rss);
  return [...rows, rss];
}

/**
 * Runs the selected S3 workloads with the peers of `s3`; an unavailable
 * peer's cells say why.
 */
export async function s3Workloads(
  ctx: BenchContext,
  s3: S3Bench,
): Promise<Row[]> {
  const peers = s3.peers.filter((p) => !p.unavailable);
  const s3ctx = { ...ctx, peers };
  const rows = [
    ...(selected(ctx.config, 7) ? await repositoryOnS3(s3ctx, s3.server) : []),
    ...(selected(ctx.config, 8) ? await rawOnS3(s3ctx, s3.server) : []),
  ];
  noteUnavailable(rows, s3.peers);
  return rows;
}
