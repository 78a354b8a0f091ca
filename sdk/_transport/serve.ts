/**
 * Serves gRPC services on stdin/stdout, the way plakar talks to a plugin.
 *
 * @module
 */
import { errorMessage } from "../errors.ts";
import { closeStdout } from "./stdout_guard.ts";
import { Server, ServerCredentials } from "@grpc/grpc-js";
import { stdioDuplex } from "./stdio.ts";

/** Messages the host sends are at most 4 MiB; leave room for framing. */
const MAX_MESSAGE = 8 * 1024 * 1024;

/** What to serve on stdin/stdout. */
export interface ServeOptions {
  /** Adds the services to the server. */
  register(server: Server): void;
  /** Runs once stdin reaches end of file, before the process exits 0. */
  onEnd?(): Promise<void> | void;
}

/**
 * Serves one HTTP/2 connection on stdin/stdout until stdin ends, then exits
 * the process with status 0. Never returns.
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
  const connection = stdioDuplex();
  return new Promise<never>(() => {
    connection.once("end", async () => {
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
  });
}
