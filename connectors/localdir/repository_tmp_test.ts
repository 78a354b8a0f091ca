import assert from "node:assert/strict";
import { join } from "node:path";
import {
  repositoryTemporary,
  sweepRepositoryTmp,
  TMP,
} from "./repository_tmp.ts";

Deno.test("opening sweeps abandoned parts, keeps those being written and older versions' files", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(root, TMP));
    const live = await repositoryTemporary(root);
    const dead = await repositoryTemporary(root);
    dead.file.close(); // as the kernel does for a killed writer
    const older = join(root, TMP, `${crypto.randomUUID()}.part`);
    await Deno.writeTextFile(older, "unlocked, so maybe still written");
    assert.equal(await sweepRepositoryTmp(root), 1);
    const left = (await Array.fromAsync(Deno.readDir(join(root, TMP))))
      .map((e) => join(root, TMP, e.name)).sort();
    assert.deepEqual(left, [live.path, older].sort());
    live.file.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a repository without tmp/ sweeps nothing", async () => {
  const root = await Deno.makeTempDir();
  try {
    assert.equal(await sweepRepositoryTmp(root), 0);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
