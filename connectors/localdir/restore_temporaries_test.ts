import assert from "node:assert/strict";
import { join } from "node:path";
import {
  restoreTemporaries,
  sweepRestoreTemporaries,
} from "./restore_temporaries.ts";

async function names(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

/**
 * Starts a process that makes temporaries in the root and in `sub/deep`
 * and keeps them in flight; returns it once they are written.
 */
async function runInAnotherProcess(root: string) {
  const module = new URL("./restore_temporaries.ts", import.meta.url).href;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { restoreTemporaries } from ${JSON.stringify(module)};
      const root = ${JSON.stringify(root)};
      const run = restoreTemporaries(root);
      let written = 0;
      for (const path of ["a", "sub/deep/b", "sub/deep/c"]) {
        run.using(root + "/" + path, async (tmp) => {
          await Deno.writeTextFile(tmp, "partial");
          if (++written === 3) console.error("written");
          await new Promise(() => {});
        });
      }
      setTimeout(() => {}, 60_000);`,
    ],
    // stderr: console.log of a module importing the kit goes there.
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.getReader();
  assert.match(
    new TextDecoder().decode((await reader.read()).value),
    /written/,
  );
  reader.releaseLock();
  return child;
}

Deno.test("a live run's temporaries and journal survive a sweep; once it is SIGKILLed they are removed", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(root, "sub", "deep"), { recursive: true });
    const child = await runInAnotherProcess(root);
    try {
      assert.equal(await sweepRestoreTemporaries(root), 0);
      assert.equal((await names(root)).length, 3, "a, the journal and sub");
      assert.equal((await names(join(root, "sub", "deep"))).length, 2);
    } finally {
      child.kill("SIGKILL");
      await child.status;
      await child.stderr.cancel();
    }
    assert.equal(await sweepRestoreTemporaries(root), 3);
    assert.deepEqual(await names(root), ["sub"]);
    assert.deepEqual(await names(join(root, "sub", "deep")), []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a run removes its journal when closed, or when idle if nothing closes it", async () => {
  const root = await Deno.makeTempDir();
  try {
    const run = restoreTemporaries(root);
    let release: (() => void) | undefined;
    const writing = run.using(join(root, "f"), async (tmp) => {
      await Deno.writeTextFile(tmp, "x");
      await new Promise<void>((resolve) => release = resolve);
      await Deno.rename(tmp, join(root, "f"));
    });
    while (!release) await new Promise((resolve) => setTimeout(resolve, 5));
    await run.close();
    assert.equal((await names(root)).length, 2, "kept while a file is written");
    release();
    await writing;
    await run.close();
    assert.deepEqual(await names(root), ["f"]);

    // A cancelled restore: nothing calls close.
    await run.using(join(root, "g"), async (tmp) => {
      await Deno.writeTextFile(tmp, "g");
      await Deno.rename(tmp, join(root, "g"));
    });
    assert.equal((await names(root)).length, 3, "f, g and the journal");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(await names(root), ["f", "g"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

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
