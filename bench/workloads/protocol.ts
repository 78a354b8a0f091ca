/**
 * Workloads 4 and 5, straight over the storage protocol without a backup:
 * the time from spawning a plugin to its answer to Init, then Put and Get
 * of one large object in 1 MiB chunks and of many small objects. The
 * client is plakar's own plugin host code (see bench/gofs/rawclient), so
 * the figures are the plugin's as plakar sees it, not a test client's.
 * Only plugins take part: the built-in fs has no protocol. Workload 8 runs
 * the same against S3 storage plugins (see `RawSetup`).
 *
 * @module
 */
import { join } from "node:path";
import type { Peer } from "../peers.ts";
import {
  fail,
  type Goal,
  median,
  record,
  type Row,
  row,
  SPAWN_TO_INIT,
} from "../results.ts";
import { type PeakTracker, watchPluginRss } from "../rss.ts";
import { type BenchContext, rotated } from "./context.ts";

const ONE_GB = { atLeast: 1000 };

/** Where one peer's storage plugin keeps the raw workload's repositories. */
export interface RawPlace {
  /** The raw client's flags that name it: `-dir=…`, or `-location=…` and `-option=…`. */
  flags: string[];
  /** Removes what the workload stored there. */
  remove(): Promise<void>;
}

/** Which rows the raw workloads fill, and where each peer stores. */
export interface RawSetup {
  /** For the progress lines, e.g. `workloads 4–5`. */
  name: string;
  /** Number of the throughput workload: its rows are `<n>a` … `<n>d`. */
  transport: string;
  /** Id of the spawn → Init row. */
  spawn: string;
  /** Their goal: an absolute throughput, or one relative to B. */
  goal: Goal;
  /** Added to the labels, e.g. ` on S3`. */
  where: string;
  /** The place of `peer`'s repositories. */
  place(ctx: BenchContext, peer: Peer): RawPlace;
}

/** Workloads 4 and 5: each peer's repositories in a folder of the work dir. */
const LOCAL: RawSetup = {
  name: "workloads 4–5",
  transport: "4",
  spawn: "5",
  goal: ONE_GB,
  where: "",
  place(ctx, peer) {
    const dir = join(ctx.config.workDir, `w4-${peer.id}`);
    return {
      flags: [`-dir=${dir}`],
      remove: () => Deno.remove(dir, { recursive: true }).catch(() => {}),
    };
  },
};

/** What the raw client prints. */
interface RawResult {
  initMs: number[];
  putLargeMBs?: number;
  getLargeMBs?: number;
  putSmallPerSec?: number;
  getSmallPerSec?: number;
}

/** Runs the raw client against `peer`'s storage plugin at `place`. */
async function rawClient(
  ctx: BenchContext,
  peer: Peer,
  place: RawPlace,
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
      ...place.flags,
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
 * selected ones, or their counterparts in `setup`; a peer's plugin RSS
 * during the throughput workload goes to `peaks`.
 */
export async function protocolWorkloads(
  ctx: BenchContext,
  peaks: PeakTracker,
  selected: { transport: boolean; spawn: boolean },
  setup: RawSetup = LOCAL,
): Promise<Row[]> {
  const { rawBytes, smallObjects } = ctx.config;
  const mib = (rawBytes / 2 ** 20).toFixed(0);
  const [n, where, goal] = [setup.transport, setup.where, setup.goal];
  // Small objects have a goal only relative to B: none is absolute.
  const smallGoal = "ratioToB" in goal ? goal : undefined;
  const transport = [
    row(`${n}a`, `raw Put of ${mib} MiB${where}, 1 MiB chunks`, "MB/s", goal),
    row(`${n}b`, `raw Get of ${mib} MiB${where}`, "MB/s", goal),
    row(
      `${n}c`,
      `raw Put of ${smallObjects} × 4 KiB${where}`,
      "objects/s",
      smallGoal,
    ),
    row(
      `${n}d`,
      `raw Get of ${smallObjects} × 4 KiB${where}`,
      "objects/s",
      smallGoal,
    ),
  ];
  const spawn = row(
    setup.spawn,
    `spawn → Init answered${where}`,
    "ms",
    SPAWN_TO_INIT,
  );
  const rows = [
    ...(selected.transport ? transport : []),
    ...(selected.spawn ? [spawn] : []),
  ];
  const plugins = ctx.peers.filter((p) => p.plugin);

  for (let run = 0; run < ctx.config.runs; run++) {
    for (const peer of rotated(plugins, run)) {
      if (rows.some((r) => r.errors[peer.id])) continue;
      ctx.log(`${setup.name}, ${peer.name}, run ${run + 1}`);
      const place = setup.place(ctx, peer);
      const watch = await watchPluginRss(
        ctx.home.env.XDG_CACHE_HOME,
        peer.processMarker!,
      );
      try {
        const result = await rawClient(ctx, peer, place, {
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
        await place.remove();
      }
    }
  }
  return rows;
}
