/**
 * The host's `importer.Importer` client: `Init`, the acknowledged `Import`
 * stream and `Open`, driven as plakar v1.1 drives them.
 *
 * @module
 */
import type { CallOptions } from "./calls.ts";
import type { LifecycleCalls } from "./lifecycle.ts";
import type { WireRecord } from "./records.ts";

/**
 * Handles one record and returns the error to acknowledge it with, if any.
 * The host acknowledges the record once this settles, as plakar does once
 * it has backed the entry up (content included).
 */
export type RecordHandler = (
  record: WireRecord,
) => Promise<string | undefined> | string | undefined;

/** Options of {@link ImporterClient.import}. */
export interface ImportOptions extends CallOptions {
  /**
   * Records being handled at once; beyond this the host stops reading and
   * HTTP/2 flow control holds the plugin back. 64 by default.
   */
  window?: number;
}

/** How an `Import` call went, when it ended with status OK. */
export interface ImportOutcome {
  /** Records received (and acknowledged) before `finished`. */
  records: number;
  /** How many `finished` messages arrived: exactly one is right. */
  finished: number;
  /** Protocol violations seen on the stream, for people. */
  problems: string[];
}

/** The host's view of an importer plugin. */
export interface ImporterClient extends LifecycleCalls {
  /**
   * Runs a whole `Import`: every record goes to `handle` and is acknowledged
   * with its header once handled; the host half-closes after `finished` and
   * the last acknowledgement. Rejects with a {@link CallError} when the call
   * ends with an error status.
   */
  import(
    handle: RecordHandler,
    options?: ImportOptions,
  ): Promise<ImportOutcome>;
  /**
   * Streams the content of a record with `hasReader`, chunk by chunk as the
   * plugin sent them. Leaving the loop early cancels the call.
   */
  open(record: WireRecord, call?: CallOptions): AsyncGenerator<Uint8Array>;
}
