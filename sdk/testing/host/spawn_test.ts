/**
 * The plugin host: start-up failures are explained, calls that fail name
 * their RPC and why.
 */
import assert from "node:assert/strict";
import { CallError, spawnPlugin } from "../mod.ts";
import { denoPlugin } from "../../../tests/support/conformance.ts";

const deno = Deno.execPath();

Deno.test("a plugin that exits before serving: ready() says how, with its stderr", async () => {
  await using plugin = await spawnPlugin(deno, [
    "eval",
    "console.error('cannot read config'); Deno.exit(3)",
  ]);
  await assert.rejects(
    plugin.ready(10_000),
    /the plugin exited with code 3 before serving; its stderr ends with: "cannot read config"/,
  );
});

Deno.test("a plugin that never serves: ready() times out", async () => {
  await using plugin = await spawnPlugin(deno, [
    "eval",
    "setTimeout(() => {}, 30_000)",
  ]);
  await assert.rejects(
    plugin.ready(500),
    /no HTTP\/2 SETTINGS from the plugin within 0\.5 s/,
  );
  const end = await plugin.shutdown(500);
  assert.equal(end.killed, true);
});

Deno.test("a call to a plugin that died fails with its path and the exit", async () => {
  const fixture = denoPlugin("fixtures/protocol/importer.ts");
  await using plugin = await spawnPlugin(fixture.command, fixture.args);
  await plugin.ready();
  await plugin.importer.ping();
  plugin.kill();
  await plugin.exited;
  const error = await plugin.importer.ping().catch((e) => e);
  assert.ok(error instanceof CallError, String(error));
  assert.equal(error.path, "/importer.Importer/Ping");
  assert.match(error.message, /the plugin exited with signal SIGKILL/);
});

Deno.test("an Open can be cancelled midway and the plugin keeps serving", async () => {
  const fixture = denoPlugin("fixtures/protocol/importer.ts");
  await using plugin = await spawnPlugin(fixture.command, fixture.args);
  await plugin.importer.init({ location: "fixture:///" });
  const sizes: number[] = [];
  for await (
    const chunk of plugin.importer.open(
      { pathname: "/src/big.bin" } as Parameters<
        typeof plugin.importer.open
      >[0],
    )
  ) {
    sizes.push(chunk.byteLength);
    break;
  }
  assert.deepEqual(sizes, [512 * 1024]);
  await plugin.importer.ping();
  const end = await plugin.shutdown();
  assert.deepEqual(end, { code: 0, signal: null, killed: false });
});
