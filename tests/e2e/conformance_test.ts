/**
 * The conformance suite's verdicts hold under real plakar: the plugin it
 * passes backs up, and the violations it names break plakar the same way.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { devPackage } from "../../packaging/dev_package.ts";
import {
  assertConformance,
  checkImporter,
  checkStorage,
  type Report,
} from "../../sdk/testing/mod.ts";
import { assertViolation, denoPlugin } from "../support/conformance.ts";
import {
  plakarBinary,
  type PlakarHome,
  plakarHome,
} from "../../toolchain/plakar.ts";

const fixture = (path: string) =>
  new URL(`../fixtures/${path}`, import.meta.url).pathname;

/** Installs the plugin at `path` as package and protocol `name`. */
async function install(
  home: PlakarHome,
  name: string,
  path: string,
  type: "importer" | "storage",
): Promise<void> {
  await home.install(
    await devPackage({
      name,
      version: "v0.1.0",
      entry: fixture(path),
      connectors: [{ type, protocols: [name], args: [type] }],
      outDir: join(home.dir, name),
      plakar: { binary: await plakarBinary(), env: home.env },
    }),
  );
}

const importer = (path: string): Promise<Report> =>
  checkImporter({
    ...denoPlugin(`fixtures/${path}`),
    config: { location: "fixture:///" },
  });

Deno.test("real plakar agrees with the conformance suite", async (t) => {
  await using home = await plakarHome();
  const repo = join(home.dir, "repo");
  await home.run(["at", repo, "create", "-plaintext"]);
  const backup = (proto: string) =>
    home.run(["at", repo, "backup", `${proto}:///`], {
      allowFailure: true,
      timeoutMs: 60_000,
    });

  await t.step("a conforming importer backs up", async () => {
    assertConformance(await importer("protocol/importer.ts"));
    await install(home, "fixgood", "protocol/importer.ts", "importer");
    const run = await backup("fixgood");
    assert.equal(run.code, 0, run.stdout + run.stderr);
    // The fixture's one error record is reported, the rest is backed up.
    assert.match(run.stdout, /OK ✓ \/src\/big\.bin/);
    assert.match(run.stderr, /KO ✘ \/src\/secret: permission denied/);
  });

  await t.step("a record without fileInfo fails the whole backup", async () => {
    assertViolation(
      await importer("broken/missing_file_info.ts"),
      "importer: fileInfo on every entry",
      /record \/src\/big\.bin has no fileInfo/,
    );
    await install(home, "fixnofi", "broken/missing_file_info.ts", "importer");
    const run = await backup("fixnofi");
    assert.notEqual(run.code, 0);
    assert.match(
      run.stdout + run.stderr,
      /failed to backup source: invalid record \/src\/big\.bin: missing fileinfo/,
    );
  });

  await t.step("an empty Open chunk fails the file", async () => {
    assertViolation(
      await importer("broken/empty_open_chunk.ts"),
      "importer: Open",
      /Open \/src\/hello\.txt: chunk #1 is empty/,
    );
    await install(home, "fixempty", "broken/empty_open_chunk.ts", "importer");
    const run = await backup("fixempty");
    assert.match(run.stderr, /KO ✘ \/src\/hello\.txt: unexpected response/);
  });

  await t.step("text on stdout breaks the connection", async () => {
    const report = await checkStorage({
      ...denoPlugin("fixtures/broken/stdout_pollution.ts", "storage"),
      config: { location: `localdir://${join(home.dir, "unused")}` },
    });
    assertViolation(report, "start-up: SETTINGS", /wrote to stdout/);
    await install(home, "noisy", "broken/stdout_pollution.ts", "storage");
    const run = await home.run(
      ["at", `noisy://${join(home.dir, "noisy-repo")}`, "create", "-plaintext"],
      { allowFailure: true, timeoutMs: 60_000 },
    );
    assert.notEqual(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /error reading server preface/);
  });
});
