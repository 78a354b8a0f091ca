/**
 * Serving on stdio, as a process: stdout carries HTTP/2 frames only, and
 * the plugin exits 0 when its stdin ends.
 */
import assert from "node:assert/strict";

const NOISY =
  new URL("../../tests/fixtures/noisy_storage.ts", import.meta.url).pathname;
const FRAME_SETTINGS = 0x04;

Deno.test("connector output never reaches stdout, and end of stdin exits 0", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", NOISY],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Give the module time to print at import time and to start serving.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await child.stdin.close();
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const { code, stdout, stderr } = await child.output();
  clearTimeout(timer);

  assert.equal(
    code,
    0,
    `exit code, stderr: ${new TextDecoder().decode(stderr)}`,
  );
  const text = new TextDecoder().decode(stdout);
  assert.ok(
    !text.includes("noise"),
    `stdout carried connector output: ${JSON.stringify(text)}`,
  );
  if (stdout.byteLength > 0) {
    assert.ok(stdout.byteLength >= 9, "stdout holds whole HTTP/2 frames");
    assert.equal(
      stdout[3],
      FRAME_SETTINGS,
      "the first frame a server sends is SETTINGS",
    );
  }
  const errors = new TextDecoder().decode(stderr);
  for (
    const route of [
      "console.log",
      "console.info",
      "process.stdout.write",
      "Deno.stdout.write",
    ]
  ) {
    assert.ok(errors.includes(`noise: ${route}`), `${route} went to stderr`);
  }
});
