/**
 * Workloads 4 and 5, straight over the storage protocol without a backup:
 * the time from spawning a plugin to its answer to Init, then Put and Get
 * of one large object in 1 MiB chunks and of many small objects. The
 * client is plakar's own plugin host code (see bench/gofs/rawclient), so
 * the figures are the plugin's as plakar sees it, not a test client's.
 * Only plugins take part: the built-in fs has no protocol.
 *
 * @module
 */
import { join } from "node:path";
import type { Peer } from "../peers.ts";
import { fail, median, record, type Row, row } from "../results.ts";
import { type PeakTracker, watchPluginRss } from "../rss.ts";
import { type BenchContext, rotated } from "./context.ts";

const ONE_GB = { atLeast: 1000 };

/** What the raw client prints. */
interface RawResult {
  initMs: number[];
  putLargeMBs?: number;
  getLargeMBs?: number;
  putSmallPerSec?: number;
  getSmallPerSec?: number;
}

/** Runs the raw client against `peer`'s storage plugin in `dir`. */
async function rawClient(
  ctx: BenchContext,
  peer: Peer,
  dir: string,
  options: { transport: boolean; spawns: number },
): Promise<RawResult> {
  if (!ctx.rawClient) throw new Error("the raw client could not be built");
  const { command, args } = peer.plugin!("storage");
  const { rawBytes, smallObjects, smallObjectBytes } = ctx.config;
  const out = await new Deno.Command(ctx.rawClient, {
    args: [
      `-exe=${command}`,
      `-args=${args.join(",")}`,
      `-proto=${peer.proto}`,
      `-dir=${dir}`,
      `-spawns=${options.spawns}`,
      `-bytes=${options.transport ? rawBytes : 0}`,
      `-objects=${options.transport ? smallObjects : 0}`,
      `-object-size=${smallObjectBytes}`,
    ],
    // The plugins inherit the home's environment: that is how the RSS
    // watch recognises them.
    env: ctx.home.env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const stderr = new TextDecoder().decode(out.stderr).trim();
    throw new Error(stderr.split("\n").at(-1) || `exit status ${out.code}`);
  }
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/**
 * Workload 4 (raw Put/Get throughput) and 5 (spawn → Init), for the
 * selected ones; a peer's plugin RSS during workload 4 goes to `peaks`.
 */
export async function protocolWorkloads(
  ctx: BenchContext,
  peaks: PeakTracker,
  selected: { transport: boolean; spawn: boolean },
): Promise<Row[]> {
  const { rawBytes, smallObjects } = ctx.config;
  const mib = (rawBytes / 2 ** 20).toFixed(0);
  const transport = [
    row("4a", `raw Put of ${mib} MiB, 1 MiB chunks`, "MB/s", ONE_GB),
    row("4b", `raw Get of ${mib} MiB`, "MB/s", ONE_GB),
    row("4c", `raw Put of ${smallObjects} × 4 KiB`, "objects/s"),
    row("4d", `raw Get of ${smallObjects} × 4 KiB`, "objects/s"),
  ];
  const spawn = row("5", "spawn → Init answered", "ms", { atMost: 150 });
  const rows = [
    ...(selected.transport ? transport : []),
    ...(selected.spawn ? [spawn] : []),
  ];
  const plugins = ctx.peers.filter((p) => p.plugin);

  for (let run = 0; run < ctx.config.runs; run++) {
    for (const peer of rotated(plugins, run)) {
      if (rows.some((r) => r.errors[peer.id])) continue;
      ctx.log(`workloads 4–5, ${peer.name}, run ${run + 1}`);
      const dir = join(ctx.config.workDir, `w4-${peer.id}`);
      const watch = await watchPluginRss(
        ctx.home.env.XDG_CACHE_HOME,
        peer.processMarker!,
      );
      try {
        const result = await rawClient(ctx, peer, dir, {
          transport: selected.transport,
          spawns: selected.spawn ? ctx.config.spawnSamples : 0,
        });
        if (selected.transport) {
          [
            result.putLargeMBs,
            result.getLargeMBs,
            result.putSmallPerSec,
            result.getSmallPerSec,
          ].forEach((value, i) => record(transport[i], peer.id, value!));
        }
        // One figure per run, like the other workloads: its median sample.
        if (selected.spawn) record(spawn, peer.id, median(result.initMs));
      } catch (error) {
        for (const r of rows) fail(r, peer.id, error);
      } finally {
        const peak = await watch.stop();
        if (selected.transport) peaks.note(peer.id, run, peak);
        await Deno.remove(dir, { recursive: true }).catch(() => {});
      }
    }
  }
  return rows;
}
