/**
 * Exporter connectors (restore targets): the interface to implement and the
 * gRPC service that serves it to plakar.
 *
 * @module
 */
export type {
  ExportEntry,
  Exporter,
  ExporterFactory,
  ExporterInit,
} from "./types.ts";
export { exporterService } from "./_service.ts";
