/**
 * Scan items and export entries ↔ `plakar.connectors.Record`.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import {
  ExtendedAttributeType,
  type Record as WireRecord,
  RecordSchema,
} from "../../proto/gen/connectors_pb.ts";
import type { ExportEntry } from "../exporter/types.ts";
import type { ScanItem, XattrKind } from "./types.ts";
import { errorMessage, PluginError } from "../errors.ts";
import { isRegular, kindOf } from "../mode.ts";
import { fileInfoFromWire, fileInfoToWire } from "../_connector/file_info_wire.ts";

// kloset numbers attribute kinds itself, whatever the enum's names say.
const XATTR_TYPES: Record<XattrKind, ExtendedAttributeType> = {
  extended: 0,
  ads: 1,
  custom: 2,
};

/** The wire number of an attribute kind (0 extended, 1 ADS, 2 custom). */
export function xattrKindToWire(kind: XattrKind = "extended"): number {
  return XATTR_TYPES[kind];
}

/** The attribute kind of a wire number; unknown numbers read as "extended". */
export function xattrKindFromWire(type: number): XattrKind {
  return type === 1 ? "ads" : type === 2 ? "custom" : "extended";
}

function checkPathname(pathname: unknown): string {
  if (typeof pathname !== "string" || !pathname.startsWith("/")) {
    throw new PluginError(
      `the scan yielded the pathname ${
        JSON.stringify(pathname)
      }: pathnames must be absolute and /-separated`,
    );
  }
  return pathname;
}

/**
 * The record announcing one scan item. `hasReader` is set for regular files
 * that give content and for attributes; content of anything else is ignored
 * (the host would never open it).
 */
export function recordFromScanItem(item: ScanItem): WireRecord {
  const pathname = checkPathname(item.pathname);
  if ("error" in item) {
    return create(RecordSchema, {
      pathname,
      error: errorMessage(item.error) || "unknown error",
    });
  }
  if ("xattr" in item) {
    return create(RecordSchema, {
      pathname,
      hasReader: true,
      isXattr: true,
      xattrName: item.xattr.name,
      xattrType: xattrKindToWire(item.xattr.kind),
    });
  }
  if (!item.info) {
    throw new PluginError(
      `the scan yielded ${pathname} without info: every entry needs at least a name and a mode`,
    );
  }
  return create(RecordSchema, {
    pathname,
    hasReader: item.content !== undefined && isRegular(item.info.mode),
    target: item.target ?? "",
    fileInfo: fileInfoToWire(item.info),
    extendedAttributes: item.xattrs ?? [],
    fileAttributes: (item.fileAttributes ?? 0) >>> 0,
  });
}

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
