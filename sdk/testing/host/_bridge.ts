/**
 * Carries one HTTP/2 connection between a grpc-js client and a plugin's
 * stdin/stdout, through a unix socket in a private temporary folder, and
 * watches every byte the plugin writes on the way.
 *
 * @module
 */
import { join } from "node:path";
import { frameWatcher } from "./frames.ts";

/** The plugin's side of the connection: its stdin and stdout pipes. */
export interface Pipes {
  stdin: WritableStream<Uint8Array>;
  stdout: ReadableStream<Uint8Array>;
}

/** A listening bridge; the first client to connect is joined to the plugin. */
export interface Bridge extends AsyncDisposable {
  /** The grpc-js target to connect to (`unix:<path>`). */
  readonly target: string;
  /**
   * Resolves once the plugin's SETTINGS frame has arrived; rejects when the
   * plugin wrote anything else or closed stdout first.
   */
  readonly settings: Promise<void>;
  /** The stdout violation, if one was seen. */
  problem(): string | undefined;
  /**
   * Closes the plugin's stdin without a word on the HTTP/2 connection, as
   * plakar's exit does (grpc-go never sends GOAWAY to a plugin).
   */
  endInput(): Promise<void>;
  /** Resolves when both directions have stopped. */
  readonly done: Promise<void>;
}

/**
 * Listens on a fresh unix socket and joins the first connection to `pipes`.
 * Later connections are refused, as a plugin serves one connection for life.
 */
export async function bridge(pipes: Pipes): Promise<Bridge> {
  const dir = await Deno.makeTempDir({ prefix: "plugin-host-" });
  const path = join(dir, "h2.sock");
  const listener = Deno.listen({ transport: "unix", path });
  const watcher = frameWatcher();
  const settings = Promise.withResolvers<void>();
  let settled = false;
  const settle = (error?: Error) => {
    settled = true;
    if (error) settings.reject(error);
    else settings.resolve();
  };
  // Nobody may be listening for the outcome (a caller that only makes
  // calls); the failure also shows through `problem()` and the calls.
  settings.promise.catch(() => {});

  const tap = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const problem = watcher.push(chunk);
      if (problem) {
        settle(new Error(problem));
        controller.error(new Error(problem));
        return;
      }
      if (!settled && watcher.settingsSeen) settle();
      controller.enqueue(chunk);
    },
    flush() {
      if (!settled) {
        settle(
          new Error("the plugin closed stdout before sending HTTP/2 SETTINGS"),
        );
      }
    },
  });

  const input = new AbortController();
  const done = listener.accept().then(
    (conn) => {
      listener.close();
      const up = conn.readable.pipeTo(pipes.stdin, {
        signal: input.signal,
        preventCancel: true,
      }).catch(() => {});
      const down = pipes.stdout.pipeThrough(tap).pipeTo(conn.writable)
        .catch(() => {});
      return Promise.all([up, down]).then(() => {});
    },
    () => {
      // Closed before anyone connected: release the plugin's pipes.
      pipes.stdin.close().catch(() => {});
      pipes.stdout.cancel().catch(() => {});
    },
  );

  return {
    target: `unix:${path}`,
    settings: settings.promise,
    problem: () => watcher.problem,
    done,
    async endInput() {
      if (!input.signal.aborted) input.abort();
      // Before anyone connected, the pipe is not locked by a pipeTo.
      await pipes.stdin.close().catch(() => {});
    },
    async [Symbol.asyncDispose]() {
      try {
        listener.close();
      } catch { /* already closed after the first connection */ }
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
