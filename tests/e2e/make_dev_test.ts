/**
 * `make dev install` as a plugin author runs it, then real plakar in one
 * isolated home: the package is listed, a tree is backed up through the
 * localdir importer into a repository on the localdir storage, restored
 * through the localdir exporter, and `make uninstall` removes the package.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { plakarHome, restoreArgs } from "../../toolchain/plakar.ts";
import { assertSameTree, makeTree } from "../../toolchain/tree.ts";
import { runMake } from "../support/make.ts";

const KIT = new URL("../../", import.meta.url).pathname;

Deno.test("make dev install, then backup, store and restore through the plugin, and make uninstall", async () => {
  await using home = await plakarHome();
  const make = (...goals: string[]) =>
    runMake(home, KIT, goals, [`DIST=${join(home.dir, "dist")}`]);

  const built = await make("dev", "install");
  assert.match(built, /installed localdir@v/);
  // The root deno.json declares nothing: localdir keeps no network.
  assert.match(
    built,
    /^permissions: read, write, env PLAKAR_\*, no net, no run$/m,
  );
  assert.match(
    (await home.run(["pkg", "list"])).stdout,
    /^localdir@v\d+\.\d+\.\d+$/m,
  );

  const source = join(home.dir, "source");
  await makeTree(source, {
    "big.bin": { size: 3 * 1024 * 1024 + 17 },
    "empty.txt": { size: 0 },
    "script.sh": { size: 300, mode: 0o755 },
    "a/b/deep.txt": { size: 4321 },
    "a/link": { symlink: "../big.bin" },
  });
  const repo = `localdir://${join(home.dir, "repo")}`;
  await home.run(["at", repo, "create", "-plaintext"]);
  const backup = await home.run(["at", repo, "backup", `localdir://${source}`]);
  assert.match(
    backup.stdout + backup.stderr,
    /backup completed without errors/,
  );
  const snapshot = (await home.run(["at", repo, "ls"])).stdout.trim()
    .split(/\s+/)[1];
  assert.match(snapshot, /^[0-9a-f]{8}$/);

  const restored = join(home.dir, "restored");
  await home.run(restoreArgs(repo, `localdir://${restored}`, snapshot));
  assert.equal(await assertSameTree(source, restored, { modes: true }), 8);

  await make("uninstall");
  assert.doesNotMatch((await home.run(["pkg", "list"])).stdout, /localdir@/);
});
