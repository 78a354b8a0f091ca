/**
 * The localdir importer and exporter under real plakar with hostile trees
 * and targets: unreadable paths, symbolic link loops, odd names, files
 * changing during the backup, a read-only and a full restore target. (A
 * sparse 4 GiB file and 100 000 small files: tests/slow/scale_test.ts.)
 *
 * Tests run as root here and there: permission cases run plakar without the
 * capabilities that let root read and write anything (setpriv).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  assertChecks,
  latestSnapshot,
  localdirRepo,
  plakarOverTmpfs,
} from "../support/localdir_plakar.ts";
import {
  plakarBinary,
  type PlakarHome,
  restoreArgs,
  type RunResult,
} from "../../toolchain/plakar.ts";

/**
 * Runs plakar as root without the capabilities that bypass file
 * permissions, so that mode 000 means unreadable as it does for users.
 */
async function runWithoutOverride(
  home: PlakarHome,
  args: string[],
): Promise<RunResult> {
  const out = await new Deno.Command("setpriv", {
    args: [
      "--bounding-set",
      "-dac_override,-dac_read_search",
      await plakarBinary(),
      ...args,
    ],
    env: home.env,
    cwd: home.dir,
    stdin: "null",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/** A file name that is not valid UTF-8 (Linux allows any bytes but / and NUL). */
async function makeInvalidUtf8Name(dir: string): Promise<void> {
  const out = await new Deno.Command("python3", {
    args: [
      "-c",
      "import os,sys; open(os.path.join(os.fsencode(sys.argv[1]), b'bad-\\xff\\xfe.txt'), 'w').write('x')",
      dir,
    ],
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
}

Deno.test("unreadable paths, link loops and odd names: errors are reported per path, the backup completes", async () => {
  const { home, repo } = await localdirRepo();
  await using _ = home;
  const src = join(home.dir, "src");
  const names = [
    "with space.txt",
    "new\nline.txt",
    "ünïcødé – 日本語 🎉.txt",
    " leading and trailing ",
  ];
  await Deno.mkdir(join(src, "closed"), { recursive: true });
  await Deno.writeTextFile(join(src, "closed", "inside.txt"), "hidden");
  await Deno.writeTextFile(join(src, "secret.txt"), "secret");
  for (const name of names) await Deno.writeTextFile(join(src, name), name);
  await Deno.symlink("loop2", join(src, "loop1"));
  await Deno.symlink("loop1", join(src, "loop2"));
  await Deno.symlink(".", join(src, "self"));
  await Deno.symlink("..", join(src, "parent"));
  await makeInvalidUtf8Name(src);
  await Deno.chmod(join(src, "secret.txt"), 0);
  await Deno.chmod(join(src, "closed"), 0);

  try {
    const backup = await runWithoutOverride(home, [
      "at",
      repo,
      "backup",
      `localdir://${src}`,
    ]);
    const said = backup.stdout + backup.stderr;
    assert.equal(backup.code, 0, said);
    assert.match(said, /backup completed with 3 errors/);
    assert.match(
      said,
      /KO ✘ \S*\/src\/secret\.txt: .*Permission denied .*secret\.txt/,
    );
    assert.match(said, /KO ✘ \S*\/src\/closed: Permission denied .*readdir/);
    assert.match(said, /KO ✘ \S*\/src\/bad-\uFFFD+\.txt: /);
  } finally {
    await Deno.chmod(join(src, "closed"), 0o755);
    await Deno.chmod(join(src, "secret.txt"), 0o644);
  }
  await assertChecks(home, repo);

  const restored = join(home.dir, "restored");
  const id = await latestSnapshot(home, repo);
  await home.run(restoreArgs(repo, `localdir://${restored}`, id));
  const root = restored; // plakar restores the snapshot root's contents
  for (const name of names) {
    assert.equal(await Deno.readTextFile(join(root, name)), name, name);
  }
  assert.equal(await Deno.readLink(join(root, "loop1")), "loop2");
  assert.equal(await Deno.readLink(join(root, "loop2")), "loop1");
  assert.equal(await Deno.readLink(join(root, "self")), ".");
  assert.equal(await Deno.readLink(join(root, "parent")), "..");
  await assert.rejects(
    Deno.lstat(join(root, "secret.txt")),
    Deno.errors.NotFound,
  );
  assert.deepEqual(
    await Array.fromAsync(Deno.readDir(join(root, "closed"))),
    [],
    "the unreadable folder is there, empty",
  );
});

Deno.test("a read-only or full restore target gives clear errors, not a crash", async () => {
  const { home, repo } = await localdirRepo();
  await using _ = home;
  const src = join(home.dir, "src");
  await Deno.mkdir(join(src, "d"), { recursive: true });
  await Deno.writeFile(join(src, "d", "big.bin"), new Uint8Array(4 << 20));
  await Deno.writeTextFile(join(src, "small.txt"), "small");
  await home.run(["at", repo, "backup", `localdir://${src}`]);
  const id = await latestSnapshot(home, repo);

  const readOnly = join(home.dir, "read-only");
  await Deno.mkdir(readOnly, { mode: 0o555 });
  await Deno.chmod(readOnly, 0o555);
  const denied = await runWithoutOverride(
    home,
    restoreArgs(repo, `localdir://${join(readOnly, "target")}`, id),
  );
  assert.match(
    denied.stdout + denied.stderr,
    /Permission denied .*read-only\/target/,
  );
  assert.deepEqual(await Array.fromAsync(Deno.readDir(readOnly)), []);

  // A 1 MiB file system in a private mount namespace, for plakar alone.
  const full = join(home.dir, "full");
  await Deno.mkdir(full);
  const { said } = await plakarOverTmpfs(
    home,
    full,
    restoreArgs(repo, `localdir://${join(full, "target")}`, id),
    { options: "size=1m" },
  );
  assert.match(
    said,
    /No space left on device.*big\.bin|big\.bin.*No space left/,
  );
  assert.doesNotMatch(said, /panic|stack|at .*\.ts:\d+/);
});

Deno.test("files rewritten and deleted during the backup: it completes and checks", async () => {
  const { home, repo } = await localdirRepo();
  await using _ = home;
  const src = join(home.dir, "src");
  await Deno.mkdir(src);
  const count = 300;
  for (let i = 0; i < count; i++) {
    await Deno.writeFile(join(src, `churn-${i}.bin`), new Uint8Array(64 << 10));
    await Deno.writeTextFile(join(src, `still-${i}.txt`), `unchanged ${i}`);
  }
  let running = true;
  const churn = (async () => {
    for (let round = 0; running; round++) {
      const path = join(src, `churn-${round % count}.bin`);
      if (round % 3 === 0) await Deno.remove(path).catch(() => {});
      else {
        const size = (round * 7919) % (256 << 10);
        await Deno.writeFile(path, new Uint8Array(size).fill(round & 0xff));
      }
    }
  })();
  const backup = await home.run(["at", repo, "backup", `localdir://${src}`])
    .finally(async () => {
      running = false;
      await churn;
    });
  assert.match(backup.stdout + backup.stderr, /backup completed/);
  assert.doesNotMatch(backup.stderr, /panic|invalid record/);
  await assertChecks(home, repo);
  // The snapshot restores; files left alone come back exactly. A file
  // rewritten while it was read may come back torn (part old, part new
  // bytes), as with plakar's own fs importer: there is no file system
  // snapshot to read from.
  const restored = join(home.dir, "restored");
  await home.run(
    restoreArgs(
      repo,
      `localdir://${restored}`,
      await latestSnapshot(home, repo),
    ),
  );
  for (let i = 0; i < count; i++) {
    assert.equal(
      await Deno.readTextFile(join(restored, `still-${i}.txt`)),
      `unchanged ${i}`,
    );
  }
});
