/**
 * The entry points a plugin's main module calls.
 *
 * @module
 */
import "./_transport/stdout_guard.ts";
import type { DescService } from "@bufbuild/protobuf";
import { Exporter } from "../proto/gen/exporter_pb.ts";
import { Importer } from "../proto/gen/importer_pb.ts";
import { Store } from "../proto/gen/store_pb.ts";
import { exporterService } from "./exporter/_service.ts";
import type { ExporterFactory } from "./exporter/types.ts";
import { importerService } from "./importer/_service.ts";
import type { ImporterFactory } from "./importer/types.ts";
import { CONNECTOR_KINDS } from "./_kinds.ts";
import { logger } from "./log.ts";
import { peakRss } from "./_peak_rss.ts";
import { serveStdio } from "./_transport/serve.ts";
import { type ServiceHandlers, serviceMethods } from "./_transport/service.ts";
import { storageService } from "./storage/_service.ts";
import type { StorageFactory } from "./storage/types.ts";

const log = logger("plugin");

function serve(
  service: DescService,
  implementation: {
    handlers: ServiceHandlers;
    shutdown(): Promise<void>;
  },
): Promise<never> {
  return serveStdio({
    methods: serviceMethods(service, implementation.handlers),
    onEnd: async () => {
      try {
        await implementation.shutdown();
      } finally {
        const peak = peakRss();
        if (peak) {
          log.info(
            `${service.typeName}: peak RSS ${(peak / 2 ** 20).toFixed(1)} MiB`,
          );
        }
      }
    },
  });
}

/**
 * Serves a storage connector to plakar on stdin/stdout until stdin ends,
 * then exits 0. Call it once from the plugin's main module.
 */
export function runStorage(factory: StorageFactory): Promise<never> {
  return serve(Store, storageService(factory));
}

/**
 * Serves an importer connector to plakar on stdin/stdout until stdin ends,
 * then exits 0. Call it once from the plugin's main module.
 */
export function runImporter(factory: ImporterFactory): Promise<never> {
  return serve(Importer, importerService(factory));
}

/**
 * Serves an exporter connector to plakar on stdin/stdout until stdin ends,
 * then exits 0. Call it once from the plugin's main module.
 */
export function runExporter(factory: ExporterFactory): Promise<never> {
  return serve(Exporter, exporterService(factory));
}

/** The connectors one plugin executable may serve, by kind. */
export interface Connectors {
  /** Serves `importer` (backup source). */
  importer?: ImporterFactory;
  /** Serves `exporter` (restore target). */
  exporter?: ExporterFactory;
  /** Serves `storage` (repository backend). */
  storage?: StorageFactory;
}

/**
 * Serves the connector named by the first command-line argument
 * (`importer`, `exporter` or `storage`, from the manifest's `args`), so one
 * executable serves every kind. Without an argument it serves the only
 * connector given. Otherwise it prints the usage on stderr and exits 2.
 *
 * @example A plugin serving an importer
 * ```ts
 * import { goMode, type ImporterFactory, run } from "@plakar/kit";
 *
 * const importer: ImporterFactory = (init) => ({
 *   origin: "localhost",
 *   type: init.proto,
 *   root: "/",
 *   async *scan() {
 *     yield { pathname: "/", info: { name: "/", mode: goMode("dir", 0o755) } };
 *   },
 * });
 *
 * // `run({ importer, exporter, storage })` serves the kind the manifest's
 * // `args` name (importer, exporter or storage).
 * await run({ importer });
 * ```
 */
export function run(connectors: Connectors): Promise<never> {
  const offered = CONNECTOR_KINDS.filter((kind) => connectors[kind]);
  const wanted = Deno.args[0] ??
    (offered.length === 1 ? offered[0] : undefined);
  if (wanted === "importer" && connectors.importer) {
    return runImporter(connectors.importer);
  }
  if (wanted === "exporter" && connectors.exporter) {
    return runExporter(connectors.exporter);
  }
  if (wanted === "storage" && connectors.storage) {
    return runStorage(connectors.storage);
  }
  const serves = offered.length ? offered.join(", ") : "nothing";
  const problem = offered.length === 0
    ? "run() was given no connector"
    : wanted === undefined
    ? "which connector should this plugin serve?"
    : `this plugin has no connector "${wanted}"`;
  Deno.stderr.writeSync(
    new TextEncoder().encode(
      `${problem}\nusage: <plugin> ${
        offered.join("|") || CONNECTOR_KINDS.join("|")
      }  (the manifest's "args" give the kind; this plugin serves ${serves})\n`,
    ),
  );
  Deno.exit(2);
}
