/**
 * A scan that throws halfway fails the backup under real plakar, with the
 * importer's message, and leaves no snapshot that would pass for complete.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { devPackage } from "../../packaging/dev_package.ts";
import { plakarBinary, plakarHome } from "../../toolchain/plakar.ts";

const FIXTURE =
  new URL("../fixtures/failing_scan.ts", import.meta.url).pathname;

Deno.test("a scan that fails halfway fails the backup with its message", async () => {
  await using home = await plakarHome();
  const ptar = await devPackage({
    name: "failing",
    version: "v0.1.0",
    entry: FIXTURE,
    connectors: [{ type: "importer", protocols: ["failing"], args: [] }],
    outDir: home.dir,
    plakar: { binary: await plakarBinary(), env: home.env },
  });
  await home.install(ptar);
  const repo = join(home.dir, "repo");
  await home.run(["at", repo, "create", "-plaintext"]);

  const backup = await home.run(["at", repo, "backup", "failing:///data"], {
    allowFailure: true,
  });
  assert.notEqual(backup.code, 0, "the backup fails");
  assert.match(
    backup.stdout + backup.stderr,
    /the scan of \/data failed after 3 entries: listing page 2 of the bucket failed: 503 Slow Down/,
  );
  const ls = await home.run(["at", repo, "ls"]);
  assert.equal(ls.stdout.trim(), "", "no snapshot was recorded");
});
