/**
 * `deno task bench`: builds the peers, generates the data and measures
 * plakar's built-in fs (A), the same connectors as a Go SDK plugin (B) and
 * the TypeScript localdir plugin (C) in one run, and on S3 (workloads 7–8)
 * the official Go S3 plugin (B) and the TypeScript one (C) against one
 * versitygw, then prints the table of medians and writes it, with the raw
 * samples and a PNG chart, to `.tools/bench/results/` (output stays out of the source folder).
 *
 * @module
 */
import { join } from "node:path";
import { plakarBinary, plakarHome } from "../toolchain/plakar.ts";
import { chartPng } from "./chart.ts";
import { benchConfig, selected, USAGE } from "./config.ts";
import { runProgram } from "../cli/command_line.ts";
import { noteUnavailable, setupPeers } from "./peers.ts";
import { markdownTable, PEAK_RSS, type Row, row } from "./results.ts";
import { peakTracker } from "./rss.ts";
import { generateTree } from "./tree.ts";
import type { BenchContext } from "./workloads/context.ts";
import {
  backupFromImporters,
  backupToStorages,
  restoreThroughExporters,
} from "./workloads/plakar_cli.ts";
import { protocolWorkloads } from "./workloads/protocol.ts";
import { prepareS3, s3Workloads } from "./workloads/s3.ts";
import { buildGoTools } from "./go_tools.ts";

const RESULTS = new URL("../.tools/bench/results/", import.meta.url).pathname;
const log = (message: string) => console.error(`bench: ${message}`);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

async function main(): Promise<0 | "help"> {
  const config = await benchConfig(Deno.args);
  if (config === "help") return "help";
  const plakar = await plakarBinary();
  await using home = await plakarHome();
  try {
    log(
      `work folder ${config.workDir}; scale ${config.scale}, ${config.runs} run(s)`,
    );
    log("building the Go programs");
    const go = await buildGoTools().catch((error: Error) => error);
    // An S3-only run needs none of the local peers.
    const peers = [1, 2, 3, 4, 5, 6].some((n) => selected(config, n))
      ? await setupPeers(home, plakar, go instanceof Error ? go : go.gofs)
      : [];
    await using s3 = [7, 8].some((n) => selected(config, n))
      ? await prepareS3(config, home, plakar)
      : undefined;
    for (const peer of [...peers, ...s3?.peers ?? []]) {
      if (!peer.unavailable) continue;
      log(`peer ${peer.id} (${peer.name}) is unavailable: ${peer.unavailable}`);
    }
    const tree = join(config.workDir, "tree");
    const needsTree = [1, 2, 3, 7].some((n) => selected(config, n));
    if (needsTree) log(`generating a tree of ${mib(config.treeBytes)} MiB`);
    const summary = needsTree
      ? await generateTree(tree, config.treeBytes)
      : undefined;
    const ctx: BenchContext = {
      config,
      home,
      peers: peers.filter((p) => !p.unavailable),
      tree,
      rawClient: go instanceof Error ? undefined : go.rawClient,
      log,
    };

    const rows: Row[] = [];
    const cliPeaks = peakTracker();
    if (selected(config, 1)) {
      rows.push(...await backupFromImporters(ctx, cliPeaks));
    }
    if (selected(config, 2)) {
      rows.push(...await restoreThroughExporters(ctx, cliPeaks));
    }
    if (selected(config, 3)) {
      rows.push(...await backupToStorages(ctx, cliPeaks));
    }
    const rawPeaks = peakTracker();
    const transport = selected(config, 4);
    const spawn = selected(config, 5);
    if (transport || spawn) {
      rows.push(
        ...await protocolWorkloads(ctx, rawPeaks, { transport, spawn }),
      );
    }
    if (selected(config, 6)) {
      const inPlakar = row(
        "6a",
        "plugin peak RSS in workloads 1–3",
        "MB",
        PEAK_RSS,
      );
      const inRaw = row("6b", "plugin peak RSS in workload 4", "MB", PEAK_RSS);
      cliPeaks.fill(inPlakar);
      rawPeaks.fill(inRaw);
      rows.push(inPlakar, inRaw);
    }
    noteUnavailable(rows, peers);
    if (s3) rows.push(...await s3Workloads(ctx, s3));

    const version = (await home.run(["version"])).stdout.trim();
    const title = [
      version,
      ...(summary
        ? [`tree ${mib(summary.bytes)} MiB in ${summary.files} files`]
        : []),
      ...([4, 8].some((n) => selected(config, n))
        ? [`raw ${mib(config.rawBytes)} MiB + ${config.smallObjects} × 4 KiB`]
        : []),
      `median of ${config.runs} run(s)`,
    ].join(" · ");
    const table = markdownTable(rows);
    console.log(`${title}\n\n${table}`);
    await writeResults(title, table, rows);
  } finally {
    await Deno.remove(config.workDir, { recursive: true }).catch(() => {});
  }
  return 0;
}

async function writeResults(
  title: string,
  table: string,
  rows: Row[],
): Promise<void> {
  await Deno.mkdir(RESULTS, { recursive: true });
  const stamp = new Date().toISOString().replaceAll(":", "-").slice(0, 19);
  const base = join(RESULTS, `bench-${stamp}`);
  await Deno.writeTextFile(`${base}.md`, `# ${title}\n\n${table}\n`);
  await Deno.writeTextFile(
    `${base}.json`,
    JSON.stringify({ title, rows }, null, 2),
  );
  await Deno.writeFile(`${base}.png`, chartPng(rows, title));
  log(`results written to ${base}.{md,json,png}`);
}

if (import.meta.main) await runProgram(USAGE, main);
