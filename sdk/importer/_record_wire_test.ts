/**
 * Scan items → plakar.connectors.Record.
 */
import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { RecordSchema } from "../../proto/gen/connectors_pb.ts";
import { recordFromScanItem } from "./_record_wire.ts";
import { contentKey } from "./_content_key.ts";
import { goMode } from "../mod.ts";

const none = () => [];

Deno.test("an entry's record carries its fileInfo, and a reader only for a regular file with content", () => {
  const file = recordFromScanItem({
    pathname: "/a/f",
    info: { name: "f", mode: 0o644, size: 3 },
    content: none,
    xattrs: ["user.x"],
    fileAttributes: 0x20,
  });
  assert.deepEqual(
    [file.pathname, file.hasReader, file.fileInfo?.size, file.error],
    ["/a/f", true, 3n, ""],
  );
  assert.deepEqual(file.extendedAttributes, ["user.x"]);
  assert.equal(file.fileAttributes, 0x20);

  const dir = recordFromScanItem({
    pathname: "/a",
    info: { name: "a", mode: goMode("dir", 0o755) },
    content: none, // ignored: the host never opens a directory
  });
  assert.equal(dir.hasReader, false);
  assert.ok(dir.fileInfo);

  const link = recordFromScanItem({
    pathname: "/a/l",
    info: { name: "l", mode: goMode("symlink", 0o777) },
    target: "f",
  });
  assert.deepEqual([link.target, link.hasReader], ["f", false]);

  const fileWithoutContent = recordFromScanItem({
    pathname: "/a/g",
    info: { name: "g", mode: 0o644 },
  });
  assert.equal(fileWithoutContent.hasReader, false);
});

Deno.test("a failure's record has the pathname and error only", () => {
  for (const error of [new Error("Permission denied"), "Permission denied"]) {
    const record = recordFromScanItem({ pathname: "/secret", error });
    assert.deepEqual(
      [record.pathname, record.error, record.fileInfo, record.hasReader],
      ["/secret", "Permission denied", undefined, false],
    );
  }
  assert.equal(
    recordFromScanItem({ pathname: "/x", error: new Error("") }).error,
    "Error",
    "an error record is never mistaken for a success",
  );
});

Deno.test("an attribute's record names its owner, has a reader and no fileInfo", () => {
  const record = recordFromScanItem({
    pathname: "/a/f",
    xattr: { name: "Zone.Identifier", kind: "ads" },
    content: none,
  });
  assert.deepEqual(
    [
      record.isXattr,
      record.pathname,
      record.xattrName,
      record.xattrType,
      record.hasReader,
      record.fileInfo,
    ],
    [true, "/a/f", "Zone.Identifier", 1, true, undefined],
  );
  assert.equal(contentKey(record), "xattr:/a/f@Zone.Identifier");
  assert.equal(
    contentKey(recordFromScanItem({
      pathname: "/a/f",
      xattr: { name: "user.tag" },
      content: none,
    })),
    "xattr:/a/f:user.tag",
  );
  assert.equal(contentKey(create(RecordSchema, { pathname: "/a/f" })), "/a/f");
});

Deno.test("items the host would reject are refused with a clear message", () => {
  assert.throws(
    () => recordFromScanItem({ pathname: "a/f", info: { name: "f", mode: 0 } }),
    /the scan yielded the pathname "a\/f": pathnames must be absolute and \/-separated/,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => recordFromScanItem({ pathname: "/a/f" } as any),
    /the scan yielded \/a\/f without info: every entry needs at least a name and a mode/,
  );
});
