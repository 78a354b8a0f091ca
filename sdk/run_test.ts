/**
 * `run()`: one executable serves the kind its first argument names (the
 * manifest's `args`), the only kind it has without an argument, and
 * otherwise exits 2 with a usage message on stderr.
 */
import assert from "node:assert/strict";
import { spawnPlugin } from "./testing/mod.ts";

const FIXTURE =
  new URL("../tests/fixtures/run_kinds.ts", import.meta.url).pathname;
const LOCATION = { location: "fixture:///" };

function plugin(kinds: string, ...args: string[]) {
  return spawnPlugin(Deno.execPath(), ["run", "-A", FIXTURE, ...args], {
    env: { RUN_KINDS: kinds },
  });
}

async function refused(kinds: string, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", FIXTURE, ...args],
    env: { RUN_KINDS: kinds },
    stdin: "null",
  }).output();
  return {
    code: out.code,
    stdout: out.stdout.byteLength,
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("the first argument chooses the connector served", async () => {
  for (const kind of ["importer", "exporter", "storage"] as const) {
    await using served = await plugin("importer,exporter,storage", kind);
    const answer = await served[kind].init(LOCATION);
    assert.equal(answer.type, kind);
    const other = kind === "importer" ? "exporter" : "importer";
    await assert.rejects(
      served[other].init(LOCATION),
      /UNIMPLEMENTED|unimplemented/i,
      `${other} is not served alongside ${kind}`,
    );
    assert.equal((await served.shutdown()).code, 0);
  }
});

Deno.test("without an argument, the only connector given is served", async () => {
  await using served = await plugin("exporter");
  assert.equal((await served.exporter.init(LOCATION)).type, "exporter");
  assert.equal((await served.shutdown()).code, 0);
});

Deno.test("without an argument among several kinds, the plugin exits 2 with its usage", async () => {
  const out = await refused("importer,storage");
  assert.equal(out.code, 2);
  assert.equal(out.stdout, 0, "nothing on stdout");
  assert.match(out.stderr, /which connector should this plugin serve\?/);
  assert.match(out.stderr, /usage: <plugin> importer\|storage /);
  assert.match(out.stderr, /this plugin serves importer, storage/);
});

Deno.test("a kind the plugin does not have is refused with exit status 2", async () => {
  const out = await refused("importer,exporter", "storage");
  assert.equal(out.code, 2);
  assert.match(out.stderr, /this plugin has no connector "storage"/);
  assert.match(out.stderr, /usage: <plugin> importer\|exporter /);
});
