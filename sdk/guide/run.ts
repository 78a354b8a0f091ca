/**
 * The entry points a guide-style plugin's main module calls, as the guide's
 * `sdk.RunImporter(NewImporter)`, `sdk.RunExporter(NewExporter)` and
 * `sdk.RunStorage(NewStore)`.
 *
 * @module
 */
import { runExporter, runImporter, runStorage } from "../run.ts";
import { fromGuideExporter, type GuideExporterFactory } from "./exporter.ts";
import { fromGuideImporter, type GuideImporterFactory } from "./importer.ts";
import { fromGuideStore, type GuideStoreFactory } from "./store.ts";

/**
 * Serves an importer written to the guide's interface to plakar on
 * stdin/stdout until stdin ends, then exits 0.
 */
export function runGuideImporter(
  factory: GuideImporterFactory,
): Promise<never> {
  return runImporter(fromGuideImporter(factory));
}

/**
 * Serves an exporter written to the guide's interface to plakar on
 * stdin/stdout until stdin ends, then exits 0.
 */
export function runGuideExporter(
  factory: GuideExporterFactory,
): Promise<never> {
  return runExporter(fromGuideExporter(factory));
}

/**
 * Serves a store written to the guide's interface to plakar on stdin/stdout
 * until stdin ends, then exits 0.
 */
export function runGuideStore(factory: GuideStoreFactory): Promise<never> {
  return runStorage(fromGuideStore(factory));
}
