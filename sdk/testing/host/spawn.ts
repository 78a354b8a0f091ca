/**
 * Starts a plugin executable and connects to it the way plakar does: its
 * stdin/stdout carry one h2c connection on which the host is the gRPC
 * client.
 *
 * @module
 */
import { Channel, credentials } from "@grpc/grpc-js";
import { bridge } from "./_bridge.ts";
import { channelLink } from "./_calls.ts";
import { seconds } from "./_duration.ts";
import { exporterClient } from "./_exporter_client.ts";
import { importerClient } from "./_importer_client.ts";
import { storageClient } from "./_storage_client.ts";
import type { ExporterClient } from "./exporter.ts";
import type { ImporterClient } from "./importer.ts";
import type { StorageClient } from "./storage.ts";

/** How to start the plugin. */
export interface SpawnOptions {
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
  /** The working directory; the host's by default. */
  cwd?: string;
  /**
   * "collect" (default) keeps the plugin's stderr for {@link PluginProcess.stderr};
   * "inherit" shows it on the host's stderr, as plakar does.
   */
  stderr?: "collect" | "inherit";
}

/** How the plugin process ended. */
export interface ExitStatus {
  /** The exit code (128 + n when killed by signal n). */
  code: number;
  /** The signal that killed it, if any. */
  signal: Deno.Signal | null;
}

/** The outcome of {@link PluginProcess.shutdown}. */
export interface Shutdown extends ExitStatus {
  /** True when the plugin did not exit in time and was killed. */
  killed: boolean;
}

/** A running plugin and the host's clients to it. */
export interface PluginProcess extends AsyncDisposable {
  /** The process id. */
  readonly pid: number;
  /** The `importer.Importer` client. */
  readonly importer: ImporterClient;
  /** The `plakar.exporter.Exporter` client. */
  readonly exporter: ExporterClient;
  /** The `store.Store` client. */
  readonly storage: StorageClient;
  /**
   * Resolves once the plugin's HTTP/2 SETTINGS arrived; rejects with the
   * reason when they do not within `timeoutMs` (plakar waits about 20 s),
   * when the plugin wrote something else to stdout, or when it exited.
   */
  ready(timeoutMs?: number): Promise<void>;
  /** The stdout violation seen so far, if any. */
  stdoutProblem(): string | undefined;
  /** The end of what the plugin wrote to stderr (with `stderr: "collect"`). */
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ExitStatus>;
  /**
   * Closes the plugin's stdin, as plakar's exit does after `Close`, then
   * waits up to `timeoutMs` for the process to exit before killing it.
   */
  shutdown(timeoutMs?: number): Promise<Shutdown>;
  /** Kills the process (SIGKILL). */
  kill(): void;
}

/** plakar waits about this long for a plugin's SETTINGS. */
export const PLAKAR_START_TIMEOUT = 20_000;
const STDERR_KEPT = 64 * 1024;

/**
 * Spawns `command` with `args` (a manifest's `args` go here) and connects to
 * it. The connection is opened at once, as plakar sends `Init` right away.
 */
export async function spawnPlugin(
  command: string,
  args: string[] = [],
  options: SpawnOptions = {},
): Promise<PluginProcess> {
  const collect = (options.stderr ?? "collect") === "collect";
  const child = new Deno.Command(command, {
    args,
    env: options.env,
    cwd: options.cwd,
    stdin: "piped",
    stdout: "piped",
    stderr: collect ? "piped" : "inherit",
  }).spawn();
  const link = await bridge({ stdin: child.stdin, stdout: child.stdout });

  let stderrText = "";
  const stderrDone = collect
    ? child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({
        write(text) {
          stderrText = (stderrText + text).slice(-STDERR_KEPT);
        },
      }),
    ).catch(() => {})
    : Promise.resolve();

  let exit: ExitStatus | undefined;
  const exited = child.status.then(async (status) => {
    exit = { code: status.code, signal: status.signal };
    // A process it left behind may hold stderr open: wait only a little.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      stderrDone,
      new Promise((resolve) => timer = setTimeout(resolve, 500)),
    ]);
    clearTimeout(timer);
    return exit;
  });
  const exitText = (status: ExitStatus, when = "") =>
    `the plugin exited with ${describeExit(status)}${when}${
      stderrText ? `; its stderr ends with: ${tail(stderrText)}` : ""
    }`;

  const channel = new Channel(link.target, credentials.createInsecure(), {
    // What grpc-go in plakar sends and accepts.
    "grpc.default_authority": "127.0.0.1:0",
    "grpc.max_receive_message_length": 4 * 1024 * 1024,
    "grpc.enable_retries": 0,
  });
  const diagnose = () => {
    const problem = link.problem();
    if (problem) return problem;
    return exit && exitText(exit);
  };
  const calls = channelLink(channel, diagnose);
  channel.getConnectivityState(true);

  const kill = () => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };

  let shutdownDone: Promise<Shutdown> | undefined;
  const shutdown = (timeoutMs = 5000) =>
    shutdownDone ??= (async () => {
      await link.endInput();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), timeoutMs);
      });
      const first = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (first === "late") kill();
      const status = await exited;
      channel.close();
      await link[Symbol.asyncDispose]();
      await link.done;
      return { ...status, killed: first === "late" };
    })();

  return {
    pid: child.pid,
    importer: importerClient(calls),
    exporter: exporterClient(calls),
    storage: storageClient(calls),
    ready(timeoutMs = PLAKAR_START_TIMEOUT) {
      const timers: ReturnType<typeof setTimeout>[] = [];
      const after = (ms: number, error: Error) =>
        new Promise<never>((_, reject) => {
          timers.push(setTimeout(() => reject(error), ms));
        });
      const exitedEarly = exited.then((status) => {
        throw new Error(exitText(status, " before serving"));
      });
      // Stdout closing first usually means the process is ending: say how.
      const settings = link.settings.catch((error: Error) =>
        link.problem() ? Promise.reject(error) : Promise.race([
          exitedEarly,
          after(1000, error),
        ])
      );
      return Promise.race([
        settings,
        exitedEarly,
        after(
          timeoutMs,
          new Error(
            `no HTTP/2 SETTINGS from the plugin within ${
              seconds(timeoutMs)
            } (plakar gives up after about 20 s)`,
          ),
        ),
      ]).finally(() => timers.forEach(clearTimeout));
    },
    stdoutProblem: () => link.problem(),
    stderr: () => stderrText,
    exited,
    shutdown,
    kill,
    async [Symbol.asyncDispose]() {
      await shutdown(2000);
    },
  };
}

/** "code 3" or "signal SIGKILL". */
export function describeExit(status: ExitStatus): string {
  return status.signal ? `signal ${status.signal}` : `code ${status.code}`;
}

function tail(text: string): string {
  const lines = text.trimEnd().split("\n").slice(-5).join("\n");
  return JSON.stringify(lines.slice(-600));
}
