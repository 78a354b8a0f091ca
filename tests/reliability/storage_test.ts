/**
 * The localdir storage plugin under faults, driven over its stdin/stdout as
 * plakar drives it: refusals are clear, cancelled or killed writes leave no
 * half-written object, cancelled reads release their file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CallError,
  type PluginProcess,
  spawnPlugin,
} from "../../sdk/testing/mod.ts";
import { denoPlugin } from "../support/conformance.ts";
import { concat } from "../support/bytes.ts";

const PLUGIN = denoPlugin("../connectors/localdir/main.ts", "storage");
const MIB = 1024 * 1024;

/** A running localdir storage with a fresh repository in a temporary folder. */
async function storage(
  create = true,
): Promise<{ plugin: PluginProcess; root: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "reliability-storage-" });
  const root = join(dir, "repo");
  const plugin = await spawnPlugin(PLUGIN.command, PLUGIN.args);
  await plugin.storage.init({ location: `localdir://${root}` });
  if (create) await plugin.storage.create(new TextEncoder().encode("config"));
  return {
    plugin,
    root,
    async [Symbol.asyncDispose]() {
      await plugin.shutdown(2000);
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function mac(seed: number): Uint8Array {
  return new Uint8Array(32).fill(seed);
}

/** The bytes of an object, read back through `Get`. */
async function read(plugin: PluginProcess, seed: number): Promise<Uint8Array> {
  return concat(
    await Array.fromAsync(plugin.storage.get("packfile", mac(seed))),
  );
}

/** The number of files the process has open (Linux). */
async function openFiles(pid: number): Promise<number> {
  let n = 0;
  for await (const _ of Deno.readDir(`/proc/${pid}/fd`)) n++;
  return n;
}

/** The names in the repository's temporary folder. */
async function tmpEntries(root: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(join(root, "tmp"))))
    .map((e) => e.name);
}

/** A source of `total` bytes, `size` per piece, that stalls after `stallAfter`. */
async function* slowBytes(
  total: number,
  stallAfter: number,
  stalled: () => void,
): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < total; sent += 64 * 1024) {
    if (sent >= stallAfter) {
      stalled();
      await new Promise(() => {}); // the host never sends the rest
    }
    yield new Uint8Array(64 * 1024).fill(7);
  }
}

Deno.test("Create on an existing repository is refused and keeps it intact", async () => {
  await using s = await storage();
  const error = await s.plugin.storage.create(new Uint8Array([1])).catch((
    e,
  ) => e);
  assert.ok(error instanceof CallError, String(error));
  assert.match(error.details, /a repository already exists at .*repo/);
  assert.deepEqual(
    new TextDecoder().decode(await s.plugin.storage.open()),
    "config",
  );
});

Deno.test("Create where a file stands is refused and leaves the file alone", async () => {
  await using s = await storage(false);
  await Deno.writeTextFile(s.root, "not a folder");
  const error = await s.plugin.storage.create(new Uint8Array([1])).catch((
    e,
  ) => e);
  assert.ok(error instanceof CallError, String(error));
  assert.match(error.details, /repo: it exists and is not a directory/);
  assert.equal(await Deno.readTextFile(s.root), "not a folder");
});

Deno.test("Open of a folder without a repository says so", async () => {
  await using s = await storage(false);
  await assert.rejects(
    s.plugin.storage.open(),
    (e: CallError) => /no repository at .*repo$/.test(e.details),
  );
});

Deno.test("Get of a missing object and a range past the end are clear errors", async () => {
  await using s = await storage();
  await assert.rejects(
    read(s.plugin, 9),
    (e: CallError) => /^packfile 0909[0-9a-f]{60} not found$/.test(e.details),
  );
  await s.plugin.storage.put("packfile", mac(1), [new Uint8Array(100)]);
  const past = async (offset: bigint, length: number) => {
    for await (
      const _ of s.plugin.storage.get("packfile", mac(1), { offset, length })
    ) { /* drain */ }
  };
  await assert.rejects(
    past(90n, 20),
    (e: CallError) =>
      /range 90\+20 is past the end of packfile 0101.* \(100 bytes\)/.test(
        e.details,
      ),
  );
  await assert.rejects(
    past(200n, 1),
    (e: CallError) => /range 200\+1 is past the end/.test(e.details),
  );
  await s.plugin.storage.ping();
});

