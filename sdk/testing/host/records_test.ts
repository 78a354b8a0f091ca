import assert from "node:assert/strict";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type FileInfo,
  type Record,
  RecordSchema,
  type Result,
} from "../../../proto/gen/connectors_pb.ts";
import type {
  WireFileInfo,
  WireRecord,
  WireRecordInit,
  WireResult,
} from "./records.ts";

// The generated messages are the one home of the schema: these fail to
// type-check when a field is added to or removed from connectors.proto
// without the plain interfaces following.
type Fields<T> = Exclude<keyof T, "$typeName" | "$unknown">;
type Same<A, B> = [A] extends [B] ? [B] extends [A] ? true : false : false;
const sameRecordFields: Same<Fields<Record>, keyof WireRecord> = true;
const sameFileInfoFields: Same<Fields<FileInfo>, keyof WireFileInfo> = true;
const sameResultFields: Same<Fields<Result>, keyof WireResult> = true;

Deno.test("the plain record types carry every field of the wire messages", () => {
  assert.ok(sameRecordFields && sameFileInfoFields && sameResultFields);
  // A decoded message is a WireRecord, and a WireRecordInit builds one.
  const init: WireRecordInit = {
    pathname: "/a",
    xattrType: 1,
    fileInfo: { name: "a", modTime: { seconds: 1n, nanos: 2 } },
  };
  const shape: MessageInitShape<typeof RecordSchema> = init;
  const record: WireRecord = create(RecordSchema, shape);
  assert.equal(record.pathname, "/a");
  assert.equal(record.xattrType, 1);
  assert.equal(record.fileInfo?.modTime?.nanos, 2);
  assert.equal(record.fileInfo?.size, 0n);
});
