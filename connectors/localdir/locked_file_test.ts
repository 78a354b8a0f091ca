import assert from "node:assert/strict";
import { join } from "node:path";
import { claimAbandoned, createLocked } from "./locked_file.ts";

Deno.test("a locked file cannot be claimed while its maker holds it, then can", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const held = await createLocked(() => join(dir, "f"));
    assert.equal(await claimAbandoned(held.path), null);
    held.file.close();
    const claimed = await claimAbandoned(held.path);
    assert.ok(claimed);
    claimed.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the lock dies with its process, even killed with SIGKILL", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "f");
    const holder = new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `import { createLocked } from ${
          JSON.stringify(new URL("./locked_file.ts", import.meta.url).href)
        };
        await createLocked(() => ${JSON.stringify(path)});
        console.error("locked");
        setTimeout(() => {}, 60_000);`,
      ],
      // stderr: console.log of a module importing the kit goes there.
      stderr: "piped",
    }).spawn();
    const reader = holder.stderr.getReader();
    assert.match(
      new TextDecoder().decode((await reader.read()).value),
      /locked/,
    );
    assert.equal(await claimAbandoned(path), null, "held by a live process");
    holder.kill("SIGKILL");
    await holder.status;
    reader.releaseLock();
    await holder.stderr.cancel();
    const claimed = await claimAbandoned(path);
    assert.ok(claimed, "free once the holder is dead");
    claimed.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("only regular files are claimed: links, folders and FIFOs are not opened", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "target"), "x");
    await Deno.symlink("target", join(dir, "link"));
    await Deno.mkdir(join(dir, "folder"));
    const fifo = await new Deno.Command("mkfifo", { args: [join(dir, "fifo")] })
      .output();
    assert.ok(fifo.success);
    for (const name of ["link", "folder", "fifo", "missing"]) {
      assert.equal(await claimAbandoned(join(dir, name)), null, name);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
