/**
 * Peak resident memory of plugin processes started by plakar: polls /proc
 * for the processes of one plakar home (they inherit its XDG_CACHE_HOME)
 * that one peer's plugin runs as and that started after the watch, and
 * keeps the largest VmHWM seen. Linux only; elsewhere it reports nothing.
 *
 * @module
 */
import { peakRss } from "../sdk/_peak_rss.ts";

import { type PeerId, record, type Row } from "./results.ts";

const INTERVAL_MS = 100;

/** A running watch; `stop()` returns the peak in bytes (0 if none seen). */
export interface RssWatch {
  stop(): Promise<number>;
}

/**
 * Watches the processes whose environment holds `XDG_CACHE_HOME=<cacheHome>`
 * and whose command line contains `marker`: a plugin's launcher may exec
 * the real program, so the command line is read at every sample.
 */
export async function watchPluginRss(
  cacheHome: string,
  marker: string,
): Promise<RssWatch> {
  const home = `XDG_CACHE_HOME=${cacheHome}`;
  // Processes alive before the watch (e.g. a previous run's plugin kept by
  // the `plakar cached` daemon) are not part of this measurement.
  const ours = new Map<number, boolean>();
  let peak = 0;
  let running = true;

  const isOurs = async (pid: number) => {
    let known = ours.get(pid);
    if (known === undefined) {
      try {
        const environ = await Deno.readTextFile(`/proc/${pid}/environ`);
        known = environ.split("\0").includes(home);
      } catch {
        known = false;
      }
      ours.set(pid, known);
    }
    return known;
  };

  const pids = async () =>
    (await Array.fromAsync(Deno.readDir("/proc")))
      .filter((entry) => /^\d+$/.test(entry.name))
      .map((entry) => Number(entry.name));

  const sample = async () => {
    for (const pid of await pids()) {
      if (!(await isOurs(pid))) continue;
      const cmdline = await Deno.readTextFile(`/proc/${pid}/cmdline`)
        .catch(() => "");
      if (cmdline.includes(marker)) {
        peak = Math.max(peak, peakRss(pid) ?? 0);
      }
    }
  };

  const linux = Deno.build.os === "linux";
  if (linux) { for (const pid of await pids()) ours.set(pid, false); }
  const loop = (async () => {
    while (linux && running) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

/** Keeps, per peer and run, the largest peak seen over several measurements. */
export interface PeakTracker {
  /** Notes a peak of `bytes` for `peer` during run `run`. */
  note(peer: PeerId, run: number, bytes: number): void;
  /** Records each run's peak, in MB, as a sample of `target`. */
  fill(target: Row): void;
}

/** Creates an empty tracker. */
export function peakTracker(): PeakTracker {
  const peaks = new Map<PeerId, number[]>();
  return {
    note(peer, run, bytes) {
      const runs = peaks.get(peer) ?? [];
      runs[run] = Math.max(runs[run] ?? 0, bytes);
      peaks.set(peer, runs);
    },
    fill(target) {
      for (const [peer, runs] of peaks) {
        for (const bytes of runs) if (bytes) record(target, peer, bytes / 1e6);
      }
    },
  };
}
