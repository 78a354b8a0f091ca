/** The benchmark's generated tree: its shape for a given size. */
import assert from "node:assert/strict";
import { treeSpec } from "./tree.ts";

const KiB = 1024;

Deno.test("the tree holds the asked bytes: three large files and many 4–64 KiB ones", () => {
  const total = 64 * 1024 * KiB;
  const entries = Object.entries(treeSpec(total)).map(([path, entry]) => ({
    path,
    size: "size" in entry ? entry.size : -1,
  }));
  assert.equal(entries.reduce((sum, e) => sum + e.size, 0), total);
  const large = entries.filter((e) => e.path.startsWith("large/"));
  const small = entries.filter((e) => e.path.startsWith("small/"));
  assert.equal(large.length, 3);
  assert.equal(large.length + small.length, entries.length);
  for (const e of small.slice(0, -1)) {
    assert.ok(e.size >= 4 * KiB && e.size < 64 * KiB, `${e.path}: ${e.size}`);
  }
  assert.ok(small.length > 1000, `${small.length} small files`);
  const folders = new Set(small.map((e) => e.path.split("/")[1]));
  assert.ok(
    [...folders].every((f) =>
      small.filter((e) => e.path.split("/")[1] === f).length <= 100
    ),
  );
});

Deno.test("the layout is the same from run to run", () => {
  assert.deepEqual(treeSpec(8 * 1024 * KiB), treeSpec(8 * 1024 * KiB));
});
