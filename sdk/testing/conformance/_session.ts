/**
 * One conformance run against a freshly spawned plugin: start-up checks,
 * the connector's own checks, then shutdown and stdout checks.
 *
 * @module
 */
import { LocationFlags } from "../../connector.ts";
import { seconds } from "../host/_duration.ts";
import { deadline } from "../host/calls.ts";
import {
  describeExit,
  type PluginProcess,
  spawnPlugin,
} from "../host/spawn.ts";
import { type Checks, checks } from "./_checks.ts";
import type { Report } from "./report.ts";
import type { ConformanceOptions } from "./session.ts";

/** What a connector's checks get. */
export interface Session {
  /** The running plugin. */
  plugin: PluginProcess;
  /** Where results go. */
  checks: Checks;
  /** Call options with the per-call deadline. */
  within(): { signal: AbortSignal };
}

/**
 * Spawns the plugin, checks that it serves, runs `body`, then checks that
 * it exits 0 once stdin is closed and that stdout carried HTTP/2 only.
 */
export async function runSession(
  options: ConformanceOptions,
  body: (session: Session) => Promise<void>,
): Promise<Report> {
  const startMs = options.timeouts?.startMs ?? 10_000;
  const callMs = options.timeouts?.callMs ?? 30_000;
  const exitMs = options.timeouts?.exitMs ?? 5_000;
  const args = options.args ?? [];
  const report: Report = {
    plugin: [options.command, ...args].join(" "),
    results: [],
  };
  const results = checks();
  report.results = results.results;

  let plugin: PluginProcess;
  try {
    plugin = await spawnPlugin(options.command, args, {
      env: options.env,
      cwd: options.cwd,
    });
  } catch (error) {
    results.record(
      "start-up: spawn",
      false,
      `cannot start the plugin: ${error}`,
    );
    return report;
  }

  const started = performance.now();
  const serving = await results.run("start-up: SETTINGS", async () => {
    await plugin.ready(startMs);
    return `HTTP/2 SETTINGS after ${
      Math.round(performance.now() - started)
    } ms`;
  });
  if (serving) {
    await body({
      plugin,
      checks: results,
      within: () => ({ signal: deadline(callMs) }),
    });
  }

  const closing = performance.now();
  const end = await plugin.shutdown(exitMs);
  const took = Math.round(performance.now() - closing);
  results.record(
    "shutdown: exit on end of input",
    end.code === 0 && !end.killed,
    end.killed
      ? `still running ${
        seconds(exitMs)
      } after its stdin was closed: killed (plakar may hang or leak the process)`
      : end.code === 0
      ? `exited 0 ${took} ms after its stdin was closed`
      : `exited with ${describeExit(end)} once its stdin was closed, not 0${
        plugin.stderr()
          ? `; stderr ends with ${JSON.stringify(lastLines(plugin.stderr()))}`
          : ""
      }`,
  );
  const problem = plugin.stdoutProblem();
  results.record(
    "stdout: HTTP/2 frames only",
    problem === undefined,
    problem ?? "every byte on stdout belonged to an HTTP/2 frame",
  );
  return report;
}

function lastLines(text: string): string {
  return text.trimEnd().split("\n").slice(-3).join("\n").slice(-400);
}

/** Every location flag plakar knows. */
const KNOWN_FLAGS = Object.values(LocationFlags).reduce<number>(
  (all, bit) => all | bit,
  0,
);

/** Describes `Init`'s answer; throws when its flags hold unknown bits. */
export function describeInit(
  answer: { origin: string; type: string; root: string; flags: number },
): string {
  if ((answer.flags & ~KNOWN_FLAGS) !== 0) {
    throw new Error(
      `Init answered flags 0x${
        answer.flags.toString(16)
      }: bits beyond exportxattr (32) mean nothing to plakar`,
    );
  }
  return `origin ${JSON.stringify(answer.origin)}, type ${
    JSON.stringify(answer.type)
  }, root ${JSON.stringify(answer.root)}, flags ${answer.flags}`;
}
