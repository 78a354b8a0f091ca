/**
 * Declared permissions end to end: the netprobe fixture, whose importer
 * fetches from a local HTTP server at Init, is built with `make dev
 * install` and run by real plakar, and driven by the runner. Without a
 * declaration both fail with a message naming the permission and where to
 * declare it; with `"net": ["127.0.0.1"]` in its deno.json the backup holds
 * the server's answer.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runMake } from "../support/make.ts";
import { plakarHome } from "../../toolchain/plakar.ts";
import { denoIn } from "../support/scaffolded.ts";

const KIT = new URL("../../", import.meta.url).pathname;
const FIXTURE = join(KIT, "tests/fixtures/net_probe");

/** The fixture's deno.json: the kit's imports, and `permissions` if given. */
async function writeDenoJson(dir: string, permissions?: unknown) {
  const kit = JSON.parse(await Deno.readTextFile(join(KIT, "deno.json")));
  const imports = {
    ...kit.imports,
    "@plakar/kit": new URL("sdk/mod.ts", `file://${KIT}`).href,
  };
  await Deno.writeTextFile(
    join(dir, "deno.json"),
    JSON.stringify({ nodeModulesDir: "none", imports, permissions }, null, 2),
  );
}

Deno.test("a plugin reaches the network only when its deno.json declares it", async () => {
  await using home = await plakarHome();
  const plugin = join(home.dir, "netprobe");
  await Deno.mkdir(plugin);
  for (const file of ["Manifest.yaml", "main.ts"]) {
    await Deno.copyFile(join(FIXTURE, file), join(plugin, file));
  }
  await Deno.writeTextFile(
    join(plugin, "Makefile"),
    `include ${join(KIT, "Makefile")}\n`,
  );
  const makeDevInstall = () => runMake(home, plugin, ["dev", "install"]);
  const runnerScan = async () => {
    const out = await denoIn(plugin, [
      "run",
      "-A",
      join(KIT, "cli/runner/main.ts"),
      "scan",
      location,
    ]);
    return {
      code: out.code,
      said: new TextDecoder().decode(out.stdout) + out.stderr,
    };
  };

  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response("hello from the network\n"),
  );
  const location = `netprobe://127.0.0.1:${server.addr.port}/greeting`;
  const explained =
    `this plugin has no "net" permission for 127.0.0.1:${server.addr.port}: declare it in deno.json "permissions.default" (see README)`;
  const repo = join(home.dir, "repo");
  await home.run(["at", repo, "create", "-plaintext"]);

  await writeDenoJson(plugin);
  assert.match(
    await makeDevInstall(),
    /^permissions: read, write, env PLAKAR_\*, no net, no run$/m,
  );
  const refused = await home.run(["at", repo, "backup", location], {
    allowFailure: true,
    timeoutMs: 60_000,
  });
  const said = refused.stdout + refused.stderr;
  assert.notEqual(refused.code, 0, said);
  assert.ok(said.includes(explained), said);
  assert.doesNotMatch(said, /NotCapable|--allow-net|at .*\.(ts|js):\d+/);
  const refusedByRunner = await runnerScan();
  assert.notEqual(refusedByRunner.code, 0, refusedByRunner.said);
  assert.ok(refusedByRunner.said.includes(explained), refusedByRunner.said);

  await writeDenoJson(plugin, { default: { net: ["127.0.0.1"] } });
  assert.match(
    await makeDevInstall(),
    /^permissions: read, write, env PLAKAR_\*, net 127\.0\.0\.1, no run$/m,
  );
  const backup = await home.run(["at", repo, "backup", location], {
    timeoutMs: 120_000,
  });
  assert.match(
    backup.stdout + backup.stderr,
    /backup completed without errors/,
  );
  const snapshot = (await home.run(["at", repo, "ls"])).stdout.trim()
    .split(/\s+/)[1];
  const answer = await home.run(["at", repo, "cat", `${snapshot}:/answer.txt`]);
  assert.equal(answer.stdout, "hello from the network\n");
  const scan = await runnerScan();
  assert.equal(scan.code, 0, scan.said);
  assert.match(scan.said, /\/answer\.txt/);
});
