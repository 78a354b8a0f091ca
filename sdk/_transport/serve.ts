/**
 * Serves gRPC services on stdin/stdout, the way plakar talks to a plugin.
 *
 * @module
 */
import { errorMessage } from "../errors.ts";
import { closeStdout } from "./stdout_guard.ts";
import { Server, ServerCredentials } from "@grpc/grpc-js";
import { stdioDuplex } from "./stdio.ts";
import { type Goaway, goawayWatch } from "./goaway.ts";
import { widenReceiveWindows } from "./window.ts";
import { logger } from "../log.ts";

const log = logger("transport");

/** Messages the host sends are at most 4 MiB; leave room for framing. */
const MAX_MESSAGE = 8 * 1024 * 1024;

/**
 * What the host may send ahead of the connector. Measured with plakar's
 * client (raw Put of 256 MiB in 1 MiB chunks, ¼ scale, 4 runs): 64 KiB
 * windows 148–229 MB/s, these 236–383 MB/s (4 / 16 MiB: 227–361), with no
 * higher peak RSS (281–298 MB against 286–307): at most 8 MiB waits in the
 * plugin per connection.
 */
const RECEIVE_WINDOWS = { stream: 1024 * 1024, connection: 8 * 1024 * 1024 };

/** What to serve on stdin/stdout. */
export interface ServeOptions {
  /** Adds the services to the server. */
  register(server: Server): void;
  /** Runs once stdin reaches end of file, before the process exits 0. */
  onEnd?(): Promise<void> | void;
}

/**
 * Serves one HTTP/2 connection on stdin/stdout until stdin ends, then exits
 * the process with status 0. If the connection fails first (the host's
 * input is not HTTP/2, or is corrupted), says why on stderr and exits with
 * status 1. Never returns.
 */
export function serveStdio(options: ServeOptions): Promise<never> {
  const server = new Server({
    "grpc.max_receive_message_length": MAX_MESSAGE,
    "grpc.max_send_message_length": MAX_MESSAGE,
  });
  options.register(server);
  const injector = server.createConnectionInjector(
    ServerCredentials.createInsecure(),
  );
  const watch = goawayWatch();
  const connection = stdioDuplex(watch.see);
  let ending = false;
  const failed = () => {
    console.error(`plugin: ${connectionFailure(watch.goaway)}`);
    Deno.exit(1);
  };
  return new Promise<never>(() => {
    // The session ends the connection, without an error event, when it
    // rejects the input: stdin may still be open, or may end just after.
    connection.once("close", () => ending || failed());
    connection.once("end", async () => {
      if (watch.goaway && watch.goaway.code !== 0) return failed();
      ending = true;
      try {
        await options.onEnd?.();
      } catch (error) {
        console.error(
          `plugin: cleanup after end of input failed: ${errorMessage(error)}`,
        );
      }
      try {
        closeStdout();
      } catch { /* already closed */ }
      Deno.exit(0);
    });
    injector.injectConnection(connection);
    if (!widenReceiveWindows(connection, RECEIVE_WINDOWS)) {
      log.debug("no HTTP/2 session found on the connection: 64 KiB windows");
    }
  });
}

function connectionFailure(goaway: Goaway | undefined): string {
  if (!goaway || goaway.code === 0) {
    return "the HTTP/2 connection to the host ended before the host closed stdin";
  }
  return `the host's input is not valid gRPC over HTTP/2: the plugin answered ${goaway.name}${
    goaway.reason ? ` (${goaway.reason})` : ""
  } and closed the connection`;
}
