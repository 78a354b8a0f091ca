/**
 * `plakar.connectors.Record` → export entries.
 *
 * @module
 */
import type { Record as WireRecord } from "../../proto/gen/connectors_pb.ts";
import { fileInfoFromWire } from "../_connector/file_info_wire.ts";
import { xattrKindFromWire } from "../_connector/xattr_wire.ts";
import { kindOf } from "../mode.ts";
import type { ExportEntry } from "./types.ts";

/** The entry handed to an exporter for a record the host sent. */
export function entryFromRecord(
  record: WireRecord,
  content?: ReadableStream<Uint8Array>,
): ExportEntry {
  const info = fileInfoFromWire(record.fileInfo);
  const entry: ExportEntry = {
    pathname: record.pathname,
    kind: kindOf(info.mode),
    info,
    xattrs: [...record.extendedAttributes],
  };
  if (record.target) entry.target = record.target;
  if (record.isXattr) {
    entry.xattr = {
      name: record.xattrName,
      kind: xattrKindFromWire(record.xattrType),
    };
  }
  if (content) entry.content = content;
  return entry;
}
