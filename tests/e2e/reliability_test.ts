/**
 * Faults real plakar can see on the localdir storage plugin: bad
 * configuration fails at Init with a message naming the key or path and
 * leaves nothing behind; a storage plugin killed in the middle of a backup
 * leaves a repository that still checks, and the next backup succeeds.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { localdirHome, localdirPlugins } from "../support/localdir_plakar.ts";
import {
  assertSameTree,
  makeTree,
  type TreeSpec,
} from "../../toolchain/tree.ts";
import { type PlakarHome, restoreArgs } from "../../toolchain/plakar.ts";

/** plakar's failure: its exit code is not 0 and its output matches `message`. */
async function assertFails(
  home: PlakarHome,
  args: string[],
  message: RegExp,
): Promise<void> {
  const out = await home.run(args, { allowFailure: true, timeoutMs: 60_000 });
  assert.notEqual(out.code, 0, `plakar ${args.join(" ")} succeeded`);
  assert.match(out.stdout + out.stderr, message);
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

/** The files under `dir`, 0 when it does not exist. */
async function countFiles(dir: string): Promise<number> {
  let n = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      n += entry.isDirectory ? await countFiles(join(dir, entry.name)) : 1;
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return n;
}

Deno.test("bad configuration fails at Init, naming the key or path, and creates nothing", async () => {
  await using home = await localdirHome();
  const at = (name: string) => `localdir://${join(home.dir, name)}`;

  await assertFails(
    home,
    ["at", at("missing"), "ls"],
    /no repository at \S*\/missing/,
  );

  await Deno.writeTextFile(join(home.dir, "afile"), "keep me");
  await assertFails(
    home,
    ["at", at("afile"), "create", "-plaintext"],
    /cannot create a repository at \S*\/afile: it exists and is not a directory/,
  );
  assert.equal(await Deno.readTextFile(join(home.dir, "afile")), "keep me");
  await assertFails(
    home,
    ["at", at("afile/sub"), "create", "-plaintext"],
    /cannot create a repository at \S*\/afile\/sub: Not a directory/,
  );

  await home.run(["store", "add", "unknown", at("unknown"), "colour=red"]);
  await assertFails(
    home,
    ["at", "@unknown", "create", "-plaintext"],
    /unknown option "colour" \(known options: location, fsync\)/,
  );
  assert.equal(await exists(join(home.dir, "unknown")), false);

  await home.run(["store", "add", "notbool", at("notbool"), "fsync=maybe"]);
  await assertFails(
    home,
    ["at", "@notbool", "create", "-plaintext"],
    /option "fsync" must be true or false, got "maybe"/,
  );
  assert.equal(await exists(join(home.dir, "notbool")), false);

  // The importer and exporter refuse theirs at Init too.
  await home.run(["at", at("good"), "create", "-plaintext"]);
  await assertFails(
    home,
    ["at", at("good"), "backup", at("missing-source")],
    /failed to create an importer for .*cannot back up \S*\/missing-source: No such file/,
  );
  await home.run(["source", "add", "src", at("afile"), "colour=red"]);
  await assertFails(
    home,
    ["at", at("good"), "backup", "@src"],
    /failed to create an importer for .*unknown option "colour" \(known options: location\)/,
  );
});

Deno.test("a storage plugin killed mid-backup leaves a repository that checks, and the next backup succeeds", async () => {
  await using home = await localdirHome();
  const source = join(home.dir, "source");
  const spec: TreeSpec = {};
  for (let i = 0; i < 40; i++) spec[`d${i % 4}/f${i}.bin`] = { size: 3 << 20 };
  await makeTree(source, spec);
  const repoDir = join(home.dir, "repo");
  const repo = `localdir://${repoDir}`;
  await home.run(["at", repo, "create", "-plaintext"]);
  const before = await countFiles(join(repoDir, "packfile"));

  const backup = home.run(["at", repo, "backup", source], {
    allowFailure: true,
    timeoutMs: 120_000,
  });
  // Kill once the backup has started writing packfiles.
  let killed: number[] = [];
  for (let i = 0; i < 600 && killed.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (await countFiles(join(repoDir, "tmp")) === 0) continue;
    killed = await localdirPlugins(home, "storage", "backup");
    for (const pid of killed) Deno.kill(pid, "SIGKILL");
  }
  assert.ok(killed.length > 0, "found the storage plugin while it wrote");
  const interrupted = await backup;
  assert.notEqual(
    interrupted.code,
    0,
    `the interrupted backup reports failure:\n${interrupted.stdout}${interrupted.stderr}`,
  );
  assert.match(
    interrupted.stdout + interrupted.stderr,
    /failed|error/i,
  );
  assert.ok(await countFiles(join(repoDir, "packfile")) >= before);

  // No snapshot was committed: check has nothing to verify, and must not
  // stumble on the killed backup's leftovers.
  const check = await home.run(["at", repo, "check"]);
  assert.doesNotMatch(check.stdout + check.stderr, /error|fail/i);

  const again = await home.run(["at", repo, "backup", source], {
    timeoutMs: 120_000,
  });
  assert.match(again.stdout + again.stderr, /backup completed without errors/);
  const recheck = await home.run(["at", repo, "check"]);
  assert.match(
    recheck.stdout + recheck.stderr,
    /check completed without errors/,
  );

  const snapshots = (await home.run(["at", repo, "ls"])).stdout.trim()
    .split("\n");
  assert.equal(snapshots.length, 1, `one snapshot:\n${snapshots.join("\n")}`);
  const restored = join(home.dir, "restored");
  const id = snapshots[0].split(/\s+/)[1];
  await home.run(restoreArgs(repo, restored, id));
  assert.equal(await assertSameTree(source, restored), 45); // 40 files, 4 folders and the root
});
