/**
 * The manifest linter: each trap plakar ignores silently or refuses late
 * gets its own clear message; a sound manifest gets none.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { lintManifest, lintManifestFile, lintPackagePath } from "./lint.ts";
import type { Manifest } from "./manifest.ts";
import { stage } from "./stage.ts";

const KIT = new URL("../", import.meta.url).pathname;

/** A sound staged package folder; `change` edits its manifest first. */
async function staged(
  change: (manifest: Manifest) => void = () => {},
): Promise<{ dir: string; file: string; manifest: Manifest }> {
  const dir = await Deno.makeTempDir({ prefix: "lint-" });
  await Deno.writeTextFile(join(dir, "demo"), "#!/bin/sh\n", { mode: 0o755 });
  await Deno.mkdir(join(dir, "schema"));
  await Deno.writeTextFile(
    join(dir, "schema/storage.json"),
    '{"type":"object"}',
  );
  const manifest: Manifest = {
    name: "demo",
    api_version: "v1.1.0",
    connectors: [{
      type: "storage",
      protocols: ["demo"],
      location_flags: ["localfs"],
      executable: "demo",
      args: ["storage"],
      validator: "schema/storage.json",
    }],
  };
  change(manifest);
  return { dir, file: join(dir, "manifest.yaml"), manifest };
}

/**
 * The problems of a staged manifest after `change`, each checked to start
 * with the file's path and returned without it.
 */
