/**
 * A new plugin declares no permissions (least privilege), and its README
 * shows how to declare them with an example the kit's linter accepts.
 */
import assert from "node:assert/strict";
import { parseDeclaration } from "../../packaging/declared_permissions.ts";
import { denoJson, type PluginSpec, readme } from "./files.ts";

const spec: PluginSpec = {
  name: "demo",
  protocol: "demo",
  kinds: ["importer"],
  kit: "/kit/",
};

Deno.test("a scaffolded plugin declares nothing; its README shows how", () => {
  const imports = Object.fromEntries(
    ["@bufbuild/protobuf", "@bufbuild/protobuf/", "@grpc/grpc-js", "yaml"]
      .map((name) => [name, `npm:${name}`]),
  );
  assert.ok(!("permissions" in JSON.parse(denoJson(spec, imports))));

  const text = readme(spec);
  const example = text.match(/```json\n([\s\S]*?)```/)?.[1];
  assert.ok(example, text);
  const declared = parseDeclaration(JSON.parse(`{${example}}`), "deno.json");
  assert.deepEqual(declared.problems, []);
  assert.deepEqual(Object.keys(declared.permissions), ["net", "env", "run"]);
});
