/**
 * The plugin logger: the level from PLAKAR_PLUGIN_LOG, stderr only (never
 * stdout), and the log file that still gets the lines when stderr is
 * /dev/null, as under the `plakar cached` daemon.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const EMIT = new URL("../tests/fixtures/log/emit.ts", import.meta.url).pathname;

async function emit(
  env: Record<string, string>,
  stderr: "piped" | "null" = "piped",
) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", EMIT],
    env: {
      NO_COLOR: "1",
      PLAKAR_PLUGIN_LOG: "",
      PLAKAR_PLUGIN_LOG_FILE: "",
      ...env,
    },
    stdout: "piped",
    stderr,
  }).output();
  assert.equal(out.code, 0);
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return {
    stdout: text(out.stdout),
    stderr: stderr === "piped" ? text(out.stderr) : "",
  };
}

const levels = (text: string) =>
  [...text.matchAll(/ emit\[\d+\] (\w+): /g)].map((m) => m[1]);

Deno.test("by default only warnings and errors are logged, on stderr", async () => {
  const { stdout, stderr } = await emit({ PLAKAR_PLUGIN_LOG: "" });
  assert.equal(stdout, "");
  assert.deepEqual(levels(stderr), ["warn", "error"]);
  assert.match(
    stderr,
    /^\d{4}-\d\d-\d\dT[\d:.]+Z emit\[\d+\] error: an error line$/m,
  );
});

Deno.test("PLAKAR_PLUGIN_LOG sets the level", async () => {
  const cases: Record<string, string[]> = {
    error: ["error"],
    warn: ["warn", "error"],
    info: ["info", "warn", "error"],
    debug: ["debug", "info", "warn", "error"],
    nonsense: ["warn", "error"],
  };
  for (const [level, expected] of Object.entries(cases)) {
    const { stdout, stderr } = await emit({ PLAKAR_PLUGIN_LOG: level });
    assert.equal(stdout, "", `stdout stays empty at ${level}`);
    assert.deepEqual(levels(stderr), expected, `level ${level}`);
  }
});

Deno.test("values are formatted and objects inspected", async () => {
  const { stderr } = await emit({ PLAKAR_PLUGIN_LOG: "info" });
  assert.match(stderr, /info: an info line \{ n: 1 \}$/m);
});

Deno.test("the log file gets every line when stderr is /dev/null", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "plugin.log");
    await Deno.writeTextFile(file, "earlier line\n");
    const { stdout } = await emit(
      { PLAKAR_PLUGIN_LOG: "debug", PLAKAR_PLUGIN_LOG_FILE: file },
      "null",
    );
    assert.equal(stdout, "");
    const logged = await Deno.readTextFile(file);
    assert.ok(logged.startsWith("earlier line\n"), "the file is appended to");
    assert.deepEqual(levels(logged), ["debug", "info", "warn", "error"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unwritable log file does not stop the plugin", async () => {
  const { stdout, stderr } = await emit({
    PLAKAR_PLUGIN_LOG_FILE: "/nonexistent-dir/plugin.log",
  });
  assert.equal(stdout, "");
  assert.deepEqual(levels(stderr), ["warn", "error"]);
});
