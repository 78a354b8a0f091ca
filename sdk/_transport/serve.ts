/**
 * Serves gRPC services on stdin/stdout, the way plakar talks to a plugin.
 *
 * @module
 */
import { errorMessage } from "../errors.ts";
import { batchWriter } from "./batch_writer.ts";
import { grpcConnection, type Methods } from "./grpc.ts";
import { errorName } from "./http2/frames.ts";
import type { ConnectionFailure } from "./http2/connection.ts";
import { closeStdout, writeStdout } from "./stdout_guard.ts";
import { readStdin } from "./stdin_reader.ts";

/** What to serve on stdin/stdout. */
export interface ServeOptions {
  /** The methods served, by path. */
  methods: Methods;
  /** Runs once stdin reaches end of file, before the process exits 0. */
  onEnd?(): Promise<void> | void;
}

/**
 * Serves one HTTP/2 connection on stdin/stdout until stdin ends, then exits
 * the process with status 0. If the host breaks the protocol first, says
 * what was wrong on stderr and exits with status 1. Never returns.
 */
export async function serveStdio(options: ServeOptions): Promise<never> {
  const out = batchWriter(writeStdout);
  const connection = grpcConnection({
    methods: options.methods,
    write: out.write,
    onFailure: (failure) => void fail(failure),
  });
  const fail = async (failure: ConnectionFailure) => {
    await out.flush().catch(() => {});
    console.error(`plugin: ${failureMessage(failure)}`);
    Deno.exit(1);
  };
  try {
    await readStdin((bytes) => connection.receive(bytes));
  } catch (error) {
    console.error(
      `plugin: reading from the host failed: ${errorMessage(error)}`,
    );
  }
  connection.end();
  try {
    await options.onEnd?.();
  } catch (error) {
    console.error(
      `plugin: cleanup after end of input failed: ${errorMessage(error)}`,
    );
  }
  // The host may be gone already; what it did not read is moot.
  await out.flush().catch(() => {});
  try {
    closeStdout();
  } catch { /* already closed */ }
  Deno.exit(0);
}

function failureMessage({ code, reason }: ConnectionFailure): string {
  return `the host's input is not valid gRPC over HTTP/2: the plugin answered ${
    errorName(code)
  }${reason ? ` (${reason})` : ""} and closed the connection`;
}
