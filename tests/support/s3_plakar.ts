/**
 * Real plakar with the s3ts plugin installed (a development package of
 * connectors/s3, as `make dev` builds it), and a real S3 server to point it
 * at: the stores, sources and destinations the end-to-end tests name.
 *
 * @module
 */
import { join } from "node:path";
import { packageDev } from "../../packaging/pipeline.ts";
import { loadProject } from "../../packaging/project.ts";
import {
  plakarBinary,
  type PlakarHome,
  plakarHome,
} from "../../toolchain/plakar.ts";
import { type S3Server, startVersitygw } from "../../toolchain/versitygw.ts";

const MANIFEST =
  new URL("../../connectors/s3/plugin.yaml", import.meta.url).pathname;

/** What the command line of every s3ts plugin process holds. */
export const S3TS_PROCESS = "/s3ts.js";

/** A plakar home with s3ts installed, and a running versitygw. */
export interface S3Setup extends AsyncDisposable {
  home: PlakarHome;
  s3: S3Server;
  /** The plugin's log file (info level). */
  logFile: string;
  /**
   * `key=value` arguments of `plakar store|source|destination add` for
   * `s3ts://<host>/<path>`; `host` defaults to the server's.
   */
  args(path: string, options?: Record<string, string>, host?: string): string[];
}

/**
 * Starts versitygw (over TLS with `tls`) and a plakar home with the s3ts
 * plugin installed.
 */
export async function s3Setup(
  options: { tls?: boolean } = {},
): Promise<S3Setup> {
  const s3 = await startVersitygw(options);
  const home = await plakarHome();
  const logFile = join(home.dir, "plugin.log");
  home.env.PLAKAR_PLUGIN_LOG = "info";
  home.env.PLAKAR_PLUGIN_LOG_FILE = logFile;
  try {
    const ptar = await packageDev(
      await loadProject(MANIFEST, join(home.dir, "dist")),
      { binary: await plakarBinary(), env: home.env },
    );
    await home.install(ptar);
  } catch (error) {
    await home.dispose();
    await s3.dispose();
    throw error;
  }
  const dispose = async () => {
    await home.dispose();
    await s3.dispose();
  };
  return {
    home,
    s3,
    logFile,
    args: (path, options = {}, host = s3.host) => [
      `s3ts://${host}/${path}`,
      ...Object.entries({ ...s3.options, ...options }).map(([k, v]) =>
        `${k}=${v}`
      ),
    ],
    [Symbol.asyncDispose]: dispose,
  };
}

/** Runs `plakar <kind> add <name> <args…>`, e.g. kind "store". */
export async function addConfig(
  home: PlakarHome,
  kind: "store" | "source" | "destination",
  name: string,
  args: string[],
): Promise<void> {
  await home.run([kind, "add", name, ...args]);
}
