/**
 * The s3ts plugins under faults, with real plakar and a real S3 server:
 * the server killed in the middle of a backup (the backup fails within a
 * bounded time with a clear message; once the server is back, the
 * repository checks and the next backup succeeds), slow and failing
 * answers through a fault-injecting proxy (retried: the backup succeeds;
 * a server that keeps failing fails it clearly), an object the importer
 * cannot read (that file fails, named; the rest is backed up), and wrong
 * credentials.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startFaultProxy } from "../support/fault_proxy.ts";
import { assertChecks } from "../support/localdir_plakar.ts";
import { addConfig, s3Setup } from "../support/s3_plakar.ts";
import {
  assertSameTree,
  makeTree,
  writeRandomFile,
} from "../../toolchain/tree.ts";
import { restoreArgs } from "../../toolchain/plakar.ts";

const MiB = 1024 * 1024;
/** How long a failing backup may take: retries are bounded (~10 s each). */
const BOUND_MS = 90_000;

const output = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

Deno.test("the S3 server stopped mid-backup: the backup fails in bounded time, then all is well", async () => {
  await using setup = await s3Setup();
  const { home, s3 } = setup;
  await addConfig(home, "store", "repo", [
    ...setup.args("repo"),
    "request_timeout=5",
    "max_retries=3",
  ]);
  await home.run(["at", "@repo", "create", "-plaintext"]);
  const source = join(home.dir, "source");
  await makeTree(source, { "small.txt": { size: 1000 } });
  await home.run(["at", "@repo", "backup", source]);
  await writeRandomFile(join(source, "big.bin"), 200 * MiB);

  const started = Date.now();
  const backup = home.run(["at", "@repo", "backup", source], {
    allowFailure: true,
    timeoutMs: BOUND_MS + 30_000,
  });
  // Stop it once the backup's first packfiles have arrived.
  const packfiles = join(s3.root, "repo", "packfiles");
  const before = await countFiles(packfiles);
  while (await countFiles(packfiles) === before) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await s3.stop();
  const failed = await backup;
  const took = Date.now() - started;
  assert.notEqual(failed.code, 0, output(failed));
  assert.ok(took < BOUND_MS, `the backup took ${took} ms to fail`);
  console.log(
    `the backup failed after ${took} ms: ${
      output(failed).split("\n").filter((l) => /could not/.test(l))[0]
    }`,
  );
  assert.match(
    output(failed),
    /could not .* at http:\/\/127\.0\.0\.1:\d+\/repo: .*\(is the endpoint in option "location" right and up\?\); gave up after 4 attempts/,
  );

  await s3.start();
  await assertChecks(home, "@repo");
  const again = await home.run(["at", "@repo", "backup", source]);
  assert.match(output(again), /backup completed without errors/);
  await assertChecks(home, "@repo");
});

Deno.test("slow and failing answers are retried; a server that keeps failing fails the backup clearly", async () => {
  await using setup = await s3Setup();
  const { home, s3 } = setup;
  await using proxy = startFaultProxy(s3.host);
  await addConfig(home, "store", "repo", [
    ...setup.args(
      "repo",
      { request_timeout: "2", max_retries: "6" },
      proxy.host,
    ),
  ]);
  const source = join(home.dir, "source");
  await makeTree(source, {
    "big.bin": { size: 30 * MiB },
    "a/b.txt": { size: 5000 },
    "c.txt": { size: 10 },
  });
  await home.run(["at", "@repo", "create", "-plaintext"]);

  // Every 300 ms the fault changes: a fifth of the requests throttled, a
  // fifth failing, a tenth slower than the timeout, or a fifth of the
  // answers cut after 1000 bytes — through backup, check and restore.
  const flaky = startFlakiness(proxy);
  const backup = await home.run(["at", "@repo", "backup", source]);
  assert.match(output(backup), /backup completed without errors/);
  await assertChecks(home, "@repo");
  const restored = join(home.dir, "restored");
  const ls =
    (await home.run(["at", "@repo", "ls"])).stdout.trim().split(/\s+/)[1];
  await home.run(restoreArgs("@repo", restored, ls));
  flaky.stop();
  proxy.always(null);
  assert.ok(proxy.counts().faulted > 0, "faults were injected");
  await assertSameTree(source, restored);

  proxy.always({ status: 500, code: "InternalError" });
  const started = Date.now();
  const failing = await home.run(["at", "@repo", "backup", source], {
    allowFailure: true,
    timeoutMs: BOUND_MS + 30_000,
  });
  assert.notEqual(failing.code, 0);
  assert.ok(Date.now() - started < BOUND_MS);
  assert.match(
    output(failing),
    /could not .* at http:\/\/127\.0\.0\.1:\d+\/repo: 500 InternalError; gave up after 7 attempts/,
  );
});