Deno.test("concurrent Puts of the same MAC leave one whole object", async () => {
  await using s = await storage();
  const size = 3 * MIB + 17;
  const content = new Uint8Array(size).map((_, i) => (i * 31) & 0xff);
  const written = await Promise.all(
    Array.from(
      { length: 8 },
      () => s.plugin.storage.put("packfile", mac(2), [content]),
    ),
  );
  assert.deepEqual(written, Array(8).fill(BigInt(size)));
  assert.deepEqual(await read(s.plugin, 2), content);
  assert.equal((await s.plugin.storage.list("packfile")).length, 1);
  assert.deepEqual(await tmpEntries(s.root), []);
});

Deno.test("a Put cancelled midway leaves nothing visible and no temporary file", async () => {
  await using s = await storage();
  const abort = new AbortController();
  const put = s.plugin.storage.put(
    "packfile",
    mac(3),
    slowBytes(8 * MIB, 2 * MIB, () => setTimeout(() => abort.abort(), 300)),
    { signal: abort.signal },
  );
  await assert.rejects(put, (e: CallError) => /cancelled/.test(e.message));
  // The plugin removes the temporary file once it sees the cancellation.
  for (let i = 0; i < 50 && (await tmpEntries(s.root)).length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(await tmpEntries(s.root), []);
  assert.deepEqual(await s.plugin.storage.list("packfile"), []);
  await assert.rejects(read(s.plugin, 3), /not found/);
});

Deno.test("a storage killed in the middle of a Put leaves no visible object", async () => {
  await using s = await storage();
  const put = s.plugin.storage.put(
    "packfile",
    mac(4),
    slowBytes(8 * MIB, 2 * MIB, () => setTimeout(() => s.plugin.kill(), 300)),
  ).catch((e) => e);
  assert.ok((await put) instanceof CallError);
  assert.equal((await s.plugin.exited).signal, "SIGKILL");
  const [stray] = await tmpEntries(s.root);
  assert.match(stray, /\.part$/, "the killed write stayed in tmp/");
  assert.ok((await Deno.stat(join(s.root, "tmp", stray))).size >= MIB);

  // A new plugin on the same repository sees no object, and can write it.
  await using plugin = await spawnPlugin(PLUGIN.command, PLUGIN.args);
  await plugin.storage.init({ location: `localdir://${s.root}` });
  assert.deepEqual(await plugin.storage.list("packfile"), []);
  await assert.rejects(read(plugin, 4), /not found/);
  await plugin.storage.put("packfile", mac(4), [new Uint8Array(5).fill(1)]);
  assert.deepEqual(await read(plugin, 4), new Uint8Array(5).fill(1));
});

// 300: Deno's node:http2 client (the test host's) stops opening streams
// after about 400 it cancelled itself on one connection, whichever server
// it talks to (measured against grpc-js's too); plakar's Go client does not.
Deno.test("300 Gets cancelled early release their files", async () => {
  await using s = await storage();
  await s.plugin.storage.put("packfile", mac(5), [new Uint8Array(4 * MIB)]);
  const before = await openFiles(s.plugin.pid);
  for (let i = 0; i < 300; i++) {
    for await (const _ of s.plugin.storage.get("packfile", mac(5))) break;
  }
  await s.plugin.storage.ping();
  // Cancellation reaches the plugin asynchronously: let it settle.
  let after = await openFiles(s.plugin.pid);
  for (let i = 0; i < 50 && after > before + 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await openFiles(s.plugin.pid);
  }
  assert.ok(
    after <= before + 2,
    `open files went from ${before} to ${after} after 300 cancelled Gets`,
  );
});
