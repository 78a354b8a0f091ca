/**
 * Testing tools for plugin authors: a host that spawns a plugin and drives
 * it exactly as plakar v1.1 does, watching that stdout carries HTTP/2 frames
 * only, and the protocol conformance suite built on it, which reports every
 * violation as a named check.
 *
 * @example Check that a storage plugin conforms
 * ```ts
 * const report = await checkStorage({
 *   command: "./my-plugin",
 *   args: ["storage"],
 *   config: { location: "myproto:///tmp/fresh-repo" },
 * });
 * assertConformance(report);
 * ```
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
} from "./host/spawn.ts";
export { CallError, type CallOptions, deadline } from "./host/calls.ts";
export {
  type ConnectorAnswer,
  hostOptions,
  type InitConfig,
  type LifecycleCalls,
} from "./host/lifecycle.ts";
export {
  type ImporterClient,
  type ImportOptions,
  type ImportOutcome,
  type RecordHandler,
} from "./host/importer.ts";
export {
  type ExporterClient,
  type ExportItem,
  type ExportOptions,
  type ExportOutcome,
} from "./host/exporter.ts";
export { type StorageClient } from "./host/storage.ts";
export type {
  WireFileInfo,
  WireRecord,
  WireRecordInit,
  WireResult,
  WireTimestamp,
} from "./host/records.ts";
export { type FrameWatcher, frameWatcher, printable } from "./host/frames.ts";
export {
  assertConformance,
  type CheckResult,
  failures,
  formatReport,
  passed,
  type Report,
} from "./conformance/report.ts";
export {
  type ConformanceOptions,
  type Timeouts,
} from "./conformance/session.ts";
export {
  checkStorage,
  type StorageConformance,
} from "./conformance/storage.ts";
export {
  checkImporter,
  type ImporterConformance,
} from "./conformance/importer.ts";
export {
  checkExporter,
  type ExporterConformance,
} from "./conformance/exporter.ts";
export {
  type SyntheticEntry,
  syntheticTree,
  verifyLocalTree,
} from "./conformance/tree.ts";
export { patternBytes, patternPieces } from "./conformance/content.ts";
export { KIT_CONFIG_VARIABLE, kitConfigFlags } from "./host/kit_config.ts";
