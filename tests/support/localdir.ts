/**
 * The localdir reference plugin installed into a test plakar home, serving
 * all three kinds (`localdir://` importer, exporter and storage) from one
 * executable, with its log at info level in a file.
 *
 * @module
 */
import { join } from "node:path";
import { devPackage } from "../../build/dev_package.ts";
import { plakarBinary, type PlakarHome } from "./plakar.ts";

const ENTRY =
  new URL("../../connectors/localdir/main.ts", import.meta.url).pathname;

/**
 * What the command line of every plugin process holds: a development
 * package runs its bundled program, `<name>.js`.
 */
export const LOCALDIR_PROCESS = "/localdir.js";

/** Packages and installs the plugin; returns the path of its log file. */
export async function installLocaldir(home: PlakarHome): Promise<string> {
  const logFile = join(home.dir, "plugin.log");
  home.env.PLAKAR_PLUGIN_LOG = "info";
  home.env.PLAKAR_PLUGIN_LOG_FILE = logFile;
  const ptar = await devPackage({
    name: "localdir",
    version: "v0.1.0",
    entry: ENTRY,
    connectors: (["importer", "exporter", "storage"] as const).map((type) => ({
      type,
      protocols: ["localdir"],
      locationFlags: ["localfs"],
      args: [type],
    })),
    outDir: home.dir,
    plakar: { binary: await plakarBinary(), env: home.env },
  });
  await home.install(ptar);
  return logFile;
}
