/**
 * The stdio transport under host faults: stdin closing in the middle of a
 * call ends the plugin with 0 and no hang; connector output printed while
 * serving a call never reaches stdout. (Output at import time and stdin
 * ending at idle: sdk/_transport/stdio_test.ts.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { spawnPlugin } from "../../sdk/testing/mod.ts";
import { denoPlugin } from "../support/conformance.ts";

const STORAGE = denoPlugin("../connectors/localdir/main.ts", "storage");
const NOISY = denoPlugin("fixtures/noisy_storage.ts");
const MIB = 1024 * 1024;
const mac = new Uint8Array(32).fill(1);

Deno.test("stdin closed during a Get: the plugin exits 0 without hanging", async () => {
  const dir = await Deno.makeTempDir({ prefix: "reliability-transport-" });
  try {
    await using plugin = await spawnPlugin(STORAGE.command, STORAGE.args);
    await plugin.storage.init({ location: `localdir://${join(dir, "repo")}` });
    await plugin.storage.create(new Uint8Array([1]));
    await plugin.storage.put("packfile", mac, [new Uint8Array(16 * MIB)]);
    const get = plugin.storage.get("packfile", mac);
    await get.next(); // one chunk read, the rest pending
    const end = await plugin.shutdown(10_000);
    assert.deepEqual(end, { code: 0, signal: null, killed: false });
    await get.return(undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stdin closed during a Put: the plugin exits 0 without hanging, storing nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "reliability-transport-" });
  try {
    const root = join(dir, "repo");
    await using plugin = await spawnPlugin(STORAGE.command, STORAGE.args);
    await plugin.storage.init({ location: `localdir://${root}` });
    await plugin.storage.create(new Uint8Array([1]));
    let sent = 0;
    const stalled = Promise.withResolvers<void>();
    const put = plugin.storage.put("packfile", mac, {
      async *[Symbol.asyncIterator]() {
        for (; sent < 2 * MIB; sent += 64 * 1024) {
          yield new Uint8Array(64 * 1024);
        }
        stalled.resolve();
        await new Promise(() => {}); // the rest never comes
      },
    }).catch((e) => e);
    await stalled.promise;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const end = await plugin.shutdown(10_000);
    assert.deepEqual(end, { code: 0, signal: null, killed: false });
    assert.ok((await put) instanceof Error, "the Put did not succeed");
    const shard = join(root, "packfile", "01");
    const stored = await Array.fromAsync(Deno.readDir(shard)).catch(() => []);
    assert.deepEqual(stored, [], "no object became visible");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("console.log from connector code during a call goes to stderr, never stdout", async () => {
  const dir = await Deno.makeTempDir({ prefix: "reliability-transport-" });
  try {
    await using plugin = await spawnPlugin(NOISY.command, NOISY.args);
    await plugin.ready();
    await plugin.storage.init({ location: `localdir://${join(dir, "repo")}` });
    await plugin.storage.ping();
    assert.equal(plugin.stdoutProblem(), undefined);
    assert.match(plugin.stderr(), /noise: during Init/);
    const end = await plugin.shutdown(10_000);
    assert.deepEqual(end, { code: 0, signal: null, killed: false });
    assert.equal(plugin.stdoutProblem(), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
