/**
 * `make package` end to end: bundle, `deno compile` for the four targets
 * (on stand-in runtimes, see `denort_standin.ts`), staging, linting and
 * `plakar pkg create` ×4; then each .ptar is opened with real plakar and its
 * files, manifest, program and validators are checked.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { loadProject } from "./project.ts";
import { platform, TARGETS } from "./targets.ts";
import {
  exporterOptions,
  importerOptions,
  storageOptions,
} from "../connectors/localdir/options.ts";
import { optionsSchema } from "./options_schema.ts";
import { standInRuntimes } from "../tests/support/denort_standin.ts";
import { plakarBinary, plakarHome } from "../toolchain/plakar.ts";

const KIT = new URL("../", import.meta.url).pathname;
const ELF = [0x7f, 0x45, 0x4c, 0x46];
const MACHO_64 = [0xcf, 0xfa, 0xed, 0xfe];
const DECLARED = {
  importer: importerOptions,
  exporter: exporterOptions,
  storage: storageOptions,
};

/** Where `needle` starts in `haystack`, or -1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  for (
    let i = haystack.indexOf(first);
    i >= 0;
    i = haystack.indexOf(first, i + 1)
  ) {
    if (i + needle.length > haystack.length) return -1;
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

Deno.test("make package builds one correctly named .ptar per target, holding manifest, program and validators", async () => {
  const runtimes = await standInRuntimes();
  await using home = await plakarHome();
  const dist = join(home.dir, "dist");
  const make = await new Deno.Command("make", {
    args: [
      "package",
      `DIST=${dist}`,
      `PLAKAR=${await plakarBinary()}`,
      `DENO=${Deno.execPath()}`,
    ],
    cwd: KIT,
    env: runtimes,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const log = new TextDecoder().decode(make.stdout) +
    new TextDecoder().decode(make.stderr);
  assert.ok(make.success, `make package failed:\n${log}`);
  // Printed once, before the targets; localdir declares nothing.
  assert.equal(
    log.match(/^permissions: .*$/gm)?.join("\n"),
    "permissions: read, write, env PLAKAR_*, no net, no run",
  );

  const { manifest, version } = await loadProject(
    join(KIT, "Manifest.yaml"),
    dist,
  );
  const names = TARGETS.map((t) =>
    `${manifest.name}_${version}_${platform(t)}.ptar`
  );
  assert.deepEqual(
    names.slice().sort(),
    [
      "localdir_VERSION_darwin_amd64.ptar",
      "localdir_VERSION_darwin_arm64.ptar",
      "localdir_VERSION_linux_amd64.ptar",
      "localdir_VERSION_linux_arm64.ptar",
    ].map((n) => n.replace("VERSION", version)),
  );
  const written = (await Array.fromAsync(Deno.readDir(dist)))
    .map((e) => e.name).filter((n) => n.endsWith(".ptar")).sort();
  assert.deepEqual(written, names.slice().sort());
  assert.match(version, /^v\d+\.\d+\.\d+$/);

  const bundle = await Deno.readFile(join(dist, `${manifest.name}.js`));
  for (const target of TARGETS) {
    const ptar = join(
      dist,
      `${manifest.name}_${version}_${platform(target)}.ptar`,
    );
    const snapshot = (await home.run(["at", ptar, "ls"])).stdout.trim()
      .split(/\s+/)[1];
    assert.match(snapshot, /^[0-9a-f]{8}$/);
    const listing =
      (await home.run(["at", ptar, "ls", "-recursive", `${snapshot}:/`]))
        .stdout.trim().split("\n").map((line) => line.trim().split(/\s+/))
        .map((f) => [f.at(-1), f[1]]);
    assert.deepEqual(Object.fromEntries(listing), {
      "/localdir": "-rwxr-xr-x",
      "/manifest.yaml": "-rw-r--r--",
      "/schema": "drwx------",
      "/schema/exporter.json": "-rw-r--r--",
      "/schema/importer.json": "-rw-r--r--",
      "/schema/storage.json": "-rw-r--r--",
    }, `files of ${ptar}`);

    const cat = async (path: string) => {
      const out = await new Deno.Command(await plakarBinary(), {
        args: ["at", ptar, "cat", `${snapshot}:${path}`],
        env: home.env,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      return out.stdout;
    };
    const staged = parse(new TextDecoder().decode(await cat("/manifest.yaml")));
    assert.equal(staged.name, "localdir");
    assert.equal(staged.api_version, "v1.1.0");
    assert.deepEqual(
      staged.connectors.map((c: Record<string, unknown>) => [
        c.type,
        c.executable,
        c.args,
        c.protocols,
        c.location_flags,
        c.validator,
      ]),
      ["importer", "exporter", "storage"].map((type) => [
        type,
        "localdir",
        [type],
        ["localdir"],
        ["localfs"],
        `schema/${type}.json`,
      ]),
    );
    // Each validator is the schema of the options its connector checks.
    for (const [type, options] of Object.entries(DECLARED)) {
      const schema = JSON.parse(
        new TextDecoder().decode(await cat(`/schema/${type}.json`)),
      );
      assert.deepEqual(
        schema,
        optionsSchema(options, `${manifest.display_name} ${type}`),
      );
      assert.deepEqual(schema.required, ["location"]);
    }

    // The program is the target's runtime with the bundle appended.
    const program = await cat("/localdir");
    assert.deepEqual(
      [...program.subarray(0, 4)],
      target.os === "linux" ? ELF : MACHO_64,
      `${platform(target)} executable format`,
    );
    assert.ok(indexOf(program, bundle) > 0, "the program embeds the bundle");
  }
});
