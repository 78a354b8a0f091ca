/**
 * Scan items → `plakar.connectors.Record`.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import {
  type Record as WireRecord,
  RecordSchema,
} from "../../proto/gen/connectors_pb.ts";
import type { ScanItem } from "./types.ts";
import { errorMessage, PluginError } from "../errors.ts";
import { isRegular } from "../mode.ts";
import { fileInfoToWire } from "../_connector/file_info_wire.ts";
import { xattrKindToWire } from "../_connector/xattr_wire.ts";

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
