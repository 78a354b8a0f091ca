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
 *
 * @example A guide exporter ported method for method
 * ```ts
 * import { type FileInfo, toPosixPermissions } from "@plakar/kit";
 * import { type GuideExporter, runGuideExporter } from "@plakar/kit/guide";
 * import { join } from "node:path";
 *
 * class MyExporter implements GuideExporter {
 *   constructor(private dir: string) {}
 *   root() {
 *     return this.dir;
 *   }
 *   createDirectory(p: string) {
 *     return Deno.mkdir(join(this.dir, p), { recursive: true });
 *   }
 *   async storeFile(p: string, fp: ReadableStream<Uint8Array>, _size: bigint) {
 *     await fp.pipeTo((await Deno.create(join(this.dir, p))).writable);
 *   }
 *   setPermissions(p: string, fi: FileInfo) {
 *     return Deno.chmod(join(this.dir, p), toPosixPermissions(fi.mode));
 *   }
 *   close() {}
 * }
 *
 * await runGuideExporter((init) =>
 *   new MyExporter(init.config.location.replace(`${init.proto}://`, ""))
 * );
 * ```
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
