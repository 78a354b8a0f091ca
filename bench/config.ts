/**
 * What the benchmark measures and how big: read from flags, then the
 * environment, then the defaults of the full run (1 GiB, 3 runs).
 *
 * @module
 */
import { resolve } from "node:path";
import { parseCommandLine, UsageError } from "../cli/command_line.ts";

const KIT = new URL("../", import.meta.url).pathname;
const MiB = 1024 * 1024;
const WORKLOADS = 8;
const GiB = 1024 * MiB;

/** The sizes and counts one benchmark run uses. */
export interface BenchConfig {
  /** Factor applied to every size (1 = the full benchmark). */
  scale: number;
  /** Runs per measurement; the table reports their median. */
  runs: number;
  /** Total bytes of the generated tree (workloads 1–3). */
  treeBytes: number;
  /** Bytes of the one large object of the raw transport workload. */
  rawBytes: number;
  /** Small objects of the raw transport workload. */
  smallObjects: number;
  /** Bytes of each small object. */
  smallObjectBytes: number;
  /** Spawn → Init samples per run. */
  spawnSamples: number;
  /** Workloads to run (`1` … `8`); all when empty. */
  only: Set<string>;
  /** Source of the official Go S3 plugin, peer B of workloads 7–8. */
  s3Peer: string;
  /** Folder for the generated data, repositories and plakar home. */
  workDir: string;
}

/**
 * The official integration-s3 sources beside the kit's checkout, as the
 * peers README lays them out.
 */
const DEFAULT_S3_PEER = resolve(KIT, "../shared/peers/integration-s3");

/** The benchmark's usage text. */
export const USAGE =
  `usage: deno task bench [--scale=F] [--runs=N] [--only=1,2,…] [--dir=PATH] [--s3-peer=DIR]
  --scale    size factor, 1 = 1 GiB tree, 1 GiB raw object, 20 000 small objects (env BENCH_SCALE)
  --runs     runs per measurement, median reported, at least 1 (env BENCH_RUNS, default 3)
  --only     comma-separated workloads among 1–${WORKLOADS} (env BENCH_ONLY, default all)
  --dir      work folder, needs about 4× the tree size free (env BENCH_DIR, default a temporary folder)
  --s3-peer  source folder of the official Go S3 plugin, built as peer B of workloads 7–8
             (env BENCH_S3_PEER, default ${DEFAULT_S3_PEER})`;

/**
 * Reads the configuration, or "help" for `--help`; throws a
 * {@link UsageError} naming the bad flag or variable.
 */
export async function benchConfig(
  args: string[],
): Promise<BenchConfig | "help"> {
  const { values, positionals } = parseCommandLine(args, {
    scale: { type: "string" },
    runs: { type: "string" },
    only: { type: "string" },
    dir: { type: "string" },
    "s3-peer": { type: "string" },
  });
  if (values.help) return "help";
  if (positionals.length) {
    throw new UsageError(`unexpected argument "${positionals[0]}"`);
  }
  const setting = (flag: string | undefined, env: string) =>
    flag ?? (Deno.env.get(env) || undefined);
  const scale = positive(
    "--scale / BENCH_SCALE",
    setting(values.scale, "BENCH_SCALE") ?? "1",
  );
  const runs = positive(
    "--runs / BENCH_RUNS",
    setting(values.runs, "BENCH_RUNS") ?? "3",
  );
  if (!Number.isInteger(runs)) {
    throw new UsageError(
      `--runs / BENCH_RUNS must be a whole number, got ${runs}`,
    );
  }
  const only = new Set(
    (setting(values.only, "BENCH_ONLY") ?? "").split(",").map((s) => s.trim())
      .filter(Boolean),
  );
  for (const w of only) {
    if (!/^[1-9]$/.test(w) || Number(w) > WORKLOADS) {
      throw new UsageError(
        `--only / BENCH_ONLY: unknown workload "${w}" (1–${WORKLOADS})`,
      );
    }
  }
  const s3Peer = resolve(
    setting(values["s3-peer"], "BENCH_S3_PEER") ?? DEFAULT_S3_PEER,
  );
  const dir = setting(values.dir, "BENCH_DIR");
  const workDir = dir
    ? await Deno.makeTempDir({ dir, prefix: "plakar-bench-" })
    : await Deno.makeTempDir({ prefix: "plakar-bench-" });
  return {
    scale,
    runs,
    treeBytes: Math.round(GiB * scale),
    rawBytes: Math.round(GiB * scale),
    smallObjects: Math.max(100, Math.round(20_000 * scale)),
    smallObjectBytes: 4096,
    spawnSamples: 5,
    only,
    s3Peer,
    workDir,
  };
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${name} must be a positive number, got "${text}"`);
  }
  return value;
}

/** Whether workload `n` is selected. */
export function selected(config: BenchConfig, n: number): boolean {
  return config.only.size === 0 || config.only.has(String(n));
}
