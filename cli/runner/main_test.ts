/**
 * The local runner (`deno task runner`, this checkout's through
 * `PLAKAR_KIT`) driving a scaffolded plugin's connectors from its folder:
 * store commands, scan, restore, and the messages of misuse.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type ScaffoldedPlugin,
  scaffoldPlugin,
} from "../../tests/support/scaffolded.ts";
import { assertSameTree, makeTree } from "../../toolchain/tree.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function runner(plugin: ScaffoldedPlugin, ...args: string[]) {
  return plugin.deno(["task", "-q", "runner", ...args]);
}

async function ok(plugin: ScaffoldedPlugin, ...args: string[]) {
  const out = await runner(plugin, ...args);
  assert.equal(out.code, 0, `runner ${args.join(" ")}: ${out.stderr}`);
  return out;
}

Deno.test("store: create, put, ls, get, rm through the plugin's storage", async () => {
  await using plugin = await scaffoldPlugin("run-store", ["storage"]);
  const repo = `runstore://${join(plugin.base, "repo")}`;
  const file = join(plugin.base, "object.bin");
  await makeTree(plugin.base, { "object.bin": { size: 2_500_000 } });

  assert.match(
    text((await ok(plugin, "store", repo, "create")).stdout),
    /created/,
  );
  const put = text(
    (await ok(plugin, "store", repo, "put", "packfile", file)).stdout,
  );
  const mac = /^packfile ([0-9a-f]{64}) 2500000 byte\(s\)$/m.exec(put)?.[1];
  assert.ok(mac, `put prints the MAC and size: ${put}`);

  assert.equal(
    text((await ok(plugin, "store", repo, "ls")).stdout),
    `packfile ${mac}\n`,
  );
  const got = await ok(plugin, "store", repo, "get", "packfile", mac);
  assert.deepEqual(got.stdout, await Deno.readFile(file));

  // --plugin names the main module instead of looking in plugin.yaml.
  assert.equal(
    text(
      (await ok(plugin, "--plugin", "main.ts", "store", repo, "info")).stdout,
    ),
    "mode 6, size -1\n",
  );

  await ok(plugin, "store", repo, "rm", "packfile", mac);
  assert.equal(
    text((await ok(plugin, "store", repo, "ls", "packfile")).stdout),
    "",
  );

  const missing = await runner(plugin, "store", repo, "get", "packfile", mac);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, new RegExp(`error: .*no packfile ${mac}`));
});

Deno.test("scan prints each record with the bytes read; restore feeds a folder", async () => {
  await using plugin = await scaffoldPlugin("run-io", ["importer", "exporter"]);
  const source = join(plugin.base, "source");
  await makeTree(source, {
    "docs/a.txt": { size: 10 },
    "big.bin": { size: 1_300_000 },
    "empty": { size: 0 },
    "link": { symlink: "docs/a.txt" },
  });

  const scan = text((await ok(plugin, "scan", `runio://${source}`)).stdout);
  const paths = [...scan.matchAll(/^\w+ [0-7]{4} \S+ (\S+)/gm)].map((m) =>
    m[1]
  );
  assert.deepEqual(
    paths.slice(-6).toSorted(),
    ["", "/big.bin", "/docs", "/docs/a.txt", "/empty", "/link"].map((p) =>
      source + p
    ),
  );
  assert.ok(
    paths.indexOf(`${source}/docs`) < paths.indexOf(`${source}/docs/a.txt`),
    "printed in scan order, parents first",
  );
  assert.match(scan, new RegExp(`^dir 0755 - ${source}$`, "m"));
  assert.match(
    scan,
    new RegExp(`^file 0644 1300000 ${source}/big\\.bin$`, "m"),
  );
  assert.match(scan, new RegExp(`^file 0644 0 ${source}/empty$`, "m"));
  assert.match(
    scan,
    new RegExp(`^symlink 0777 - ${source}/link -> docs/a\\.txt$`, "m"),
  );
  assert.match(
    scan,
    /^# \d+ record\(s\), 1300010 content byte\(s\), 0 error\(s\)$/m,
  );

  const target = join(plugin.base, "restored");
  await Deno.mkdir(target);
  const restore = text(
    (await ok(plugin, "restore", `runio://${target}`, "--from", source)).stdout,
  );
  assert.match(restore, /^ok \/docs\/a\.txt$/m);
  assert.match(restore, /^# 6 record\(s\) sent, 0 error\(s\)$/m);
  assert.equal(await assertSameTree(source, target, { mtimes: true }), 6);
});

Deno.test("the runner explains misuse and the plugin's refusals", async () => {
  await using plugin = await scaffoldPlugin("run-misuse", ["storage"]);
  const repo = `runmisuse://${join(plugin.base, "repo")}`;

  const usage = await runner(plugin);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^usage: runner /m);

  const noFrom = await runner(plugin, "restore", repo);
  assert.equal(noFrom.code, 2);
  assert.match(noFrom.stderr, /restore needs --from DIR/);

  const noConnector = await runner(plugin, "scan", repo);
  assert.equal(noConnector.code, 1);
  assert.match(
    noConnector.stderr,
    /plugin\.yaml has no importer connector for protocol "runmisuse"/,
  );

  const badOption = await runner(
    plugin,
    "store",
    repo,
    "-o",
    "colour=red",
    "info",
  );
  assert.equal(badOption.code, 1);
  assert.match(badOption.stderr, /unknown option "colour"/);

  const badResource = await runner(plugin, "store", repo, "ls", "socks");
  assert.equal(badResource.code, 2);
  assert.match(
    badResource.stderr,
    /unknown resource "socks": use one of packfile/,
  );
});
