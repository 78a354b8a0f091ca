/**
 * The protocol conformance suite: spawns a plugin, drives it as plakar
 * v1.1 does, and reports every violation as a named check.
 *
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
  assertConformance,
  type CheckResult,
  failures,
  formatReport,
  passed,
  type Report,
} from "./report.ts";
export { type ConformanceOptions, type Timeouts } from "./session.ts";
export type { InitConfig } from "../host/lifecycle.ts";
export { checkStorage, type StorageConformance } from "./storage.ts";
export { checkImporter, type ImporterConformance } from "./importer.ts";
export { checkExporter, type ExporterConformance } from "./exporter.ts";
export { type SyntheticEntry, syntheticTree, verifyLocalTree } from "./tree.ts";
export { patternBytes, patternPieces } from "./content.ts";
