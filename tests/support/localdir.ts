/**
 * The localdir reference plugin installed into a test plakar home, serving
 * all three kinds (`localdir://` importer, exporter and storage) from one
 * executable, with its log at info level in a file.
 *
 * @module
 */
import { join } from "node:path";
import { packageDev } from "../../packaging/pipeline.ts";
import { loadProject } from "../../packaging/project.ts";
import { plakarBinary, type PlakarHome } from "../../toolchain/plakar.ts";

const MANIFEST = new URL("../../Manifest.yaml", import.meta.url).pathname;

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
  // The plugin's own Manifest.yaml, packaged as `make dev` does.
  const ptar = await packageDev(
    await loadProject(MANIFEST, join(home.dir, "dist")),
    { binary: await plakarBinary(), env: home.env },
  );
  await home.install(ptar);
  return logFile;
}
