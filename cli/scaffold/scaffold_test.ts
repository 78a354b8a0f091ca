/**
 * Scaffolding: the protocol derived from the name, refusals with clear
 * messages, and the files written for the chosen kinds.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { lintManifestFile } from "../../packaging/lint.ts";
import { protocolFor, scaffold } from "./scaffold.ts";
import { scaffoldPlugin } from "../../tests/support/scaffolded.ts";

Deno.test("the protocol is the name's letters and digits, never a built-in", () => {
  assert.equal(protocolFor("My-Plugin2"), "myplugin2");
  assert.throws(
    () => protocolFor("fs"),
    /protocol "fs" .* is built into plakar/,
  );
  assert.throws(() => protocolFor("T-G-Z"), /"tgz" .* built into plakar/);
  assert.throws(() => protocolFor("a"), /needs 2 or more of/);
});

Deno.test("scaffold refuses a bad name, a built-in protocol and a non-empty folder", async () => {
  const base = await Deno.makeTempDir();
  try {
    const dir = join(base, "p");
    await assert.rejects(
      scaffold({ dir, name: "my_plugin", kinds: ["storage"] }),
      /plugin name "my_plugin" may only use letters, digits and "-"/,
    );
    await assert.rejects(
      scaffold({ dir, name: "p1", kinds: ["storage"], protocol: "ptar" }),
      /protocol "ptar" \(given with --protocol\) is built into plakar/,
    );
    await Deno.mkdir(dir);
    await Deno.writeTextFile(join(dir, "keep.txt"), "mine");
    await assert.rejects(
      scaffold({ dir, name: "p1", kinds: ["storage"] }),
      /already exists and is not empty/,
    );
    assert.equal(await Deno.readTextFile(join(dir, "keep.txt")), "mine");
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("a storage-only plugin gets only its files, a sound manifest, and passes its checks", async () => {
  await using plugin = await scaffoldPlugin("only-store", ["storage"]);
  const names = [];
  for await (const entry of Deno.readDir(plugin.dir)) names.push(entry.name);
  assert.deepEqual(names.sort(), [
    ".gitignore",
    "Makefile",
    "README.md",
    "deno.json",
    "location.ts",
    "main.ts",
    "plugin.ts",
    "plugin.yaml",
    "storage.ts",
    "storage_test.ts",
  ]);
  assert.deepEqual(
    await lintManifestFile(join(plugin.dir, "plugin.yaml")),
    [],
  );
  assert.match(
    await Deno.readTextFile(join(plugin.dir, "README.md")),
    /^deno task runner store onlystore:\/\/\/tmp\/onlystore-repo create/m,
  );
  const main = await Deno.readTextFile(join(plugin.dir, "main.ts"));
  assert.match(main, /storage: createStorage/);
  assert.doesNotMatch(main, /importer|exporter/);
  assert.match(
    await Deno.readTextFile(join(plugin.dir, "plugin.ts")),
    /PROTOCOL = "onlystore"/,
  );
  // Nothing names this machine: the kit comes from JSR, by version range.
  const config = JSON.parse(
    await Deno.readTextFile(join(plugin.dir, "deno.json")),
  );
  const kit = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  );
  assert.deepEqual(config.imports, {
    "@plakar/kit": `jsr:@plakar/kit@^${kit.version.replace(/\.\d+$/, "")}`,
  });
  const kitPath = new URL("../../", import.meta.url).pathname.replace(
    /\/$/,
    "",
  );
  for (const name of names) {
    const text = await Deno.readTextFile(join(plugin.dir, name));
    assert.ok(!text.includes(kitPath), `${name} names the kit's folder`);
  }

  const check = await plugin.deno(["task", "check"]);
  assert.equal(check.code, 0, `deno task check: ${check.stderr}`);
  const test = await plugin.deno(["task", "test"]);
  assert.equal(test.code, 0, `deno task test: ${test.stderr}`);
  assert.match(
    new TextDecoder().decode(test.stdout),
    /ok \| 1 passed \| 0 failed/,
  );
});
