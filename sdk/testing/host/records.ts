/**
 * The records the host exchanges with importers and exporters, as plain
 * objects: the fields of `plakar.connectors.Record`, `FileInfo` and
 * `Result` (proto/v1.1/connectors.proto) without the protobuf runtime's
 * message types, so a test reads and builds them as ordinary data.
 *
 * @module
 */
import type { FileInfo } from "../../file_info.ts";

/** A `google.protobuf.Timestamp`: seconds since 1970 and nanoseconds. */
export interface WireTimestamp {
  /** Whole seconds since 1970-01-01 UTC; Go's zero time is -62135596800. */
  seconds: bigint;
  /** Nanoseconds within the second, 0 … 999 999 999. */
  nanos: number;
}

/**
 * The metadata of one entry as it travels on the wire: the SDK's
 * {@link FileInfo} with the modification time as a protobuf timestamp
 * (absent or Go's zero time when unknown).
 */
export interface WireFileInfo extends Omit<FileInfo, "modTime"> {
  /** The modification time; absent or Go's zero time when unknown. */
  modTime?: WireTimestamp;
}

/** One entry of a scan or a restore, as it travels on the wire. */
export interface WireRecord {
  /** True when the entry has content, read with `Open` (importer) or sent after the record (exporter). */
  hasReader: boolean;
  /** The absolute path of the entry inside the snapshot. */
  pathname: string;
  /** Why the entry could not be read; empty when it could. */
  error: string;
  /** True when the record is an extended attribute of `pathname`. */
  isXattr: boolean;
  /** The extended attribute's name, when `isXattr`. */
  xattrName: string;
  /**
   * kloset's numbering of the extended attribute's kind: 0 ordinary
   * extended attribute, 1 NTFS alternate data stream, 2 custom.
   */
  xattrType: number;
  /** A symlink's target; empty otherwise. */
  target: string;
  /** The entry's metadata. */
  fileInfo?: WireFileInfo;
  /** The names of the entry's extended attributes. */
  extendedAttributes: string[];
  /** Platform file attributes. */
  fileAttributes: number;
}

/**
 * A record for the host to send to an exporter: every field may be left
 * out and then takes its zero value, as in protobuf.
 */
export type WireRecordInit =
  & Partial<Omit<WireRecord, "fileInfo">>
  & { fileInfo?: Partial<WireFileInfo> };

/** The outcome of handling one record, as the plugin answers it. */
export interface WireResult {
  /** The record the result is about. */
  header?: WireRecord;
  /** The error restoring it; empty on success. */
  error: string;
}
