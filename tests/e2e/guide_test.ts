/**
 * Connectors written to the original plugin guide's interfaces, under real
 * plakar v1.1: back up through the guide-style importer into a repository
 * on the guide-style store, check it, restore through the guide-style
 * exporter, and compare trees with modes and times.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { devPackage } from "../../packaging/dev_package.ts";
import {
  backupAndRestore,
  plakarBinary,
  plakarHome,
} from "../../toolchain/plakar.ts";
import {
  assertSameTree,
  makeTree,
  type TreeSpec,
} from "../../toolchain/tree.ts";

const ENTRY = new URL("../fixtures/guide/main.ts", import.meta.url).pathname;

Deno.test("guide-style importer, exporter and store round-trip a tree under real plakar", async () => {
  await using home = await plakarHome();
  const ptar = await devPackage({
    name: "guidefs",
    version: "v0.1.0",
    entry: ENTRY,
    connectors: (["importer", "exporter", "storage"] as const).map((type) => ({
      type,
      protocols: ["guidefs"],
      locationFlags: ["localfs"],
      args: [type],
    })),
    outDir: home.dir,
    plakar: { binary: await plakarBinary(), env: home.env },
  });
  await home.install(ptar);

  const source = join(home.dir, "source");
  const spec: TreeSpec = {
    "big.bin": { size: 3 * 1024 * 1024 + 4321 },
    "empty.txt": { size: 0 },
    "private.txt": { size: 1000, mode: 0o600 },
    "script.sh": { size: 200, mode: 0o755 },
    "readonly.txt": { size: 300, mode: 0o444 },
    "a/b/c/deep.txt": { size: 77 },
    "a/b/empty": { size: 0 },
    "a/locked": { dir: 0o700 },
    "a/locked/inside.txt": { size: 10, mode: 0o444 },
    "a/open": { dir: 0o755 },
    "link-to-big": { symlink: "big.bin" },
    "a/b/link-up": { symlink: "../../script.sh" },
    "dangling": { symlink: "does/not/exist" },
  };
  for (let i = 0; i < 20; i++) spec[`many/f${i}.dat`] = { size: i * 513 };
  await makeTree(source, spec);
  // Old, distinct times prove they were restored rather than left at "now".
  await Deno.utime(join(source, "a/b/c"), 1_000_000_000, 1_000_000_000);
  await Deno.utime(join(source, "big.bin"), 1_200_000_000, 1_200_000_000);

  const restored = join(home.dir, "restored");
  await backupAndRestore(home, {
    repo: `guidefs://${join(home.dir, "repo")}`,
    source: `guidefs://${source}`,
    target: `guidefs://${restored}`,
  });
  const entries = await assertSameTree(source, restored, {
    modes: true,
    mtimes: true,
  });
  assert.ok(entries >= 35, `compared ${entries} entries`);
});
