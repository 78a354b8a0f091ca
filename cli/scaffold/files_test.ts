/**
 * A new plugin declares no permissions (least privilege), and its README
 * shows how to declare them with an example the kit's linter accepts. The
 * kit's own plugin folders build as a scaffolded plugin does: same Makefile,
 * same `kit` task.
 */
import assert from "node:assert/strict";
import { parseDeclaration } from "../../packaging/declared_permissions.ts";
import { denoJson, KIT_TASK, type PluginSpec, readme } from "./files.ts";

const spec: PluginSpec = {
  name: "demo",
  protocol: "demo",
  kinds: ["importer"],
  kitVersion: "0.1.0",
};

Deno.test("a scaffolded plugin declares nothing; its README shows how", () => {
  assert.ok(!("permissions" in JSON.parse(denoJson(spec))));

  const text = readme(spec);
  const example = text.match(/```json\n([\s\S]*?)```/)?.[1];
  assert.ok(example, text);
  const declared = parseDeclaration(JSON.parse(`{${example}}`), "deno.json");
  assert.deepEqual(declared.problems, []);
  assert.deepEqual(Object.keys(declared.permissions), ["net", "env", "run"]);
});

Deno.test("the kit's version range: ^0.minor before 1.0, ^major after", () => {
  const range = (kitVersion: string) =>
    JSON.parse(denoJson({ ...spec, kitVersion })).imports["@plakar/kit"];
  assert.equal(range("0.1.0"), "jsr:@plakar/kit@^0.1");
  assert.equal(range("1.2.3"), "jsr:@plakar/kit@^1");
});

Deno.test("every plugin folder of the kit has the scaffold's Makefile and kit task", async () => {
  const connectors = new URL("../../connectors/", import.meta.url);
  const makefile = await Deno.readTextFile(
    new URL("./template/Makefile", import.meta.url),
  );
  let folders = 0;
  for await (const entry of Deno.readDir(connectors)) {
    if (!entry.isDirectory) continue;
    const folder = new URL(`${entry.name}/`, connectors);
    assert.equal(
      await Deno.readTextFile(new URL("Makefile", folder)),
      makefile,
      `connectors/${entry.name}/Makefile is not cli/scaffold/template/Makefile`,
    );
    const config = JSON.parse(
      await Deno.readTextFile(new URL("deno.json", folder)),
    );
    assert.deepEqual(config.tasks?.kit, KIT_TASK, `connectors/${entry.name}`);
    folders++;
  }
  assert.ok(folders > 0);
});
