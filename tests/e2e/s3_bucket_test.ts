/**
 * The s3ts exporter and importer under real plakar and a real S3 server:
 * a snapshot restored into a bucket that does not exist yet (files become
 * objects), then that bucket backed up through the importer and restored
 * to disk, byte-exact with the original tree. A missing bucket fails the
 * importer's backup with a message that names it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { latestSnapshot } from "../support/localdir_plakar.ts";
import { addConfig, s3Setup } from "../support/s3_plakar.ts";
import { assertSameTree, makeTree } from "../../toolchain/tree.ts";
import { restoreArgs } from "../../toolchain/plakar.ts";

const MiB = 1024 * 1024;

Deno.test("restored into a bucket by the exporter, backed up from it by the importer, byte-exact", async () => {
  await using setup = await s3Setup();
  const { home, s3 } = setup;
  const source = join(home.dir, "source");
  await makeTree(source, {
    "big.bin": { size: 30 * MiB + 7 },
    "docs/a.txt": { size: 1000 },
    "docs/deeper/b.txt": { size: 0 },
    "x y/é.txt": { size: 77 },
  });
  const repo = join(home.dir, "repo");
  await home.run(["at", repo, "create", "-plaintext"]);
  await home.run(["at", repo, "backup", source]);
  const first = await latestSnapshot(home, repo);

  await addConfig(home, "destination", "bucket", setup.args("restored/into"));
  const restore = await home.run(restoreArgs(repo, "@bucket", first));
  assert.doesNotMatch(restore.stdout + restore.stderr, /error/i);
  // The objects, as versitygw keeps them on disk.
  await assertSameTree(source, join(s3.root, "restored", "into"));

  await addConfig(home, "source", "bucket", setup.args("restored/into"));
  const backup = await home.run(["at", repo, "backup", "@bucket"]);
  assert.match(
    backup.stdout + backup.stderr,
    /backup completed without errors/,
  );
  const second = await latestSnapshot(home, repo);
  assert.notEqual(second, first);
  const back = join(home.dir, "back");
  await home.run(restoreArgs(repo, back, second));
  await assertSameTree(source, back);

  const log = await Deno.readTextFile(setup.logFile);
  assert.match(log, /importer\[\d+\] info: Init s3ts:\/\//);
  assert.match(log, /exporter\[\d+\] info: Init s3ts:\/\//);
});

Deno.test("backing up a missing bucket fails, naming the bucket", async () => {
  await using setup = await s3Setup();
  const { home } = setup;
  const repo = join(home.dir, "repo");
  await home.run(["at", repo, "create", "-plaintext"]);
  await addConfig(home, "source", "nothere", setup.args("no-such-bucket"));
  const run = await home.run(["at", repo, "backup", "@nothere"], {
    allowFailure: true,
    timeoutMs: 60_000,
  });
  assert.notEqual(run.code, 0);
  assert.match(
    run.stdout + run.stderr,
    /bucket "no-such-bucket" does not exist at http:\/\/127\.0\.0\.1:\d+ \(option "location"\)/,
  );
});
