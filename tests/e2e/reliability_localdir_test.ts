/**
 * The localdir importer and exporter under real plakar with hostile trees
 * and targets: unreadable paths, symbolic link loops, odd names, files
 * changing during the backup, a sparse 4 GiB file, 100 000 small files, a
 * read-only and a full restore target.
 *
 * Tests run as root here and there: permission cases run plakar without the
 * capabilities that let root read and write anything (setpriv).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { packageDev } from "../../build/pipeline.ts";
import { loadProject } from "../../build/project.ts";
import {
  plakarBinary,
  type PlakarHome,
  plakarHome,
  type RunResult,
} from "../support/plakar.ts";

const MANIFEST = new URL("../../Manifest.yaml", import.meta.url).pathname;
const GIB = 1024 ** 3;

/** A plakar home with the localdir plugin installed and a repository. */
async function setUp(): Promise<{ home: PlakarHome; repo: string }> {
  const home = await plakarHome();
  const ptar = await packageDev(
    await loadProject(MANIFEST, join(home.dir, "dist")),
    { binary: await plakarBinary(), env: home.env },
  );
  await home.install(ptar);
  const repo = `localdir://${join(home.dir, "repo")}`;
  await home.run(["at", repo, "create", "-plaintext"]);
  return { home, repo };
}

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

/** The id of the newest snapshot. */
async function latest(home: PlakarHome, repo: string): Promise<string> {
  const ls = (await home.run(["at", repo, "ls"])).stdout.trim().split("\n");
  return ls[0].split(/\s+/)[1];
}

async function check(home: PlakarHome, repo: string): Promise<void> {
  const out = await home.run(["at", repo, "check"]);
  assert.match(out.stdout + out.stderr, /check completed without errors/);
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
  const { home, repo } = await setUp();
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
  await check(home, repo);

  const restored = join(home.dir, "restored");
  const id = await latest(home, repo);
  await home.run(["at", repo, "restore", "-to", `localdir://${restored}`, id]);
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
  const { home, repo } = await setUp();
  await using _ = home;
  const src = join(home.dir, "src");
  await Deno.mkdir(join(src, "d"), { recursive: true });
  await Deno.writeFile(join(src, "d", "big.bin"), new Uint8Array(4 << 20));
  await Deno.writeTextFile(join(src, "small.txt"), "small");
  await home.run(["at", repo, "backup", `localdir://${src}`]);
  const id = await latest(home, repo);

  const readOnly = join(home.dir, "read-only");
  await Deno.mkdir(readOnly, { mode: 0o555 });
  await Deno.chmod(readOnly, 0o555);
  const denied = await runWithoutOverride(home, [
    "at",
    repo,
    "restore",
    "-to",
    `localdir://${join(readOnly, "target")}`,
    id,
  ]);
  assert.match(
    denied.stdout + denied.stderr,
    /Permission denied .*read-only\/target/,
  );
  assert.deepEqual(await Array.fromAsync(Deno.readDir(readOnly)), []);

  // A 1 MiB file system in a private mount namespace, for plakar alone.
  const full = join(home.dir, "full");
  await Deno.mkdir(full);
  const script = `mount -t tmpfs -o size=1m tmpfs "$1" && shift && exec "$@"`;
  const out = await new Deno.Command("unshare", {
    args: [
      "-m",
      "sh",
      "-c",
      script,
      "sh",
      full,
      await plakarBinary(),
      "at",
      repo,
      "restore",
      "-to",
      `localdir://${join(full, "target")}`,
      id,
    ],
    env: home.env,
    cwd: home.dir,
    stdin: "null",
  }).output();
  const said = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.match(
    said,
    /No space left on device.*big\.bin|big\.bin.*No space left/,
  );
  assert.doesNotMatch(said, /panic|stack|at .*\.ts:\d+/);
});

/**
 * Polls the peak resident memory (VmHWM) of the importer plugins plakar
 * runs for `home` until `done` settles; resolves to the highest, in MiB.
 */
async function importerPeak(
  home: PlakarHome,
  done: Promise<unknown>,
): Promise<number> {
  const marker = `XDG_CACHE_HOME=${home.env.XDG_CACHE_HOME}`;
  let peak = 0;
  let finished = false;
  done.finally(() => finished = true);
  while (!finished) {
    for await (const entry of Deno.readDir("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      try {
        const args = (await Deno.readTextFile(`/proc/${entry.name}/cmdline`))
          .split("\0").filter(Boolean);
        if (args.at(-1) !== "importer") continue;
        const environ = await Deno.readTextFile(`/proc/${entry.name}/environ`);
        if (!environ.split("\0").includes(marker)) continue;
        const status = await Deno.readTextFile(`/proc/${entry.name}/status`);
        const kB = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, kB / 1024);
      } catch { /* gone, or not ours */ }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return peak;
}

Deno.test("a sparse 4 GiB file is backed up at flat memory", async () => {
  const { home, repo } = await setUp();
  await using _ = home;
  const src = join(home.dir, "src");
  await Deno.mkdir(src);
  const sparse = await Deno.create(join(src, "sparse.bin"));
  await sparse.truncate(4 * GIB); // no disk used
  sparse.close();

  const backup = home.run(["at", repo, "backup", `localdir://${src}`], {
    timeoutMs: 420_000,
  });
  const peak = await importerPeak(home, backup);
  const said = (await backup).stdout;
  assert.match(said, /backup completed without errors/);
  assert.ok(peak > 0, "the importer was seen running");
  assert.ok(peak < 300, `the importer peaked at ${peak.toFixed(0)} MiB`);
  await check(home, repo);
  const id = await latest(home, repo);
  const ls = (await home.run(["at", repo, "ls", `${id}:${src}`])).stdout;
  assert.match(ls, /4\.0 GiB .*sparse\.bin/);
});

Deno.test("files rewritten and deleted during the backup: it completes and checks", async () => {
  const { home, repo } = await setUp();
  await using _ = home;
  const src = join(home.dir, "src");
  await Deno.mkdir(src);
  const count = 300;
  for (let i = 0; i < count; i++) {
    await Deno.writeFile(join(src, `churn-${i}.bin`), new Uint8Array(64 << 10));
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
  await check(home, repo);
  // What the snapshot holds restores and reads back whole.
  const restored = join(home.dir, "restored");
  await home.run([
    "at",
    repo,
    "restore",
    "-to",
    `localdir://${restored}`,
    await latest(home, repo),
  ]);
  for await (const entry of Deno.readDir(restored)) {
    const bytes = await Deno.readFile(join(restored, entry.name));
    assert.ok(bytes.every((b) => b === bytes[0]), `${entry.name} is whole`);
  }
});
