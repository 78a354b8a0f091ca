/**
 * FileInfo ↔ plakar.connectors.FileInfo: 64-bit fields keep their precision,
 * times go through Timestamp, defaults are zero, bad numbers are refused.
 */
import assert from "node:assert/strict";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileInfoSchema } from "../../proto/gen/connectors_pb.ts";
import { fileInfoFromWire, fileInfoToWire } from "./file_info_wire.ts";
import { goMode } from "../mod.ts";
import { GO_ZERO_SECONDS } from "./time.ts";

Deno.test("a FileInfo survives the wire, 64-bit fields and all", () => {
  const info = {
    name: "big.bin",
    size: 2n ** 40n + 3n,
    mode: goMode("dir", 0o755),
    modTime: new Date("2025-01-02T03:04:05.678Z"),
    dev: 2n ** 64n - 1n,
    ino: 2n ** 53n + 1n,
    uid: 4_000_000_000n,
    gid: 12n,
    nlink: 3,
    username: "alice",
    groupname: "staff",
    flags: 7,
  };
  const wire = fromBinary(
    FileInfoSchema,
    toBinary(FileInfoSchema, fileInfoToWire(info)),
  );
  assert.equal(wire.mode, 0x800001ed);
  assert.equal(wire.modTime?.seconds, 1735787045n);
  assert.equal(wire.modTime?.nanos, 678_000_000);
  assert.deepEqual(fileInfoFromWire(wire), info);
});

Deno.test("absent fields are zero, and no time is Go's zero time", () => {
  const wire = fileInfoToWire({ name: "f", mode: 0o644 });
  assert.deepEqual(
    [wire.size, wire.dev, wire.ino, wire.uid, wire.gid, wire.nlink],
    [0n, 0n, 0n, 0n, 0n, 0],
  );
  assert.equal(wire.modTime?.seconds, GO_ZERO_SECONDS);
  assert.equal(fileInfoFromWire(wire).modTime, null);
  assert.deepEqual(fileInfoFromWire(undefined), {
    name: "",
    size: 0n,
    mode: 0,
    modTime: null,
    dev: 0n,
    ino: 0n,
    uid: 0n,
    gid: 0n,
    nlink: 0,
    username: "",
    groupname: "",
    flags: 0,
  });
});

Deno.test("numbers are accepted for 64-bit fields when they are exact integers", () => {
  const wire = fileInfoToWire({ name: "f", mode: 0o644, size: 12, ino: 99 });
  assert.deepEqual([wire.size, wire.ino], [12n, 99n]);
  assert.throws(
    () => fileInfoToWire({ name: "f", mode: 0o644, size: 1.5 }),
    /fileInfo\.size must be an integer \(a bigint above 2\^53\), got 1\.5/,
  );
  assert.throws(
    () => fileInfoToWire({ name: "f", mode: 0o644, ino: 2 ** 60 }),
    /fileInfo\.ino must be an integer/,
  );
  assert.throws(
    () => fileInfoToWire({ name: "f", mode: 0o644, uid: -1 }),
    /fileInfo\.uid is out of range for an unsigned 64-bit integer: -1/,
  );
  assert.deepEqual(
    fileInfoToWire({ name: "f", mode: 0o644, size: -1 }).size,
    -1n,
    "size is signed on the wire",
  );
});

Deno.test("a mode given with the sign bit set is sent as unsigned", () => {
  const wire = fileInfoToWire({ name: "d", mode: goMode("dir", 0o700) | 0 });
  assert.equal(wire.mode, 0x800001c0);
  assert.equal(
    fromBinary(FileInfoSchema, toBinary(FileInfoSchema, wire)).mode,
    0x800001c0,
  );
});
