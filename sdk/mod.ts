/**
 * The Plakar TypeScript plugin kit: write importers, exporters and storages
 * for plakar in TypeScript and serve them over plakar's plugin protocol.
 *
 * @module
 */
import "./_transport/stdout_guard.ts";

export {
  type ConnectorKind,
  type Connectors,
  run,
  runExporter,
  runImporter,
  runStorage,
} from "./run.ts";
export * from "./storage/mod.ts";
export * from "./importer/mod.ts";
export * from "./exporter/mod.ts";
export type { FileInfo, FileInfoInit } from "./file_info.ts";
export * from "./guide/mod.ts";
export * from "./config/mod.ts";
export { type Logger, logger, type LogLevel } from "./log.ts";
export {
  type Awaitable,
  type ConnectorInfo,
  type ConnectorInit,
  LocationFlags,
} from "./connector.ts";
export { errorMessage, PluginError } from "./errors.ts";
export type { ServiceHandlers } from "./_transport/service.ts";
export {
  type ByteSource,
  chunks,
  MAX_CHUNK,
  toReadableStream,
} from "./chunk.ts";
export {
  checkMac,
  hexToMac,
  type Mac,
  MAC_SIZE,
  macToHex,
} from "./storage/mac.ts";
export { type Resource, RESOURCES } from "./storage/resource.ts";
export {
  type EntryKind,
  FileMode,
  fromPosixMode,
  goMode,
  isRegular,
  kindOf,
  toPosixPermissions,
} from "./mode.ts";
