/**
 * The localdir storage plugin under real plakar: create, backup, check,
 * ls and restore with the repository on our storage.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { backupAndRestore, plakarHome } from "../../toolchain/plakar.ts";
import {
  assertSameTree,
  makeTree,
  type TreeSpec,
} from "../../toolchain/tree.ts";
import { installLocaldir } from "../support/localdir.ts";

Deno.test("real plakar keeps a repository on the localdir storage plugin", async () => {
  await using home = await plakarHome();
  const logFile = await installLocaldir(home);
  assert.match(
    (await home.run(["pkg", "list"])).stdout,
    /^localdir@v0\.1\.0$/m,
  );

  const source = join(home.dir, "source");
  const spec: TreeSpec = { "big/blob.bin": { size: 50 * 1024 * 1024 + 12345 } };
  for (let i = 0; i < 210; i++) {
    spec[`d${i % 7}/sub${i % 3}/f${i}.dat`] = { size: (i * 7919) % 40000 };
  }
  spec["empty.txt"] = { size: 0 };
  await makeTree(source, spec);

  const repo = `localdir://${join(home.dir, "repo")}`;
  const restored = join(home.dir, "restored");
  const snapshot = await backupAndRestore(home, {
    repo,
    source,
    target: restored,
  });
  assert.match(
    (await home.run(["at", repo, "ls", `${snapshot}:${source}`])).stdout,
    /big/,
  );
  const entries = await assertSameTree(source, restored);
  assert.ok(entries >= 200, `compared ${entries} entries`);

  // Both the CLI's plugin and the one run by the `plakar cached` daemon served
  // this repository: their Init lines name different parent processes, one
  // of which is the daemon.
  const parents = new Set(
    [...(await Deno.readTextFile(logFile)).matchAll(
      /storage\[\d+\] info: Init .* \(parent process (\d+)\)/g,
    )]
      .map((m) => m[1]),
  );
  const daemon = [...parents].filter((pid) => {
    try {
      return Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0").includes(
        "cached",
      );
    } catch {
      return false;
    }
  });
  assert.ok(
    parents.size >= 2,
    `plugin instances were started by ${[...parents].join(", ")}`,
  );
  assert.ok(
    daemon.length >= 1,
    "one plugin instance was started by the plakar cached daemon",
  );
});
