/**
 * `deno compile` of the bundled program: it embeds the bundle and nothing
 * else, even below a folder with its own package.json and node_modules, and
 * a runtime of the wrong format is refused with a clear message, and the
 * program records the baseline permissions plus exactly the declared ones.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { compile } from "./compile.ts";
import type { DeclaredPermissions } from "./permissions.ts";
import { findTarget } from "./targets.ts";
import { standInRuntimes } from "../tests/support/denort_standin.ts";

Deno.test("compile embeds only the bundle, not a parent's node_modules", async () => {
  const runtimes = await standInRuntimes();
  const dir = await Deno.makeTempDir({ prefix: "compile-" });
  try {
    await Deno.mkdir(join(dir, "node_modules/unrelated"), { recursive: true });
    await Deno.writeTextFile(
      join(dir, "package.json"),
      '{"dependencies":{"unrelated":"1.0.0"}}',
    );
    await Deno.writeTextFile(
      join(dir, "node_modules/unrelated/package.json"),
      '{"name":"unrelated","version":"1.0.0"}',
    );
    await Deno.mkdir(join(dir, "plugin"));
    const bundle = join(dir, "plugin/program.js");
    await Deno.writeTextFile(bundle, 'console.error("hello");\n');

    const listing = await compile(
      bundle,
      findTarget("linux_amd64"),
      join(dir, "plugin/out/program"),
      runtimes,
    );
    const embedded = listing.split("Embedded Files")[1].split("Files:")[0];
    assert.match(embedded, /program\.js/);
    assert.doesNotMatch(embedded, /node_modules|package\.json/, listing);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compile refuses a runtime built for another target, naming the variable", async () => {
  const runtimes = await standInRuntimes();
  const dir = await Deno.makeTempDir({ prefix: "compile-" });
  try {
    await Deno.writeTextFile(join(dir, "program.js"), "1;\n");
    await assert.rejects(
      compile(
        join(dir, "program.js"),
        findTarget("aarch64-apple-darwin"),
        join(dir, "out"),
        {
          ...runtimes,
          DENORT_BIN_aarch64_apple_darwin:
            runtimes.DENORT_BIN_x86_64_unknown_linux_gnu,
        },
      ),
      (error: Error) => {
        assert.match(
          error.message,
          /^deno compile for aarch64-apple-darwin failed with the runtime .*denort-linux_amd64 \(.+\): DENORT_BIN_aarch64_apple_darwin \(or DENORT_BIN\) must be a denort binary built for aarch64-apple-darwin$/,
        );
        return true;
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The permissions `deno compile` embedded in `binary`, as Deno records them. */
async function embeddedPermissions(
  binary: string,
): Promise<Record<string, unknown>> {
  const text = new TextDecoder("latin1").decode(await Deno.readFile(binary));
  const found = text.match(/"permissions":(\{[^{}]*\})/);
  assert.ok(found, `no permissions recorded in ${binary}`);
  return JSON.parse(found[1]);
}

Deno.test("a compiled program runs with the V8 settings, the baseline and exactly what is declared", async () => {
  const runtimes = await standInRuntimes();
  const dir = await Deno.makeTempDir({ prefix: "compile-" });
  try {
    await Deno.writeTextFile(join(dir, "program.js"), "1;\n");
    const build = async (declared?: DeclaredPermissions) => {
      const output = join(dir, "out");
      await compile(
        join(dir, "program.js"),
        findTarget("linux_amd64"),
        output,
        runtimes,
        declared,
      );
      return await embeddedPermissions(output);
    };
    const baseline = {
      allow_read: [],
      allow_write: [],
      allow_env: ["PLAKAR_*"],
      ignore_env: [],
      allow_net: null,
      allow_run: null,
      allow_ffi: null,
      allow_sys: null,
      prompt: false,
    };
    const pick = (recorded: Record<string, unknown>) =>
      Object.fromEntries(
        Object.keys(baseline).map((key) => [key, recorded[key]]),
      );
    assert.deepEqual(pick(await build()), baseline);
    assert.deepEqual(
      pick(
        await build({
          net: ["127.0.0.1", "s3.example.com:443"],
          env: ["AWS_*"],
          run: ["pg_dump"],
        }),
      ),
      {
        ...baseline,
        allow_env: ["PLAKAR_*", "AWS_*"],
        allow_net: ["127.0.0.1", "s3.example.com:443"],
        allow_run: ["pg_dump"],
      },
    );
    assert.deepEqual(pick(await build({ net: true })), {
      ...baseline,
      allow_net: [],
    });
    // The V8 settings travel in the same record.
    const text = new TextDecoder("latin1").decode(
      await Deno.readFile(join(dir, "out")),
    );
    const flags = text.match(/"v8_flags":(\[[^\]]*\])/);
    assert.ok(flags, "no V8 flags recorded");
    assert.ok(JSON.parse(flags[1]).includes("--optimize-for-size"), flags[1]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
