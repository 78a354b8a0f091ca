/**
 * A plugin host for tests and tools: spawns a plugin executable and drives
 * it over its stdin/stdout exactly as plakar v1.1 does, watching that
 * stdout carries HTTP/2 frames only.
 *
 * @module
 */
export {
  describeExit,
  type ExitStatus,
  PLAKAR_START_TIMEOUT,
  type PluginProcess,
  type Shutdown,
  type SpawnOptions,
  spawnPlugin,
} from "./spawn.ts";
export { CallError, type CallOptions, deadline } from "./calls.ts";
export { hostOptions, type InitConfig } from "./lifecycle.ts";
export {
  type ConnectorAnswer,
  type ImporterClient,
  type ImportOptions,
  type ImportOutcome,
  type RecordHandler,
} from "./importer.ts";
export {
  type ExporterClient,
  type ExportItem,
  type ExportOptions,
  type ExportOutcome,
} from "./exporter.ts";
export { type StorageClient } from "./storage.ts";
export { type FrameWatcher, frameWatcher, printable } from "./frames.ts";
