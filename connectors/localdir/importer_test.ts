/**
 * The localdir importer: what its scan yields for a real directory, how it
 * reports what it cannot read, and its conformance as a plugin process.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { localdirImporter } from "./importer.ts";
import {
  FileMode,
  goMode,
  type Importer,
  type ScanEntry,
  type ScanItem,
} from "@plakar/kit";
import { assertConformance, checkImporter } from "@plakar/kit/testing";
import { makeTree } from "../../toolchain/tree.ts";

import { TEST_HOST_OPTIONS } from "../../tests/support/host_options.ts";
const MAIN = new URL("./main.ts", import.meta.url).pathname;

function importer(root: string): Promise<Importer> {
  return localdirImporter({
    proto: "localdir",
    config: { location: `localdir://${root}` },
    options: TEST_HOST_OPTIONS,
  });
}

async function scanned(root: string): Promise<ScanItem[]> {
  return await Array.fromAsync((await importer(root)).scan());
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "localdir-importer-" });
  try {
    await fn(dir);
  } finally {
    // `rm` removes paths longer than PATH_MAX, which Deno.remove cannot.
    await new Deno.Command("rm", { args: ["-rf", dir] }).output();
  }
}

const entry = (items: ScanItem[], pathname: string) =>
  items.find((i) => i.pathname === pathname && "info" in i) as ScanEntry;

Deno.test("the scan yields the root's ancestors, then the tree depth-first in name order", async () => {
  await withDir(async (dir) => {
    const root = join(dir, "src");
    await makeTree(root, {
      "b/inner.txt": { size: 5 },
      "a/deep/x.bin": { size: 3000, mode: 0o600 },
      "c.txt": { size: 0 },
      "link": { symlink: "a/deep/x.bin" },
      "a": { dir: 0o750 },
    });
    const items = await scanned(root);
    const ancestors = [];
    for (let d = dirname(root); d !== "/"; d = dirname(d)) ancestors.unshift(d);
    assert.deepEqual(items.map((i) => i.pathname), [
      "/",
      ...ancestors,
      root,
      `${root}/a`,
      `${root}/b`,
      `${root}/c.txt`,
      `${root}/link`,
      `${root}/a/deep`,
      `${root}/a/deep/x.bin`,
      `${root}/b/inner.txt`,
    ]);
    assert.ok(items.every((i) => "info" in i), "no failures");

    const top = entry(items, "/");
    assert.deepEqual([top.info.name, top.content], ["/", undefined]);
    assert.ok((top.info.mode & FileMode.dir) !== 0);
    assert.equal(entry(items, `${root}/a`).info.mode, goMode("dir", 0o750));

    const file = entry(items, `${root}/a/deep/x.bin`);
    const stat = await Deno.lstat(`${root}/a/deep/x.bin`);
    assert.deepEqual(
      [file.info.name, file.info.mode, file.info.size, file.info.modTime],
      ["x.bin", 0o600, 3000, stat.mtime],
    );
    assert.deepEqual(
      [file.info.ino, file.info.dev, file.info.uid, file.info.gid],
      [stat.ino, stat.dev, stat.uid, stat.gid],
    );
    assert.equal(file.info.nlink, 1);
    const content = await file.content!();
    const bytes = new Uint8Array(
      await new Response(content as ReadableStream).arrayBuffer(),
    );
    assert.deepEqual(bytes, await Deno.readFile(`${root}/a/deep/x.bin`));

    const link = entry(items, `${root}/link`);
    assert.deepEqual(
      [link.target, link.content, link.info.mode & FileMode.symlink],
      ["a/deep/x.bin", undefined, FileMode.symlink],
    );
    assert.equal(entry(items, `${root}/c.txt`).info.size, 0);
  });
});

Deno.test("a fifo is an entry without content", async () => {
  await withDir(async (dir) => {
    const fifo = join(dir, "pipe");
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert.ok(made.success, "mkfifo");
    const pipe = entry(await scanned(dir), fifo);
    const permissions = (await Deno.lstat(fifo)).mode! & 0o777;
    assert.equal(pipe.info.mode, goMode("fifo", permissions));
    assert.equal(pipe.content, undefined);
  });
});

Deno.test("what cannot be read becomes an error record and the scan goes on", async () => {
  await withDir(async (dir) => {
    // Past PATH_MAX (4096 bytes) even root cannot lstat: a real failure.
    const component = "d".repeat(200);
    const deep = Array(22).fill(component).join("/");
    const made = await new Deno.Command("mkdir", {
      args: ["-p", deep],
      cwd: dir,
    }).output();
    assert.ok(made.success, "mkdir -p of a path past PATH_MAX");
    await makeTree(dir, { "zz/after.txt": { size: 1 } });

    const items = await scanned(dir);
    const failures = items.filter((i) => "error" in i);
    assert.equal(failures.length, 1, JSON.stringify(failures).slice(0, 300));
    const failure = failures[0] as { pathname: string; error: string };
    assert.match(failure.error, /File name too long/);
    assert.ok(failure.pathname.length > 4096);
    const at = items.indexOf(failures[0]);
    assert.ok(
      items.slice(at).some((i) => i.pathname === join(dir, "zz/after.txt")),
      "entries after the failure are still scanned",
    );
  });
});

Deno.test("a missing location or an unknown option fails Init with a clear message", async () => {
  await assert.rejects(
    importer("/nonexistent/place"),
    /cannot back up \/nonexistent\/place: No such file or directory/,
  );
  await assert.rejects(
    localdirImporter({
      proto: "localdir",
      config: { location: "localdir:///tmp", color: "blue" },
      options: TEST_HOST_OPTIONS,
    }),
    /unknown option "color"/,
  );
});

Deno.test("the localdir importer conforms to the protocol as a plugin process", async () => {
  await withDir(async (dir) => {
    await makeTree(dir, {
      "big.bin": { size: 3 * 1024 * 1024 + 7 },
      "sub/small.txt": { size: 100 },
      "sub/empty": { size: 0 },
      "link": { symlink: "big.bin" },
    });
    const report = await checkImporter({
      command: Deno.execPath(),
      args: ["run", "-A", MAIN, "importer"],
      config: { location: `localdir://${dir}` },
    });
    assertConformance(report);
  });
});
