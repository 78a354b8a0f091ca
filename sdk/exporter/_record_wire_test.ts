/**
 * plakar.connectors.Record → export entries.
 */
import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { RecordSchema } from "../../proto/gen/connectors_pb.ts";
import { fileInfoToWire } from "../_connector/file_info_wire.ts";
import { goMode } from "../mode.ts";
import { entryFromRecord } from "./_record_wire.ts";

Deno.test("a record becomes an export entry with its kind, metadata, target and attributes", () => {
  const entry = entryFromRecord(create(RecordSchema, {
    pathname: "/l",
    target: "f",
    fileInfo: fileInfoToWire({
      name: "l",
      mode: goMode("symlink", 0o777),
      ino: 2n ** 60n,
    }),
    extendedAttributes: ["user.a"],
  }));
  assert.deepEqual(
    [entry.pathname, entry.kind, entry.target, entry.info.ino, entry.xattrs],
    ["/l", "symlink", "f", 2n ** 60n, ["user.a"]],
  );
  assert.equal(entry.xattr, undefined);
  assert.equal(entry.content, undefined);

  const content = new ReadableStream<Uint8Array>();
  const xattr = entryFromRecord(
    create(RecordSchema, {
      pathname: "/f",
      isXattr: true,
      xattrName: "user.b",
      xattrType: 2,
      hasReader: true,
    }),
    content,
  );
  assert.deepEqual(xattr.xattr, { name: "user.b", kind: "custom" });
  assert.equal(xattr.content, content);
});
