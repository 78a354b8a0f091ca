/**
 * The Plakar TypeScript plugin kit: write importers, exporters and storages
 * for plakar in TypeScript and serve them over plakar's plugin protocol.
 *
 * This is the core a plugin's code is written against. The test host and
 * the conformance suite are `@plakar/kit/testing`; the adapters for plugins
 * written to the original plugin guide are `@plakar/kit/guide`.
 *
 * @example A plugin serving one importer
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
 * if (import.meta.main) await run({ importer });
 * ```
 *
 * @module
 */
import "./_transport/stdout_guard.ts";

export {
  type Connectors,
  run,
  runExporter,
  runImporter,
  runStorage,
} from "./run.ts";
export type { ConnectorKind } from "./kinds.ts";
export { errorMessage, PluginError } from "./errors.ts";
export { type Logger, logger, type LogLevel } from "./log.ts";
export {
  type Awaitable,
  type ConnectorInfo,
  type ConnectorInit,
  type HostOptions,
  LocationFlags,
  type XattrKind,
} from "./connector.ts";
export type { FileInfo, FileInfoInit } from "./file_info.ts";
export {
  type ByteRange,
  type Storage,
  type StorageFactory,
  type StorageHint,
  StorageMode,
} from "./storage/types.ts";
export { hexToMac, type Mac, macToHex } from "./storage/mac.ts";
export type { Resource } from "./storage/resource.ts";
export type {
  Ack,
  ContentOpener,
  Importer,
  ImporterFactory,
  ImporterInit,
  ScanEntry,
  ScanFailure,
  ScanItem,
  ScanXattr,
} from "./importer/types.ts";
export type {
  ExportEntry,
  Exporter,
  ExporterFactory,
  ExporterInit,
} from "./exporter/types.ts";
export type { OptionsOf, OptionSpec, OptionsSpec } from "./config/options.ts";
export { parseOptions } from "./config/parse.ts";
export { type ByteSource, MAX_CHUNK } from "./chunk.ts";
export { readChunks } from "./_chunks.ts";
export {
  type EntryKind,
  FileMode,
  fromPosixMode,
  goMode,
  isRegular,
  kindOf,
  toPosixPermissions,
} from "./mode.ts";
