/**
 * The local runner: drives a plugin's connector from the shell, without
 * plakar, through the same host as the conformance suite.
 *
 *     deno task runner scan myproto:///some/dir
 *     deno task runner restore myproto:///tmp/out --from ./some/dir
 *     deno task runner store myproto:///tmp/repo create|ls|put|get|rm …
 *
 * The plugin is the connector of the source manifest (`plugin.yaml`, in the
 * working folder)
 * serving the location's protocol, or the main module given with
 * `--plugin`. `-o key=value` adds an option to `Init`.
 *
 * @module
 */
import { resolve } from "node:path";
import { describeExit } from "../../sdk/testing/host/spawn.ts";
import type { InitConfig } from "../../sdk/testing/host/lifecycle.ts";
import type { ConnectorKind } from "../../sdk/kinds.ts";
import { findSourceManifest } from "../../packaging/manifest.ts";
import { startPlugin } from "./plugin.ts";
import { restore } from "./restore.ts";
import { scan } from "./scan.ts";
import { store, STORE_USAGE } from "./store.ts";
import { parseCommandLine, runProgram, UsageError } from "../command_line.ts";

const USAGE = [
  "usage: runner [--plugin MAIN] [--manifest plugin.yaml] [-o KEY=VALUE]… COMMAND LOCATION …",
  "  scan LOCATION                  print the records an importer sends",
  "  restore LOCATION --from DIR    feed a folder to an exporter",
  `  store LOCATION ${STORE_USAGE}`,
].join("\n");

const KIND: Record<string, ConnectorKind> = {
  scan: "importer",
  restore: "exporter",
  store: "storage",
};

/** Runs the command line `argv`; resolves to the exit code. */
export async function main(argv: string[]): Promise<number | "help"> {
  const { values, positionals } = parseCommandLine(argv, {
    plugin: { type: "string" },
    manifest: { type: "string" },
    option: { type: "string", short: "o", multiple: true, default: [] },
    from: { type: "string" },
  });
  if (values.help) return "help";
  const [command, location, ...rest] = positionals;
  if (!command || !location || !KIND[command]) {
    throw new UsageError(
      command && !KIND[command] ? `unknown command "${command}"` : "",
    );
  }
  if (command === "restore" && !values.from) {
    throw new UsageError("restore needs --from DIR");
  }
  const config: InitConfig = { location };
  for (const option of values.option) {
    const eq = option.indexOf("=");
    if (eq < 1) throw new UsageError(`-o wants KEY=VALUE, got "${option}"`);
    config[option.slice(0, eq)] = option.slice(eq + 1);
  }

  // `deno task runner` runs in the plugin's folder; paths the user typed are
  // relative to where they typed them (INIT_CWD).
  const typed = (path: string) =>
    resolve(Deno.env.get("INIT_CWD") ?? Deno.cwd(), path);
  const plugin = await startPlugin(
    {
      manifest: values.manifest ??
        (values.plugin ? "" : await findSourceManifest(Deno.cwd())),
      plugin: values.plugin && typed(values.plugin),
    },
    KIND[command],
    location,
  );
  const print = (line: string) => console.log(line);
  let failed = false;
  try {
    if (command === "scan") {
      failed = (await scan(plugin, config, print)).errors > 0;
    } else if (command === "restore") {
      failed =
        (await restore(plugin, config, typed(values.from!), print)).errors > 0;
    } else {
      await store(plugin, config, rest, { print, bytes: Deno.stdout.writable });
    }
  } finally {
    const end = await plugin.shutdown();
    if (end.killed || end.code !== 0) {
      console.error(
        end.killed
          ? "the plugin did not exit once its stdin closed: killed"
          : `the plugin exited with ${describeExit(end)}`,
      );
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

if (import.meta.main) await runProgram(USAGE, () => main(Deno.args));
