import assert from "node:assert/strict";
import {
  FileMode,
  fromPosixMode,
  goMode,
  isRegular,
  kindOf,
  toPosixPermissions,
} from "./mode.ts";

Deno.test("POSIX st_mode converts to Go fs.FileMode (the spec's examples)", () => {
  assert.equal(fromPosixMode(0o040755), 0x800001ed); // dir 0755
  assert.equal(fromPosixMode(0o100644), 0x1a4); // regular 0644
  assert.equal(fromPosixMode(0o120777), 0x080001ff); // symlink
  assert.equal(fromPosixMode(0o010600), (FileMode.namedPipe | 0o600) >>> 0);
  assert.equal(fromPosixMode(0o140755), (FileMode.socket | 0o755) >>> 0);
  assert.equal(fromPosixMode(0o060660), (FileMode.device | 0o660) >>> 0);
  assert.equal(
    fromPosixMode(0o020620),
    (FileMode.device | FileMode.charDevice | 0o620) >>> 0,
  );
});

Deno.test("setuid, setgid and sticky move to Go's high bits and back", () => {
  const mode = fromPosixMode(0o107755);
  assert.equal(
    mode,
    (FileMode.setuid | FileMode.setgid | FileMode.sticky | 0o755) >>> 0,
  );
  assert.equal(toPosixPermissions(mode), 0o7755);
  assert.equal(toPosixPermissions(0x800001ed), 0o755);
});

Deno.test("modes stay unsigned 32-bit numbers", () => {
  const dir = goMode("dir", 0o700);
  assert.ok(dir > 0);
  assert.equal(dir, 0x800001c0);
  assert.equal(kindOf(dir), "dir");
});

Deno.test("kindOf and goMode agree for every kind", () => {
  for (
    const kind of [
      "file",
      "dir",
      "symlink",
      "fifo",
      "socket",
      "block",
      "char",
      "irregular",
    ] as const
  ) {
    assert.equal(kindOf(goMode(kind, 0o640)), kind);
    assert.equal(isRegular(goMode(kind, 0o640)), kind === "file");
  }
});
