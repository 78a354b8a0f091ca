/**
 * Reading a plugin's `"permissions": {"default": {…}}` from its deno.json:
 * what is accepted, what is refused and how the refusal reads, and that
 * `lint-manifest` of a source manifest reports it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseDeclaration, readDeclaration } from "./declared_permissions.ts";
import { lintManifestFile } from "./lint.ts";

const FILE = "/p/deno.json";
const declared = (set: unknown) =>
  parseDeclaration({ permissions: { default: set } }, FILE);

Deno.test("no deno.json, no permissions key or no default set: nothing declared", async () => {
  for (
    const config of [{}, { permissions: {} }, {
      permissions: { test: { all: true } },
    }]
  ) {
    assert.deepEqual(parseDeclaration(config, FILE), {
      permissions: {},
      problems: [],
    });
  }
  const dir = await Deno.makeTempDir({ prefix: "perms-" });
  try {
    assert.deepEqual(await readDeclaration(dir), {
      file: join(dir, "deno.json"),
      permissions: {},
      problems: [],
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("net, env and run are read as declared; read and write may be true", () => {
  assert.deepEqual(
    declared({
      read: true,
      write: true,
      net: ["s3.example.com", "*.example.org:443", "127.0.0.1:9000", "[::1]"],
      env: ["AWS_*", "PGPASSWORD"],
      run: ["pg_dump", "/usr/bin/rsync"],
    }),
    {
      permissions: {
        net: ["s3.example.com", "*.example.org:443", "127.0.0.1:9000", "[::1]"],
        env: ["AWS_*", "PGPASSWORD"],
        run: ["pg_dump", "/usr/bin/rsync"],
      },
      problems: [],
    },
  );
  assert.deepEqual(declared({ net: true }).permissions, { net: true });
  assert.deepEqual(
    declared({ net: false, env: [], run: false }).permissions,
    {},
  );
});

Deno.test("unsafe and unknown keys are refused, naming the key", () => {
  const cases: [unknown, RegExp][] = [
    [
      { ffi: true },
      /permissions\.default\.ffi is refused: a plugin may not load native libraries/,
    ],
    [{ sys: ["hostname"] }, /permissions\.default\.sys is refused/],
    [{ import: true }, /permissions\.default\.import is refused/],
    [{ all: true }, /permissions\.default\.all is refused/],
    [{ read: ["/etc"] }, /permissions\.default\.read must be true or left out/],
    [{ write: false }, /permissions\.default\.write must be true or left out/],
    [
      { env: true },
      /permissions\.default\.env is refused as true: .* secrets included; name them, e.g\. \["AWS_\*"\]/,
    ],
    [
      { run: true },
      /permissions\.default\.run is refused as true: .*any program/,
    ],
    [
      { net: "example.com" },
      /permissions\.default\.net must be true or a list of hosts, .*, not "example\.com"/,
    ],
    [
      { net: { allow: ["a.com"] } },
      /permissions\.default\.net must be .*: allow\/deny objects are not supported/,
    ],
    [
      { net: ["a.com,b.com"] },
      /permissions\.default\.net has "a\.com,b\.com": each must be a host or "host:port"/,
    ],
    [
      { net: ["http://a.com"] },
      /permissions\.default\.net has "http:\/\/a\.com"/,
    ],
    [
      { env: ["*"] },
      /permissions\.default\.env has "\*": each must be a variable name/,
    ],
    [{ run: ["pg dump"] }, /permissions\.default\.run has "pg dump"/],
    [
      { netw: true },
      /permissions\.default\.netw is not a permission a plugin may declare: use net, env or run/,
    ],
  ];
  for (const [set, expected] of cases) {
    const { permissions, problems } = declared(set);
    assert.equal(problems.length, 1, JSON.stringify({ set, problems }));
    assert.ok(problems[0].startsWith(`${FILE}: `), problems[0]);
    assert.match(problems[0], expected);
    assert.deepEqual(permissions, {});
  }
  assert.match(
    parseDeclaration({ permissions: { default: "net" } }, FILE).problems[0],
    /permissions\.default must be an object/,
  );
  assert.match(
    parseDeclaration({ permissions: true }, FILE).problems[0],
    /permissions must be an object of permission sets/,
  );
});

Deno.test("lint-manifest reports the declaration beside a source manifest", async () => {
  const dir = await Deno.makeTempDir({ prefix: "perms-" });
  try {
    await Deno.writeTextFile(join(dir, "main.ts"), "");
    await Deno.writeTextFile(
      join(dir, "Manifest.yaml"),
      "name: p\nversion: v0.1.0\napi_version: v1.1.0\nconnectors:\n" +
        "  - {type: importer, protocols: [pp], executable: main.ts}\n",
    );
    const manifest = join(dir, "Manifest.yaml");
    assert.deepEqual(await lintManifestFile(manifest), []);

    await Deno.writeTextFile(
      join(dir, "deno.json"),
      JSON.stringify({ permissions: { default: { net: true, ffi: true } } }),
    );
    assert.deepEqual(await lintManifestFile(manifest), [
      `${
        join(dir, "deno.json")
      }: permissions.default.ffi is refused: a plugin may not load native libraries`,
    ]);

    await Deno.writeTextFile(join(dir, "deno.json"), "{ // a comment\n}");
    assert.match(
      (await lintManifestFile(manifest))[0],
      /deno\.json: is not plain JSON \(.*\): the kit reads the plugin's permissions from it, so it may not hold comments$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
