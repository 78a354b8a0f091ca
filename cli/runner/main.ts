/**
 * The local runner: drives a plugin's connector from the shell, without
 * plakar, through the same host as the conformance suite.
 *
 *     deno task runner scan myproto:///some/dir
 *     deno task runner restore myproto:///tmp/out --from ./some/dir
 *     deno task runner store myproto:///tmp/repo create|ls|put|get|rm …
 *
 * The plugin is the connector of `Manifest.yaml` (in the working folder)
 * serving the location's protocol, or the main module given with
 * `--plugin`. `-o key=value` adds an option to `Init`.
 *
 * @module
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeExit } from "../../sdk/testing/host/spawn.ts";
import type { InitConfig } from "../../sdk/testing/host/lifecycle.ts";
import { errorMessage } from "../../sdk/errors.ts";
import type { ConnectorKind } from "../../sdk/kinds.ts";
import { startPlugin } from "./plugin.ts";
import { restore } from "./restore.ts";
import { scan } from "./scan.ts";
import { store, STORE_USAGE, UsageError } from "./store.ts";

const USAGE = [
  "usage: runner [--plugin MAIN] [--manifest Manifest.yaml] [-o KEY=VALUE]… COMMAND LOCATION …",
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
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      plugin: { type: "string" },
      manifest: { type: "string", default: "Manifest.yaml" },
      option: { type: "string", short: "o", multiple: true, default: [] },
      from: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, location, ...rest] = positionals;
  if (values.help || !command || !location || !KIND[command]) {
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
      manifest: values.manifest,
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

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    if (error instanceof UsageError || error instanceof TypeError) {
      if (error.message) console.error(error.message);
      console.error(USAGE);
      Deno.exit(2);
    }
    console.error(`error: ${errorMessage(error)}`);
    Deno.exit(1);
  }
}