async function problems(
  change: (manifest: Manifest) => void,
  before?: (dir: string) => Promise<void>,
): Promise<string[]> {
  const { dir, file, manifest } = await staged(change);
  try {
    await before?.(dir);
    return (await lintManifest(manifest, file, "staged")).map((problem) => {
      assert.ok(problem.startsWith(`${file}: `), problem);
      return problem.slice(file.length + 2);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const connector = (m: Manifest) =>
  m.connectors[0] as unknown as Record<string, unknown>;

Deno.test("a sound staged manifest and the kit's own Manifest.yaml have no problems", async () => {
  assert.deepEqual(await problems(() => {}), []);
  assert.deepEqual(await lintManifestFile(join(KIT, "Manifest.yaml")), []);
});

Deno.test("lint: a staged manifest not named manifest.yaml", async () => {
  const { dir, manifest } = await staged();
  try {
    const file = join(dir, "Manifest.yaml");
    assert.deepEqual(await lintManifest(manifest, file, "staged"), [
      `${file}: plakar pkg create only accepts a file named manifest.yaml, not "Manifest.yaml"`,
    ]);
    const yml = join(dir, "manifest.yml");
    await Deno.writeTextFile(yml, JSON.stringify(manifest));
    assert.deepEqual(await lintManifestFile(yml), [
      `${yml}: plakar pkg create only accepts a file named manifest.yaml, not "manifest.yml"`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("lint: flags instead of location_flags", async () => {
  const found = await problems((m) => {
    delete m.connectors[0].location_flags;
    connector(m).flags = ["localfs"];
  });
  assert.deepEqual(found, [
    `connectors[0] (storage): "flags" is not a plakar key (plakar silently ignores it): write "location_flags"`,
  ]);
});

Deno.test("lint: an unknown connector type", async () => {
  const found = await problems((m) => connector(m).type = "store");
  assert.deepEqual(found, [
    `connectors[0] (store): unknown type "store": plakar silently ignores this connector; use importer, exporter, storage`,
  ]);
});

Deno.test("lint: an unknown location flag", async () => {
  const found = await problems((m) =>
    m.connectors[0].location_flags = ["localfs", "local"]
  );
  assert.deepEqual(found, [
    `connectors[0] (storage): unknown location flag "local": plakar refuses to install the package; use localfs, file, stream, needack, nomerge`,
  ]);
});

Deno.test("lint: '_' or '.' in the name", async () => {
  for (const name of ["my_plugin", "my.plugin"]) {
    const found = await problems((m) => m.name = name);
    assert.deepEqual(found, [
      `name "${name}" may only use letters, digits and "-": plakar cannot install a package whose name has "_" or "."`,
    ]);
  }
});

Deno.test("lint: a protocol built into plakar", async () => {
  const found = await problems((m) => m.connectors[0].protocols = ["fs", "s3"]);
  assert.deepEqual(found, [
    `connectors[0] (storage): protocol "fs" is built into plakar: this connector would never be used for it`,
  ]);
});

Deno.test("lint: a missing executable", async () => {
  const found = await problems((m) => m.connectors[0].executable = "nothere");
  assert.deepEqual(found, [
    `connectors[0] (storage): executable "nothere" does not exist`,
  ]);
});

Deno.test("lint: an executable without its x bit", async () => {
  const found = await problems(
    () => {},
    (dir) => Deno.chmod(join(dir, "demo"), 0o644),
  );
  assert.deepEqual(found, [
    `connectors[0] (storage): executable "demo" is not executable (no x bit): plakar refuses to package it`,
  ]);
});

Deno.test("lint: a validator that is not a JSON object", async () => {
  for (
    const [content, message] of [
      ["[1, 2]", "is not a JSON object: plakar refuses to package it"],
      ['"schema"', "is not a JSON object: plakar refuses to package it"],
      ["{oops", "is not valid JSON: "],
    ]
  ) {
    const found = await problems(
      () => {},
      (dir) => Deno.writeTextFile(join(dir, "schema/storage.json"), content),
    );
    assert.equal(found.length, 1);
    assert.ok(
      found[0].startsWith(
        `connectors[0] (storage): validator "schema/storage.json" ${message}`,
      ),
      found[0],
    );
  }
});

Deno.test("lint: '@' in a package path", () => {
  assert.deepEqual(
    lintPackagePath("/tmp/me@work/demo_v1.0.0_linux_amd64.ptar"),
    [
      `package path "/tmp/me@work/demo_v1.0.0_linux_amd64.ptar" contains "@": plakar pkg add cuts the path there (to read name@version) and cannot find the file; build in a folder without "@"`,
    ],
  );
  assert.deepEqual(
    lintPackagePath("/tmp/work/demo_v1.0.0_linux_amd64.ptar"),
    [],
  );
});

Deno.test("lint: source manifests need a version and one executable", async () => {
  const file = join(KIT, "Manifest.yaml");
  const found = await lintManifest(
    {
      name: "demo",
      api_version: "v1.1.0",
      connectors: [
        {
          type: "importer",
          protocols: ["demo"],
          executable: "connectors/localdir/main.ts",
        },
        { type: "storage", protocols: ["demo"], executable: "sdk/mod.ts" },
      ],
    },
    file,
    "source",
  );
  assert.deepEqual(found, [
    `${file}: version is missing: the package version (e.g. v0.1.0) is kept here, in one place`,
    `${file}: all connectors must share one executable (one program serves every kind, chosen by "args"), found "connectors/localdir/main.ts", "sdk/mod.ts"`,
  ]);
});

Deno.test("deno task lint-manifest exits 1 and prints each problem", async () => {
  const { dir, file, manifest } = await staged((m) => {
    m.name = "my_plugin";
    m.connectors[0].protocols = ["tar"];
  });
  try {
    await Deno.writeTextFile(file, JSON.stringify(manifest));
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "-q", "lint-manifest", file],
      cwd: KIT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 1);
    assert.deepEqual(new TextDecoder().decode(out.stderr).trim().split("\n"), [
      `${file}: name "my_plugin" may only use letters, digits and "-": plakar cannot install a package whose name has "_" or "."`,
      `${file}: connectors[0] (storage): protocol "tar" is built into plakar: this connector would never be used for it`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("staging lints the manifest it writes and refuses a bad one", async () => {
  const { dir, manifest } = await staged((m) => {
    m.connectors[0].location_flags = ["localfs", "local"];
  });
  try {
    await assert.rejects(
      stage({
        manifest,
        sourceDir: dir,
        stage: join(dir, "stage"),
        program: { binary: join(dir, "demo") },
      }),
      (error: Error) => {
        const file = join(dir, "stage/manifest.yaml");
        assert.equal(
          error.message,
          `the staged ${file} is not a valid plugin manifest: 1 problem\n` +
            `  ${file}: connectors[0] (storage): unknown location flag "local": plakar refuses to install the package; use localfs, file, stream, needack, nomerge`,
        );
        return true;
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
