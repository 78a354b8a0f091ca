/**
 * HTTP/2 flow control with the plugin's wider receive windows (1 MiB per
 * stream, 8 MiB per connection): a message larger than a stream's window
 * crosses it both ways, and hundreds of concurrent streams sending more
 * than the connection's window all arrive whole, through the real stdio
 * transport.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { spawnPlugin } from "../../sdk/testing/mod.ts";
import { denoPlugin } from "../support/conformance.ts";

const STORAGE = denoPlugin("../connectors/localdir/main.ts", "storage");
const MIB = 1024 * 1024;

/** Bytes that differ from object to object and along each one. */
function pattern(size: number, seed: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => (i * 31 + seed * 7) % 251);
}

const macOf = (n: number) =>
  new Uint8Array(32).map((_, i) => (n >> (i % 16)) & 255);

async function withStorage(
  test: (plugin: Awaited<ReturnType<typeof spawnPlugin>>) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "reliability-flow-" });
  try {
    await using plugin = await spawnPlugin(STORAGE.command, STORAGE.args);
    await plugin.storage.init({ location: `localdir://${join(dir, "repo")}` });
    await test(plugin);
    const end = await plugin.shutdown(10_000);
    assert.deepEqual(end, { code: 0, signal: null, killed: false });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a message of nearly 4 MiB, four stream windows, goes in and comes back whole", async () => {
  await withStorage(async (plugin) => {
    const config = pattern(4 * MIB - 1024, 1);
    await plugin.storage.create(config);
    const back = await plugin.storage.open();
    assert.equal(Buffer.compare(back, config), 0, "the config read back");
  });
});

Deno.test("300 concurrent Puts sending 14 MiB, more than the connection window, all land whole", async () => {
  await withStorage(async (plugin) => {
    await plugin.storage.create(new Uint8Array([1]));
    const objects = Array.from(
      { length: 300 },
      (_, n) => pattern(48 * 1024, n),
    );
    const written = await Promise.all(
      objects.map((bytes, n) =>
        plugin.storage.put("packfile", macOf(n), [bytes])
      ),
    );
    assert.deepEqual(written, objects.map((o) => BigInt(o.length)));
    const read = await Promise.all(objects.map(async (_, n) => {
      const parts = await Array.fromAsync(
        plugin.storage.get("packfile", macOf(n)),
      );
      return new Uint8Array(
        await new Blob(parts as BlobPart[]).arrayBuffer(),
      );
    }));
    read.forEach((bytes, n) =>
      assert.deepEqual(bytes, objects[n], `object ${n}`)
    );
  });
});
