/**
 * The localdir importer when the tree changes under it, and when the host
 * cancels reads, driven over the wire as plakar drives it: a file that
 * vanishes or changes size between the scan and its read gives a clear
 * error or its new content, never a hang; 1000 cancelled Opens leave no
 * file open.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CallError,
  type PluginProcess,
  spawnPlugin,
} from "../../sdk/testing/mod.ts";
import { denoPlugin } from "../support/conformance.ts";

const PLUGIN = denoPlugin("../connectors/localdir/main.ts", "importer");
const MIB = 1024 * 1024;

/** All the bytes of an Open, or its error. */
async function readAll(
  plugin: PluginProcess,
  record: Parameters<PluginProcess["importer"]["open"]>[0],
): Promise<Uint8Array | CallError> {
  const parts: Uint8Array[] = [];
  try {
    for await (const chunk of plugin.importer.open(record)) parts.push(chunk);
  } catch (error) {
    if (error instanceof CallError) return error;
    throw error;
  }
  return new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
}

async function openFiles(pid: number): Promise<number> {
  return (await Array.fromAsync(Deno.readDir(`/proc/${pid}/fd`))).length;
}

async function withTree(
  build: (src: string) => Promise<void>,
  body: (src: string, plugin: PluginProcess) => Promise<void>,
): Promise<void> {
  const src = await Deno.makeTempDir({ prefix: "reliability-importer-" });
  try {
    await build(src);
    await using plugin = await spawnPlugin(PLUGIN.command, PLUGIN.args);
    await plugin.importer.init({ location: `localdir://${src}` });
    await body(src, plugin);
  } finally {
    await Deno.remove(src, { recursive: true });
  }
}

Deno.test("files that vanish, shrink or grow between scan and read: a clear error or the new content", async () => {
  await withTree(async (src) => {
    await Deno.writeTextFile(join(src, "vanish.txt"), "soon gone");
    await Deno.writeFile(join(src, "shrink.bin"), new Uint8Array(4 * MIB));
    await Deno.writeTextFile(join(src, "grow.txt"), "short");
  }, async (src, plugin) => {
    const seen = new Map<string, Uint8Array | CallError>();
    const outcome = await plugin.importer.import(async (record) => {
      const name = record.pathname.slice(src.length + 1);
      const path = join(src, name);
      if (name === "vanish.txt") await Deno.remove(path);
      if (name === "shrink.bin") await Deno.truncate(path, 1000);
      if (name === "grow.txt") {
        await Deno.writeTextFile(path, " and longer", { append: true });
      }
      if (!record.hasReader) return undefined;
      const got = await readAll(plugin, record);
      seen.set(name, got);
      return got instanceof CallError ? got.details : undefined;
    });
    assert.deepEqual(outcome.problems, []);
    const vanished = seen.get("vanish.txt");
    assert.ok(vanished instanceof CallError, String(vanished));
    assert.match(vanished.details, /No such file .*vanish\.txt/);
    const shrunk = seen.get("shrink.bin");
    assert.ok(shrunk instanceof Uint8Array, String(shrunk));
    assert.equal(shrunk.byteLength, 1000, "what the file holds now");
    const grown = seen.get("grow.txt");
    assert.ok(grown instanceof Uint8Array, String(grown));
    assert.equal(new TextDecoder().decode(grown), "short and longer");
    await plugin.importer.ping();
  });
});

Deno.test("1000 Opens cancelled after their first chunk release their files", async () => {
  await withTree(async (src) => {
    for (let i = 0; i < 1000; i++) {
      const file = await Deno.create(join(src, `f${i}.bin`));
      await file.truncate(2 * MIB); // sparse: costs no disk
      file.close();
    }
  }, async (_src, plugin) => {
    const before = await openFiles(plugin.pid);
    let cancelled = 0;
    await plugin.importer.import(async (record) => {
      if (!record.hasReader) return undefined;
      for await (const chunk of plugin.importer.open(record)) {
        assert.ok(chunk.byteLength > 0);
        cancelled++;
        break;
      }
      return undefined;
    }, { window: 8 });
    assert.equal(cancelled, 1000);
    await plugin.importer.ping();
    let after = await openFiles(plugin.pid);
    for (let i = 0; i < 50 && after > before + 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await openFiles(plugin.pid);
    }
    assert.ok(
      after <= before + 2,
      `open files went from ${before} to ${after} after 1000 cancelled Opens`,
    );
  });
});
