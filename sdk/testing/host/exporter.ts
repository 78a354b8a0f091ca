/**
 * The host's `plakar.exporter.Exporter` client: `Init` and the `Export`
 * stream, driven as plakar v1.1 drives them.
 *
 * @module
 */
import type { ByteSource } from "../../chunk.ts";
import type { CallOptions } from "./calls.ts";
import type { LifecycleCalls } from "./lifecycle.ts";
import type { WireRecordInit, WireResult } from "./records.ts";

/** One entry to restore: its record and, when `hasReader`, its content. */
export interface ExportItem {
  /** The record, fileInfo included, exactly as it goes on the wire. */
  record: WireRecordInit;
  /** The content; sent in chunks of at most 1 MiB, then an empty chunk. */
  content?: ByteSource;
}

/** Options of {@link ExporterClient.export}. */
export interface ExportOptions extends CallOptions {
  /** Called with each result as it arrives. */
  onResult?: (result: WireResult) => void;
}

/** How an `Export` call went, when it ended with status OK. */
export interface ExportOutcome {
  /** Records sent. */
  sent: number;
  /** Results received. */
  results: number;
  /** Protocol violations seen on the stream, for people. */
  problems: string[];
}

/** The host's view of an exporter plugin. */
export interface ExporterClient extends LifecycleCalls {
  /**
   * Runs a whole `Export`: sends every item (record, content chunks, empty
   * end-of-file chunk) with back-pressure, half-closes, and waits for the
   * call to end. Rejects with a {@link CallError} on an error status.
   */
  export(
    items: AsyncIterable<ExportItem> | Iterable<ExportItem>,
    options?: ExportOptions,
  ): Promise<ExportOutcome>;
}
