/**
 * Hard links under real plakar v1.1.4, backed up through the localdir
 * importer and restored through its exporter. plakar sends the exporter
 * every path of a hard-linked group, each with the same device and inode,
 * `nlink` and its full content (measured); the exporter makes them links of
 * the first one written, or copies where the file system refuses.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  latestSnapshot,
  localdirRepo,
  plakarOverTmpfs,
} from "../support/localdir_plakar.ts";
import { assertSameTree, makeTree } from "../../toolchain/tree.ts";
import { restoreArgs } from "../../toolchain/plakar.ts";

/** The files under `root` that share an inode, as sorted groups of relative paths. */
async function linkGroups(root: string): Promise<string[][]> {
  const byInode = new Map<number, string[]>();
  const walk = async (relative: string) => {
    for await (const entry of Deno.readDir(join(root, relative))) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(child);
      else if (entry.isFile) {
        const { ino } = await Deno.lstat(join(root, child));
        byInode.set(ino!, [...(byInode.get(ino!) ?? []), child]);
      }
    }
  };
  await walk("");
  return [...byInode.values()].filter((g) => g.length > 1).map((g) => g.sort())
    .sort();
}

/** A home and repository with a backup of a tree holding two hard-linked groups across folders. */
async function backedUpLinks() {
  const { home, repo } = await localdirRepo();
  const source = join(home.dir, "source");
  await makeTree(source, {
    "a/one": { size: 70_000 },
    "a/solo": { size: 10 },
    "e/x": { size: 5 },
  });
  await Deno.mkdir(join(source, "b"));
  await Deno.mkdir(join(source, "c"));
  await Deno.link(join(source, "a/one"), join(source, "b/two"));
  await Deno.link(join(source, "a/one"), join(source, "c/third"));
  await Deno.link(join(source, "e/x"), join(source, "e/y"));
  const said = await home.run(["at", repo, "backup", `localdir://${source}`]);
  assert.match(said.stdout + said.stderr, /backup completed without errors/);
  return { home, source, repo, id: await latestSnapshot(home, repo) };
}

Deno.test("hard links come back as hard links, also when restored again over themselves", async () => {
  const { home, source, repo, id } = await backedUpLinks();
  await using _ = home;
  const expected = [["a/one", "b/two", "c/third"], ["e/x", "e/y"]];
  assert.deepEqual(await linkGroups(source), expected);

  const target = join(home.dir, "restored");
  for (let round = 0; round < 2; round++) {
    const restore = await home.run(
      restoreArgs(repo, `localdir://${target}`, id),
    );
    assert.doesNotMatch(restore.stdout + restore.stderr, /KO|error|copy/i);
    assert.deepEqual(await linkGroups(target), expected, `round ${round}`);
    assert.equal(await assertSameTree(source, target), 11);
    assert.equal((await Deno.lstat(join(target, "a/one"))).nlink, 3);
  }
});

Deno.test("where the file system refuses a link, the file is restored as a copy and a warning says so", async () => {
  const { home, source, repo, id } = await backedUpLinks();
  await using _ = home;
  // c/ is another file system (a tmpfs mounted there in a private mount
  // namespace, for plakar alone): a/one cannot be linked into it.
  const target = join(home.dir, "restored");
  await Deno.mkdir(join(target, "c"), { recursive: true });
  // The copy is checked in there, before the mount goes with the namespace.
  const { code, said } = await plakarOverTmpfs(
    home,
    join(target, "c"),
    restoreArgs(repo, `localdir://${target}`, id),
    {
      after: `cmp "$COPY_OF" "$MOUNTPOINT/third" &&
        stat -c "copy nlink=%h" "$MOUNTPOINT/third"`,
      env: { COPY_OF: join(source, "a/one") },
    },
  );
  assert.equal(code, 0, said);
  assert.doesNotMatch(said, /KO/);
  assert.match(said, /copy nlink=1/, "c/third is a whole copy");
  // Outside the namespace c/ is the plain folder under the mount: empty.
  assert.deepEqual(await Array.fromAsync(Deno.readDir(join(target, "c"))), []);
  assert.deepEqual(await linkGroups(target), [["a/one", "b/two"], [
    "e/x",
    "e/y",
  ]]);
  // plakar shows the plugin's warning to the user.
  assert.match(
    said,
    /warn: restored \/c\/third as a copy, not as a hard link of \/a\/one: .*(cross-device|Invalid cross-device)/i,
  );
});
