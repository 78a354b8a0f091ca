/**
 * The localdir importer and exporter under real plakar: a tree backed up
 * through our importer into a built-in fs repository, checked, and restored
 * through our exporter, comes back identical (content, types, symlink
 * targets, modes, modification times).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { installLocaldir } from "../support/localdir.ts";
import { backupAndRestore, plakarHome } from "../../toolchain/plakar.ts";
import {
  assertSameTree,
  makeTree,
  type TreeSpec,
} from "../../toolchain/tree.ts";

const MiB = 1024 * 1024;

Deno.test("a tree backed up through the localdir importer is restored identically through the localdir exporter", async () => {
  await using home = await plakarHome();
  const logFile = await installLocaldir(home);

  const source = join(home.dir, "source");
  const spec: TreeSpec = {
    "big/blob.bin": { size: 100 * MiB + 4321 },
    "a/b/c/deep.txt": { size: 70_000 },
    "a/b/sibling.dat": { size: 3 * MiB + 1 },
    "a/empty": { size: 0 },
    "empty.txt": { size: 0 },
    "private.txt": { size: 1234, mode: 0o600 },
    "script.sh": { size: 99, mode: 0o755 },
    "readonly.txt": { size: 4096, mode: 0o444 },
    "secret/inside.txt": { size: 10 },
    "secret": { dir: 0o700 },
    "locked/kept.txt": { size: 20 },
    "locked": { dir: 0o555 },
    "with space/file name.txt": { size: 333 },
    "unicodé/日本語 ファイル.txt": { size: 2048 },
    "émoji 🎉.bin": { size: 17 },
    "link-to-deep": { symlink: "a/b/c/deep.txt" },
    "a/link-to-b": { symlink: "b" },
    "dangling": { symlink: "does/not/exist" },
    "absolute-link": { symlink: "/etc/hostname" },
  };
  await makeTree(source, spec);

  const restored = join(home.dir, "restored");
  await backupAndRestore(home, {
    repo: join(home.dir, "repo"),
    source: `localdir://${source}`,
    target: `localdir://${restored}`,
  });
  // plakar strips the backed-up root: its contents land directly in the target.
  const compared = await assertSameTree(source, restored, {
    modes: true,
    mtimes: true,
  });
  assert.ok(compared >= Object.keys(spec).length, `compared ${compared}`);

  // Our plugins did the work, not plakar's built-in fs connectors.
  const log = await Deno.readTextFile(logFile);
  assert.match(log, /importer\[\d+\] info: Init localdir:\/\//);
  assert.match(log, /exporter\[\d+\] info: Init localdir:\/\//);
});
