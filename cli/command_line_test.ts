/**
 * Every program of the kit answers `--help` with its usage (stdout, exit 0)
 * and a wrong argument with what is wrong and the usage (stderr, exit 2).
 */
import assert from "node:assert/strict";

const KIT = new URL("../", import.meta.url).pathname;

const PROGRAMS = {
  scaffold: {
    main: "cli/scaffold/main.ts",
    usage: /^usage: deno run -A jsr:@plakar\/kit\/new DIR/,
  },
  runner: { main: "cli/runner/main.ts", usage: /^usage: runner / },
  package: { main: "cli/package/main.ts", usage: /^usage: package COMMAND/ },
  bench: { main: "bench/main.ts", usage: /^usage: deno task bench/ },
};

async function run(main: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, ...args],
    cwd: KIT,
    stdin: "null",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

for (const [name, { main, usage }] of Object.entries(PROGRAMS)) {
  Deno.test(`${name}: --help prints the usage and exits 0`, async () => {
    const help = await run(main, ["--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, usage);
    assert.equal(help.stderr, "");
  });

  Deno.test(`${name}: a wrong option prints it and the usage, exit 2`, async () => {
    const wrong = await run(main, ["--no-such-option"]);
    assert.equal(wrong.code, 2, wrong.stderr);
    assert.match(wrong.stderr, /^unknown option --no-such-option$/m);
    assert.match(wrong.stderr.split("\n")[1], usage);
    assert.doesNotMatch(wrong.stderr, /at .*\.ts:\d+|To specify a positional/);
  });
}

Deno.test("package: an unknown command is a usage error, exit 2", async () => {
  const wrong = await run(PROGRAMS.package.main, ["packge"]);
  assert.equal(wrong.code, 2, wrong.stderr);
  assert.match(wrong.stderr, /^unknown command "packge"$/m);
});
