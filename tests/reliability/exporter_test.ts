/**
 * The localdir exporter under hostile or failing restores, driven over the
 * wire as plakar drives it: no record may write outside the restore root,
 * existing files are replaced whole, and an unwritable target gives one
 * clear error per record.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { goMode } from "../../sdk/mod.ts";
import {
  type ExportItem,
  type PluginProcess,
  spawnPlugin,
} from "../../sdk/testing/mod.ts";
import { denoPlugin } from "../support/conformance.ts";

const PLUGIN = denoPlugin("../connectors/localdir/main.ts", "exporter");
const text = (s: string) => new TextEncoder().encode(s);

function dir(pathname: string): ExportItem {
  return {
    record: { pathname, fileInfo: { name: "d", mode: goMode("dir", 0o755) } },
  };
}

function file(pathname: string, content: string): ExportItem {
  return {
    record: {
      pathname,
      hasReader: true,
      fileInfo: {
        name: "f",
        mode: goMode("file", 0o644),
        size: BigInt(content.length),
      },
    },
    content: [text(content)],
  };
}

function symlink(pathname: string, target: string): ExportItem {
  return {
    record: {
      pathname,
      target,
      fileInfo: { name: "l", mode: goMode("symlink", 0o777) },
    },
  };
}

/** Restores `items` into `root`; resolves to the error of each pathname. */
async function restore(
  plugin: PluginProcess,
  root: string,
  items: ExportItem[],
): Promise<Map<string, string>> {
  await plugin.exporter.init({ location: `localdir://${root}` });
  const errors = new Map<string, string>();
  await plugin.exporter.export(items, {
    onResult: (r) => errors.set(r.header?.pathname ?? "?", r.error),
  });
  return errors;
}

/** Every path under `dir`, relative to it. */
async function listing(dir: string, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${prefix}${entry.name}`;
    found.push(path);
    if (entry.isDirectory) {
      found.push(...await listing(join(dir, entry.name), `${path}/`));
    }
  }
  return found.sort();
}

async function withFolder(
  body: (base: string, plugin: PluginProcess) => Promise<void>,
): Promise<void> {
  const base = await Deno.makeTempDir({ prefix: "reliability-exporter-" });
  try {
    await using plugin = await spawnPlugin(PLUGIN.command, PLUGIN.args);
    await body(base, plugin);
  } finally {
    await Deno.chmod(base, 0o755).catch(() => {});
    await Deno.remove(base, { recursive: true });
  }
}

Deno.test("records climbing out of the restore root are refused, nothing is written outside", async () => {
  await withFolder(async (base, plugin) => {
    const root = join(base, "root");
    const outside = join(base, "outside");
    await Deno.mkdir(outside, { mode: 0o755 });
    const errors = await restore(plugin, root, [
      dir("/"),
      file("/../escaped.txt", "out"),
      file("/a/../../escaped2.txt", "out"),
      file(`/..${outside}/escaped3.txt`, "out"),
      // An absolute pathname is relative to the root, never to `/`.
      ...outside.split("/").slice(1).map((_, i, parts) =>
        dir(`/${parts.slice(0, i + 1).join("/")}`)
      ),
      file(`${outside}/absolute.txt`, "in"),
      // A link out of the root, then a file through it.
      symlink("/link", outside),
      file("/link/through-link.txt", "out"),
      dir("/link/newdir"),
      dir("/link"),
      dir("/linkdir"),
      symlink("/linkdir/up", ".."),
      file("/linkdir/up/up-and-over.txt", "in root, by a link inside it"),
      file("/ok.txt", "fine"),
    ]);
    for (const path of ["/../escaped.txt", "/a/../../escaped2.txt"]) {
      assert.match(errors.get(path) ?? "", /refusing to restore .*"\.\."/);
    }
    assert.match(
      errors.get("/link/through-link.txt") ?? "",
      /refusing to restore "\/link\/through-link.txt": .*symbolic link/,
    );
    for (const path of ["/link/newdir", "/link"]) {
      assert.match(errors.get(path) ?? "", /symbolic link .* leads out/);
    }
    assert.equal(errors.get("/ok.txt"), "");
    assert.equal(
      await Deno.readTextFile(join(root, "up-and-over.txt")),
      "in root, by a link inside it",
    );
    assert.equal((await Deno.stat(outside)).mode! & 0o777, 0o755);
    assert.deepEqual(await listing(outside), [], "nothing written outside");
    assert.deepEqual(await listing(base), [
      "outside",
      "root",
      ...(await listing(root)).map((p) => `root/${p}`),
    ]);
    assert.equal(
      await Deno.readTextFile(join(root, outside, "absolute.txt")),
      "in",
    );
    assert.equal(await Deno.readTextFile(join(root, "ok.txt")), "fine");
  });
});

Deno.test("restoring over existing entries: files and links are replaced whole, folders merged, other paths kept", async () => {
  await withFolder(async (base, plugin) => {
    const root = join(base, "root");
    await Deno.mkdir(join(root, "d"), { recursive: true });
    await Deno.writeTextFile(
      join(root, "d", "f.txt"),
      "a much longer old text",
    );
    await Deno.writeTextFile(join(root, "d", "other.txt"), "untouched");
    const errors = await restore(plugin, root, [
      dir("/"),
      dir("/d"),
      file("/d/f.txt", "new"),
    ]);
    assert.deepEqual([...errors.values()], ["", "", ""]);
    assert.equal(await Deno.readTextFile(join(root, "d", "f.txt")), "new");
    assert.equal(
      await Deno.readTextFile(join(root, "d", "other.txt")),
      "untouched",
    );
    assert.deepEqual(await listing(root), ["d", "d/f.txt", "d/other.txt"]);

    // A second restore of links, and entries whose kind changed.
    await Deno.symlink("old-target", join(root, "link"));
    await Deno.mkdir(join(root, "was-dir"));
    await Deno.writeTextFile(join(root, "was-file"), "x");
    const again = await restore(plugin, root, [
      dir("/"),
      symlink("/link", "new-target"),
      file("/was-dir", "now a file"),
      dir("/was-file"),
    ]);
    assert.equal(again.get("/link"), "");
    assert.equal(await Deno.readLink(join(root, "link")), "new-target");
    assert.match(again.get("/was-dir") ?? "", /Is a directory/);
    assert.match(again.get("/was-file") ?? "", /File exists.*was-file/);
    assert.deepEqual(await listing(root), [
      "d",
      "d/f.txt",
      "d/other.txt",
      "link",
      "was-dir",
      "was-file",
    ], "nothing else replaced, no temporary file left");
  });
});

Deno.test("an Export cancelled in the middle of a file leaves neither the file nor a temporary one", async () => {
  await withFolder(async (base, plugin) => {
    const root = join(base, "root");
    await plugin.exporter.init({ location: `localdir://${root}` });
    const abort = new AbortController();
    const content = async function* () {
      for (let i = 0; i < 8; i++) yield new Uint8Array(256 * 1024);
      setTimeout(() => abort.abort(new Error("the user pressed ^C")), 300);
      // The rest never comes: the source stops once the call is cancelled.
      await new Promise((resolve) =>
        abort.signal.addEventListener("abort", resolve)
      );
    };
    const big = file("/big.bin", "");
    big.record.fileInfo!.size = 4n << 20n;
    big.content = content();
    await assert.rejects(
      plugin.exporter.export([dir("/"), big], { signal: abort.signal }),
      /cancelled by the host: the user pressed \^C/,
    );
    await plugin.exporter.ping(); // still serving
    for (let i = 0; i < 50 && (await listing(root)).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(await listing(root), []);
  });
});
