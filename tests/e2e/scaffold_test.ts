/**
 * Issue 7's promise end to end: a plugin scaffolded into a temporary folder
 * passes its own tests, `make dev install` puts it into real plakar, and a
 * backup from its importer into a repository on its storage restores
 * through its exporter to the same tree.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { denoDir } from "../../packaging/launcher.ts";
import {
  plakarBinary,
  plakarHome,
  restoreArgs,
} from "../../toolchain/plakar.ts";
import { kitEnv, scaffoldPlugin } from "../support/scaffolded.ts";
import { assertSameTree, makeTree } from "../../toolchain/tree.ts";

Deno.test("a scaffolded plugin tests, installs, backs up and restores with real plakar", async () => {
  await using plugin = await scaffoldPlugin("kit-e2e-plugin");
  await using home = await plakarHome();
  const proto = "kite2eplugin";

  const tests = await plugin.deno(["task", "test"]);
  assert.equal(tests.code, 0, `its own tests: ${tests.stderr}`);
  assert.match(
    new TextDecoder().decode(tests.stdout),
    /ok \| 3 passed \| 0 failed/,
  );

  const make = await new Deno.Command("make", {
    args: ["dev", "install"],
    cwd: plugin.dir,
    env: {
      ...home.env,
      ...kitEnv,
      PLAKAR: await plakarBinary(),
      // The kit's npm cache, not one under the throw-away HOME.
      DENO_DIR: await denoDir(),
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const makeLog = new TextDecoder().decode(make.stderr);
  assert.equal(make.code, 0, `make dev install: ${makeLog}`);
  assert.match(
    (await home.run(["pkg", "list"])).stdout,
    /^kit-e2e-plugin@v0\.1\.0$/m,
  );

  const source = join(home.dir, "source");
  await makeTree(source, {
    "docs/readme.txt": { size: 1234 },
    "docs/private.key": { size: 100, mode: 0o600 },
    "data/big.bin": { size: 3 * 1024 * 1024 + 17 },
    "empty": { size: 0 },
    "latest": { symlink: "data/big.bin" },
  });

  const repo = `${proto}://${join(home.dir, "repo")}`;
  await home.run(["at", repo, "create", "-plaintext"]);
  const backup = await home.run(["at", repo, "backup", `${proto}://${source}`]);
  assert.match(
    backup.stdout + backup.stderr,
    /backup completed without errors/,
  );
  const snapshot = (await home.run(["at", repo, "ls"])).stdout.trim().split(
    /\s+/,
  )[1];
  assert.match(snapshot, /^[0-9a-f]{8}$/);
  // The repository is the skeleton storage's: CONFIG and one file per object.
  const packfiles = [];
  for await (const entry of Deno.readDir(join(home.dir, "repo", "packfile"))) {
    packfiles.push(entry.name);
  }
  assert.ok(
    packfiles.length > 0 && packfiles.every((n) => /^[0-9a-f]{64}$/.test(n)),
  );
  await Deno.stat(join(home.dir, "repo", "CONFIG"));

  const restored = join(home.dir, "restored");
  await home.run(restoreArgs(repo, `${proto}://${restored}`, snapshot));
  const entries = await assertSameTree(source, restored, {
    modes: true,
    mtimes: true,
  });
  assert.equal(entries, 8);
});