/** The number of files under `dir`, at any depth. */
async function countFiles(dir: string): Promise<number> {
  let count = 0;
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) count += await countFiles(join(dir, entry.name));
    else count++;
  }
  return count;
}

/** Alternates the proxy's standing fault between throttling, errors and delays. */
function startFlakiness(proxy: ReturnType<typeof startFaultProxy>) {
  const faults = [
    { fault: { status: 503, code: "SlowDown" }, ratio: 0.2 },
    { fault: { status: 500, code: "InternalError" }, ratio: 0.2 },
    { fault: { delayMs: 2500 }, ratio: 0.1 },
    { fault: { cutAfterBytes: 1000 }, ratio: 0.2 },
  ];
  let n = 0;
  const timer = setInterval(() => {
    const { fault, ratio } = faults[n++ % faults.length];
    proxy.always(fault, ratio);
  }, 300);
  return { stop: () => clearInterval(timer) };
}

Deno.test("wrong credentials fail create and backup, naming the options, never showing the secret", async () => {
  await using setup = await s3Setup();
  const { home, s3 } = setup;
  const wrong = "wrong-secret-0123456789";
  await addConfig(
    home,
    "store",
    "bad",
    setup.args("repo", { secret_access_key: wrong }),
  );
  const create = await home.run(["at", "@bad", "create", "-plaintext"], {
    allowFailure: true,
    timeoutMs: 60_000,
  });
  assert.notEqual(create.code, 0);
  assert.match(
    output(create),
    /the S3 server at http:\/\/127\.0\.0\.1:\d+ refused the credentials \(options "access_key" and "secret_access_key"\)/,
  );
  await addConfig(
    home,
    "source",
    "bad",
    setup.args("repo", { access_key: "nobody-like-this" }),
  );
  const repo = join(home.dir, "repo");
  await home.run(["at", repo, "create", "-plaintext"]);
  const backup = await home.run(["at", repo, "backup", "@bad"], {
    allowFailure: true,
    timeoutMs: 60_000,
  });
  assert.notEqual(backup.code, 0);
  assert.match(output(backup), /refused the credentials/);
  const log = await Deno.readTextFile(setup.logFile);
  for (const text of [output(create), output(backup), log]) {
    assert.ok(!text.includes(wrong) && !text.includes(s3.secretKey));
  }
});

Deno.test("an object that cannot be read fails that file only, named by its path", async () => {
  await using setup = await s3Setup();
  const { home, s3 } = setup;
  await using proxy = startFaultProxy(s3.host);
  const repo = join(home.dir, "repo");
  await home.run(["at", repo, "create", "-plaintext"]);
  await addConfig(home, "destination", "bucket", setup.args("src"));
  const source = join(home.dir, "source");
  await makeTree(source, {
    "good.txt": { size: 100 },
    "dir/broken.txt": { size: 200 },
  });
  await home.run(["at", repo, "backup", source]);
  const ls = (await home.run(["at", repo, "ls"])).stdout.trim().split(/\s+/)[1];
  await home.run(restoreArgs(repo, "@bucket", ls));

  await addConfig(home, "source", "flaky", [
    ...setup.args("src", { max_retries: "1" }, proxy.host),
  ]);
  proxy.always(
    { status: 500, code: "InternalError" },
    1,
    (r) => r.method === "GET" && r.url.endsWith("/dir/broken.txt"),
  );
  const backup = await home.run(["at", repo, "backup", "@flaky"], {
    allowFailure: true,
    timeoutMs: 60_000,
  });
  assert.match(
    output(backup),
    /KO ✘ \/dir\/broken\.txt: .*could not read dir\/broken\.txt at http:\/\/127\.0\.0\.1:\d+\/src: 500 InternalError; gave up after 2 attempts/,
  );
  assert.match(output(backup), /OK ✓ \/good\.txt/);
});
