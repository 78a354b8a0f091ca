/**
 * How the tests run this plugin: as plakar does, `main.ts` with the
 * connector kind as argument, under the Deno running the tests.
 *
 * @module
 */
import type { ConnectorKind } from "@plakar/kit";

/** The protocol of this plugin's locations (`<protocol>:///path`). */
export const PROTOCOL = "example";

/** The command and arguments serving the connector of `kind`. */
export function pluginCommand(kind: ConnectorKind) {
  return {
    command: Deno.execPath(),
    args: ["run", "-A", new URL("./main.ts", import.meta.url).pathname, kind],
    cwd: new URL(".", import.meta.url).pathname,
  };
}
