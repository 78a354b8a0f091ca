import assert from "node:assert/strict";
import { join } from "node:path";
import {
  restoreTemporaries,
  sweepRestoreTemporaries,
} from "./restore_temporaries.ts";

async function names(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

/** A live run that made temporaries in the root and in `sub/deep`. */
async function liveRun(root: string) {
  const run = restoreTemporaries(root);
  const made = [
    await run.beside(join(root, "a")),
    await run.beside(join(root, "sub", "deep", "b")),
    await run.beside(join(root, "sub", "deep", "c")),
  ];
  for (const path of made) await Deno.writeTextFile(path, "partial");
  const [journal] = (await names(root)).filter((n) => n.endsWith(".restore"));
  return { run, made, journal };
}

Deno.test("a live run's temporaries and journal survive a sweep; a dead run's are removed", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(root, "sub", "deep"), { recursive: true });
    const { run, made, journal } = await liveRun(root);
    assert.equal(await sweepRestoreTemporaries(root), 0);
    for (const path of made) await Deno.lstat(path);

    await releaseWithoutRemoving(run, root, journal);
    assert.equal(await sweepRestoreTemporaries(root), 3);
    assert.deepEqual(await names(root), ["sub"]);
    assert.deepEqual(await names(join(root, "sub", "deep")), []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

/**
 * Lets go of a run's lock but keeps its journal, as a SIGKILL would: the
 * journal is moved away, the run closed (removing nothing), then put back.
 */
async function releaseWithoutRemoving(
  run: { close(): Promise<void> },
  root: string,
  journal: string,
) {
  const kept = join(root, "..", `${journal}.kept-${crypto.randomUUID()}`);
  await Deno.copyFile(join(root, journal), kept);
  await run.close();
  await Deno.rename(kept, join(root, journal));
}

Deno.test("look-alikes are never removed: no journal, another run, a foreign journal", async () => {
  const root = await Deno.makeTempDir();
  try {
    const other = crypto.randomUUID();
    const lookAlikes = [
      `.plakar-localdir-${other}-0.part`, // no journal names this run
      `.plakar-${crypto.randomUUID()}.part`, // an older version's name
    ];
    for (const name of lookAlikes) {
      await Deno.writeTextFile(join(root, name), "mine");
    }
    // A file named like a journal that is not one: its header is wrong.
    const foreign = crypto.randomUUID();
    await Deno.writeTextFile(
      join(root, `.plakar-localdir-${foreign}.restore`),
      "my notes\n",
    );
    await Deno.writeTextFile(
      join(root, `.plakar-localdir-${foreign}-1.part`),
      "x",
    );
    assert.equal(await sweepRestoreTemporaries(root), 0);
    assert.equal((await names(root)).length, 4);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a journal never leads the sweep out of the root", async () => {
  const base = await Deno.makeTempDir();
  try {
    const root = join(base, "root");
    await Deno.mkdir(root);
    const run = crypto.randomUUID();
    const outside = join(base, `.plakar-localdir-${run}-0.part`);
    await Deno.writeTextFile(outside, "not in the root");
    await Deno.writeTextFile(
      join(root, `.plakar-localdir-${run}.restore`),
      `plakar-localdir restore journal ${run}\n"../"\n"${base}"\n`,
    );
    assert.equal(await sweepRestoreTemporaries(root), 0);
    await Deno.lstat(outside);
    assert.deepEqual(await names(root), [], "the dead journal itself went");
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("sweeping a root that does not exist yet does nothing", async () => {
  assert.equal(await sweepRestoreTemporaries("/nonexistent/plakar/root"), 0);
});
