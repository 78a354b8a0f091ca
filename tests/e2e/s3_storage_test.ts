/**
 * A repository on the s3ts storage under real plakar and a real S3 server
 * over TLS (its certificate authority given in `tls_ca_cert`): configured
 * with `plakar store add … key=value`, created, backed up into,
 * checked and restored from, byte-exact; the objects land in the official
 * integration's layout; a second create is refused.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { backupAndRestore } from "../../toolchain/plakar.ts";
import { addConfig, s3Setup } from "../support/s3_plakar.ts";
import { assertSameTree, makeTree } from "../../toolchain/tree.ts";

const MiB = 1024 * 1024;

Deno.test("a repository on S3: create, backup, check and restore exact", async () => {
  await using setup = await s3Setup({ tls: true });
  const { home, s3 } = setup;
  await addConfig(home, "store", "s3repo", setup.args("backups/team/repo"));
  const source = join(home.dir, "source");
  await makeTree(source, {
    "big/blob.bin": { size: 40 * MiB + 4321 },
    "a/b/c/deep.txt": { size: 70_000 },
    "a/empty": { size: 0 },
    "unicodé/日本語 ファイル.txt": { size: 2048 },
    "with space/file name.txt": { size: 333 },
  });
  const restored = join(home.dir, "restored");
  await backupAndRestore(home, {
    repo: "@s3repo",
    source,
    target: restored,
  });
  await assertSameTree(source, restored);

  // The bucket was created, with the layout of the official integration.
  const root = join(s3.root, "backups", "team", "repo");
  assert.ok((await Deno.stat(join(root, "CONFIG"))).isFile);
  const shards = await Array.fromAsync(Deno.readDir(join(root, "packfiles")));
  assert.ok(
    shards.length > 0 && shards.every((s) => /^[0-9a-f]{2}$/.test(s.name)),
  );

  const again = await home.run(["at", "@s3repo", "create", "-plaintext"], {
    allowFailure: true,
  });
  assert.notEqual(again.code, 0);
  assert.match(
    again.stdout + again.stderr,
    /a repository already exists at s3ts:\/\/127\.0\.0\.1:\d+\/backups\/team\/repo/,
  );
  // The plugin served it, and its log holds no secret.
  const log = await Deno.readTextFile(setup.logFile);
  assert.match(log, /storage\[\d+\] info: Init s3ts:\/\//);
  assert.ok(!log.includes(s3.secretKey) && !log.includes(s3.accessKey));
});
