/**
 * `FileInfo` ↔ `plakar.connectors.FileInfo`: 64-bit fields stay bigint end
 * to end, times go through the wire's Timestamp.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import {
  type FileInfo as WireFileInfo,
  FileInfoSchema,
} from "../../proto/gen/connectors_pb.ts";
import { PluginError } from "../errors.ts";
import { dateFromTimestamp, timestampFromDate } from "./time.ts";
import type { FileInfo, FileInfoInit } from "../file_info.ts";

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** A 64-bit field as bigint, refusing what the wire cannot carry. */
function int64(
  field: string,
  value: bigint | number | undefined,
  signed: boolean,
): bigint {
  if (value === undefined) return 0n;
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new PluginError(
      `fileInfo.${field} must be an integer (a bigint above 2^53), got ${value}`,
    );
  }
  const big = BigInt(value);
  const [min, max] = signed ? [INT64_MIN, INT64_MAX] : [0n, UINT64_MAX];
  if (big < min || big > max) {
    throw new PluginError(
      `fileInfo.${field} is out of range for ${
        signed ? "a signed" : "an unsigned"
      } 64-bit integer: ${big}`,
    );
  }
  return big;
}

/** The wire form of an entry's metadata; absent fields become zero/empty. */
export function fileInfoToWire(info: FileInfoInit): WireFileInfo {
  return create(FileInfoSchema, {
    name: info.name,
    size: int64("size", info.size, true),
    mode: info.mode >>> 0,
    modTime: timestampFromDate(info.modTime),
    dev: int64("dev", info.dev, false),
    ino: int64("ino", info.ino, false),
    uid: int64("uid", info.uid, false),
    gid: int64("gid", info.gid, false),
    nlink: (info.nlink ?? 0) >>> 0,
    username: info.username ?? "",
    groupname: info.groupname ?? "",
    flags: (info.flags ?? 0) >>> 0,
  });
}

/** The metadata the host sent; an absent message reads as all zero. */
export function fileInfoFromWire(wire: WireFileInfo | undefined): FileInfo {
  return {
    name: wire?.name ?? "",
    size: wire?.size ?? 0n,
    mode: wire?.mode ?? 0,
    modTime: dateFromTimestamp(wire?.modTime),
    dev: wire?.dev ?? 0n,
    ino: wire?.ino ?? 0n,
    uid: wire?.uid ?? 0n,
    gid: wire?.gid ?? 0n,
    nlink: wire?.nlink ?? 0,
    username: wire?.username ?? "",
    groupname: wire?.groupname ?? "",
    flags: wire?.flags ?? 0,
  };
}
