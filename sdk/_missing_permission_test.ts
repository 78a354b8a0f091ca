/**
 * A permission the plugin lacks reads, through `errorMessage`, as the
 * kit's sentence naming the permission and where to declare it, whether
 * Deno's error is thrown as it is or wrapped by the connector.
 */
import assert from "node:assert/strict";
import { errorMessage, PluginError } from "./errors.ts";

/** What Deno throws for a fetch without --allow-net (the last test checks it). */
const denied = () =>
  new Deno.errors.NotCapable(
    'Requires net access to "127.0.0.1:9000", run again with the --allow-net flag',
  );
const EXPLAINED =
  'this plugin has no "net" permission for 127.0.0.1:9000: declare it in deno.json "permissions.default" (see README)';

Deno.test("Deno's permission error names the permission and where to declare it", () => {
  assert.equal(errorMessage(denied()), EXPLAINED);
  assert.equal(
    errorMessage(
      new Deno.errors.NotCapable(
        'Requires run access to "pg_dump", run again with the --allow-run flag',
      ),
    ),
    'this plugin has no "run" permission for pg_dump: declare it in deno.json "permissions.default" (see README)',
  );
  assert.equal(
    errorMessage(
      new Deno.errors.NotCapable(
        'Requires ffi access to "libx.so", run again with the --allow-ffi flag',
      ),
    ),
    'this plugin has no "ffi" permission for libx.so: plugins built with the kit cannot be given it',
  );
});

Deno.test("a wrapped permission error keeps the connector's words", () => {
  assert.equal(
    errorMessage(
      new PluginError(`cannot reach the endpoint: ${denied().message}`),
    ),
    `cannot reach the endpoint: ${EXPLAINED}`,
  );
  assert.equal(
    errorMessage(
      new PluginError("cannot reach the endpoint", {
        cause: new Error("fetch failed", { cause: denied() }),
      }),
    ),
    `cannot reach the endpoint: ${EXPLAINED}`,
  );
  assert.equal(errorMessage(new Error("disk full")), "disk full");
});

Deno.test("a real fetch without the net permission is explained", async () => {
  const dir = await Deno.makeTempDir({ prefix: "missing-permission-" });
  try {
    const script = `${dir}/probe.ts`;
    await Deno.writeTextFile(
      script,
      `import { errorMessage } from ${
        JSON.stringify(new URL("./errors.ts", import.meta.url).href)
      };
try { await fetch("http://127.0.0.1:9000/"); } catch (e) { console.log(errorMessage(e)); }
`,
    );
    const child = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        `--config=${new URL("../deno.json", import.meta.url).pathname}`,
        "--allow-read",
        "--allow-env",
        "--no-prompt",
        script,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(
      new TextDecoder().decode(child.stdout).trim(),
      EXPLAINED,
      new TextDecoder().decode(child.stderr),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
