/**
 * Importer connectors (backup sources): the interface to implement and the
 * gRPC service that serves it to plakar.
 *
 * @module
 */
export type {
  Ack,
  ContentOpener,
  HostOptions,
  Importer,
  ImporterFactory,
  ImporterInit,
  ScanEntry,
  ScanFailure,
  ScanItem,
  ScanXattr,
  XattrKind,
} from "./types.ts";
export { importerService } from "./_service.ts";
