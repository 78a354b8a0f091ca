/**
 * Keeps stdout for HTTP/2 frames only.
 *
 * The host reads the plugin's stdout as a gRPC connection: one stray byte
 * from `console.log` corrupts it. This module runs before anything else of
 * the SDK, keeps a private writer to the real stdout for the transport, and
 * sends every public route to stdout (console, `process.stdout`,
 * `Deno.stdout`) to stderr instead.
 *
 * @module
 */
import process from "node:process";

const realStdout = Deno.stdout;
const realWrite = realStdout.write.bind(realStdout);
const realClose = realStdout.close.bind(realStdout);

/** Writes to the real stdout. Only the transport may call this. */
export const writeStdout: (chunk: Uint8Array) => Promise<number> = realWrite;

/** Closes the real stdout. Only the transport may call this. */
export const closeStdout: () => void = realClose;

function redirect(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  for (
    const name of ["log", "info", "debug", "dir", "dirxml", "table"] as const
  ) {
    (console as unknown as Record<string, unknown>)[name] = toStderr;
  }
  const stdout = Deno.stdout as unknown as Record<string, unknown>;
  stdout.write = (p: Uint8Array) => Deno.stderr.write(p);
  stdout.writeSync = (p: Uint8Array) => Deno.stderr.writeSync(p);
  Object.defineProperty(stdout, "writable", {
    get: () => Deno.stderr.writable,
  });
  const nodeStdout = process.stdout as unknown as Record<string, unknown>;
  nodeStdout.write = process.stderr.write.bind(process.stderr);
}

redirect();
