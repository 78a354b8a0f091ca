/**
 * How the tests run this plugin: as plakar does, `main.ts` with the
 * connector kind as argument, under the Deno running the tests (with the
 * configuration of the `kit` task, which `deno task test` runs through).
 *
 * @module
 */
import type { ConnectorKind } from "@plakar/kit";
import { kitConfigFlags } from "@plakar/kit/testing";

/** The protocol of this plugin's locations (`<protocol>:///path`). */
export const PROTOCOL = "example";

/** The command and arguments serving the connector of `kind`. */
export function pluginCommand(kind: ConnectorKind) {
  return {
    command: Deno.execPath(),
    args: [
      "run",
      "-A",
      ...kitConfigFlags(),
      new URL("./main.ts", import.meta.url).pathname,
      kind,
    ],
    cwd: new URL(".", import.meta.url).pathname,
  };
}
