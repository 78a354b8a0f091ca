/**
 * The localdir importer at scale under real plakar: a sparse 4 GiB file at
 * flat memory, and 100 000 small files. Minutes each on two cores, so they
 * run as `deno task test:slow`, apart from `deno task test`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  assertChecks,
  latestSnapshot,
  localdirPlugins,
  localdirRepo,
} from "../support/localdir_plakar.ts";
import type { PlakarHome } from "../../toolchain/plakar.ts";

const GIB = 1024 ** 3;

/**
 * Polls the peak resident memory (VmHWM) of the importer plugins plakar
 * runs for `home` until `done` settles; resolves to the highest, in MiB.
 */
async function importerPeak(
  home: PlakarHome,
  done: Promise<unknown>,
): Promise<number> {
  let peak = 0;
  let finished = false;
  done.finally(() => finished = true);
  while (!finished) {
    for (const pid of await localdirPlugins(home, "importer")) {
      try {
        const status = await Deno.readTextFile(`/proc/${pid}/status`);
        const kB = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, kB / 1024);
      } catch { /* gone */ }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return peak;
}

Deno.test("a sparse 4 GiB file is backed up at flat memory", async () => {
  const { home, repo } = await localdirRepo();
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
  console.log(`importer peak RSS: ${peak.toFixed(0)} MiB for a 4 GiB file`);
  await assertChecks(home, repo);
  const id = await latestSnapshot(home, repo);
  const ls = (await home.run(["at", repo, "ls", `${id}:${src}`])).stdout;
  assert.match(ls, /4\.0 GiB .*sparse\.bin/);
});

Deno.test("100 000 small files back up and list completely", async () => {
  const { home, repo } = await localdirRepo();
  await using _ = home;
  const src = join(home.dir, "src");
  const encoder = new TextEncoder();
  for (let d = 0; d < 100; d++) {
    const dir = join(src, `d${d}`);
    Deno.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 1000; f++) {
      Deno.writeFileSync(join(dir, `f${f}`), encoder.encode(`${d}/${f}`));
    }
  }
  const backup = await home.run(["at", repo, "backup", `localdir://${src}`], {
    timeoutMs: 600_000,
  });
  assert.match(backup.stdout, /backup completed without errors/);
  const id = await latestSnapshot(home, repo);
  const listed =
    (await home.run(["at", repo, "ls", "-recursive", `${id}:${src}`]))
      .stdout.trim().split("\n").filter((line) => /\/d\d+\/f\d+$/.test(line));
  assert.equal(listed.length, 100_000);
});
