/**
 * The runner starts a main module with the permissions its package would
 * have, and refuses a declaration the kit's linter refuses.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { permissionFlags } from "../../packaging/permissions.ts";
import { connectorCommand } from "./plugin.ts";
import { V8_FLAGS } from "../../packaging/v8_flags.ts";

Deno.test("the runner grants the baseline plus the declared permissions", async () => {
  const dir = await Deno.makeTempDir({ prefix: "runner-perms-" });
  try {
    const manifest = join(dir, "Manifest.yaml");
    await Deno.writeTextFile(
      manifest,
      "connectors:\n  - {type: importer, protocols: [pp], executable: main.ts, args: [importer]}\n",
    );
    const command = () => connectorCommand({ manifest }, "importer", "pp://x");
    assert.deepEqual((await command()).args, [
      "run",
      ...V8_FLAGS,
      ...permissionFlags(),
      join(dir, "main.ts"),
      "importer",
    ]);

    const deno = join(dir, "deno.json");
    await Deno.writeTextFile(
      deno,
      JSON.stringify({ permissions: { default: { net: ["127.0.0.1"] } } }),
    );
    assert.deepEqual((await command()).args, [
      "run",
      ...V8_FLAGS,
      ...permissionFlags({ net: ["127.0.0.1"] }),
      join(dir, "main.ts"),
      "importer",
    ]);

    await Deno.writeTextFile(
      deno,
      JSON.stringify({ permissions: { default: { ffi: true } } }),
    );
    await assert.rejects(
      command(),
      /deno\.json declares permissions a plugin cannot have: 1 problem\n {2}.*deno\.json: permissions\.default\.ffi is refused/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
