/**
 * Connectors written to the interfaces of the original plakar plugin guide
 * (Importer/Scan, Exporter/StoreFile, Store/GetStates…), served on today's
 * v1.1 protocol through adapters onto the SDK's interfaces. Port a guide
 * plugin method for method, then call `runGuideImporter`, `runGuideExporter`
 * or `runGuideStore` from its main module, as the guide's `sdk.RunImporter`.
 *
 * How Go spellings translate: methods are camelCase and may return a
 * promise; `error` is a thrown Error; `io.Reader` is a
 * `ReadableStream<Uint8Array>`; the scan channel is an async iterable (an
 * `async *scan()` generator); `objects.MAC` is 32 raw bytes; int64/uint64
 * are bigint; `objects.FileInfo` is the SDK's `FileInfo` (`FileInfoInit` when
 * the connector builds one); the constructor's `(ctx, opts, name, config)`
 * is one `init` object. The one addition to the guide is the optional
 * exporter method `createSymlink(target, pathname)`.
 *
 * @module
 */
export {
  fromGuideStore,
  type GuideStore,
  type GuideStoreFactory,
} from "./store.ts";
export {
  fromGuideImporter,
  type GuideImporter,
  type GuideImporterFactory,
  type GuideScanError,
  type GuideScanRecord,
  type GuideScanResult,
} from "./importer.ts";
export {
  fromGuideExporter,
  type GuideExporter,
  type GuideExporterFactory,
} from "./exporter.ts";
export { runGuideExporter, runGuideImporter, runGuideStore } from "./run.ts";
