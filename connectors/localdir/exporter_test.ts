/**
 * The localdir exporter: what it writes for each kind of entry, what it
 * refuses, how `finish` applies directory metadata, and its conformance as
 * a plugin process.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { localdirExporter } from "./exporter.ts";
import {
  type ExportEntry,
  type Exporter,
  type FileInfo,
  goMode,
  kindOf,
} from "@plakar/kit";
import {
  assertConformance,
  checkExporter,
  verifyLocalTree,
} from "@plakar/kit/testing";

import { TEST_HOST_OPTIONS } from "../../tests/support/host_options.ts";
const MAIN = new URL("./main.ts", import.meta.url).pathname;

const MTIME = new Date("2023-03-04T05:06:07.000Z");

function exporterAt(root: string): Exporter {
  return localdirExporter({
    proto: "localdir",
    config: { location: `localdir://${root}` },
    options: TEST_HOST_OPTIONS,
  });
}

function entry(
  pathname: string,
  mode: number,
  extra: Partial<ExportEntry> = {},
): ExportEntry {
  const info: FileInfo = {
    name: pathname.split("/").at(-1) || "/",
    size: 0n,
    mode,
    modTime: MTIME,
    dev: 0n,
    ino: 0n,
    uid: BigInt(Deno.uid() ?? 0),
    gid: BigInt(Deno.gid() ?? 0),
    nlink: 1,
    username: "",
    groupname: "",
    flags: 0,
  };
  return { pathname, kind: kindOf(mode), info, xattrs: [], ...extra };
}

const bytes = (...values: number[]) =>
  ReadableStream.from([
    new Uint8Array(values),
  ]);

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "localdir-exporter-" });
  try {
    await fn(dir);
  } finally {
    await new Deno.Command("chmod", { args: ["-R", "u+rwx", dir] }).output();
    await Deno.remove(dir, { recursive: true });
  }
}

const mode = async (path: string) =>
  ((await Deno.lstat(path)).mode! & 0o7777).toString(8);

Deno.test("entries are restored with their content, modes, times and targets; directories at finish", async () => {
  await withDir(async (dir) => {
    const root = join(dir, "out");
    const exporter = exporterAt(root);
    for (
      const e of [
        entry("/", goMode("dir", 0o751)),
        entry("/locked", goMode("dir", 0o555)),
        entry("/locked/ro.txt", 0o444, { content: bytes(1, 2, 3) }),
        entry("/locked/empty", 0o600, { content: bytes() }),
        entry("/no-content", 0o640),
        entry("/link", goMode("symlink", 0o777), { target: "locked/ro.txt" }),
        entry("/dangling", goMode("symlink", 0o777), { target: "../nowhere" }),
      ]
    ) await exporter.restore(e);
    assert.equal(
      await mode(join(root, "locked")),
      "700",
      "writable until finish",
    );
    await exporter.finish!();

    assert.equal(await mode(root), "751");
    assert.equal(await mode(join(root, "locked")), "555");
    assert.equal(await mode(join(root, "locked/ro.txt")), "444");
    assert.equal(await mode(join(root, "locked/empty")), "600");
    assert.deepEqual(
      await Deno.readFile(join(root, "locked/ro.txt")),
      new Uint8Array([1, 2, 3]),
    );
    assert.equal((await Deno.stat(join(root, "locked/empty"))).size, 0);
    assert.equal((await Deno.stat(join(root, "no-content"))).size, 0);
    for (const path of ["", "locked", "locked/ro.txt", "no-content"]) {
      assert.deepEqual(
        (await Deno.stat(join(root, path))).mtime,
        MTIME,
        `mtime of /${path}`,
      );
    }
    assert.equal(await Deno.readLink(join(root, "link")), "locked/ro.txt");
    assert.equal(await Deno.readLink(join(root, "dangling")), "../nowhere");
    const names = (await Array.fromAsync(Deno.readDir(join(root, "locked"))))
      .map((e) => e.name).sort();
    assert.deepEqual(names, ["empty", "ro.txt"], "no temporary file is left");
  });
});

Deno.test("a pathname with a '..' segment is refused and nothing is written outside the root", async () => {
  await withDir(async (dir) => {
    const exporter = exporterAt(join(dir, "out"));
    await assert.rejects(
      async () =>
        await exporter.restore(
          entry("/a/../../escape", 0o644, { content: bytes(1) }),
        ),
      /refusing to restore "\/a\/\.\.\/\.\.\/escape": a "\.\." segment would leave the restore root/,
    );
    assert.deepEqual(await Array.fromAsync(Deno.readDir(dir)), []);
  });
});

Deno.test("a file whose content fails leaves nothing behind", async () => {
  await withDir(async (dir) => {
    const exporter = exporterAt(dir);
    const content = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(10));
        controller.error(new Error("the host went away"));
      },
    });
    await assert.rejects(
      async () => await exporter.restore(entry("/f", 0o644, { content })),
      /the host went away/,
    );
    // The restore's journal (restore_temporaries.ts) goes when it ends.
    await exporter.finish?.();
    assert.deepEqual(await Array.fromAsync(Deno.readDir(dir)), []);
  });
});

Deno.test("kinds the exporter cannot create are refused by name", async () => {
  await withDir(async (dir) => {
    await assert.rejects(
      async () =>
        await exporterAt(dir).restore(entry("/pipe", goMode("fifo", 0o644))),
      /cannot restore \/pipe: it is a fifo, and localdir restores directories, files and symbolic links only/,
    );
  });
});

Deno.test("finish reports the directories whose metadata it could not set", async () => {
  await withDir(async (dir) => {
    const exporter = exporterAt(dir);
    await exporter.restore(entry("/gone", goMode("dir", 0o755)));
    await exporter.restore(entry("/kept", goMode("dir", 0o711)));
    await Deno.remove(join(dir, "gone"));
    await assert.rejects(
      async () => await exporter.finish!(),
      /could not set the mode, owner or time of 1 directory: .*No such file or directory.*gone/,
    );
    assert.equal(await mode(join(dir, "kept")), "711", "the others are set");
  });
});

Deno.test("the localdir exporter conforms to the protocol as a plugin process", async () => {
  await withDir(async (dir) => {
    const report = await checkExporter({
      command: Deno.execPath(),
      args: ["run", "-A", MAIN, "exporter"],
      config: { location: `localdir://${dir}` },
      verify: verifyLocalTree(dir),
    });
    assertConformance(report);
  });
});
