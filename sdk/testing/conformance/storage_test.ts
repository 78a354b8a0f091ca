/**
 * The storage conformance checks: the localdir reference plugin passes,
 * deliberately broken plugins fail with the violation named.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertConformance, checkStorage } from "../mod.ts";
import {
  assertViolation,
  denoPlugin,
} from "../../../tests/support/conformance.ts";

async function check(path: string) {
  const dir = await Deno.makeTempDir();
  try {
    return await checkStorage({
      ...denoPlugin(path, "storage"),
      config: { location: `localdir://${join(dir, "repo")}` },
      timeouts: { startMs: 10_000, callMs: 20_000, exitMs: 3_000 },
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the localdir storage conforms", async () => {
  const report = await check("../connectors/localdir/main.ts");
  assertConformance(report);
  assert.ok(report.results.length >= 14, `${report.results.length} checks ran`);
});

Deno.test("a storage listing 16-byte MACs fails the List check", async () => {
  const report = await check("fixtures/broken/short_mac_list.ts");
  assertViolation(
    report,
    "storage: List",
    /List packfile: MAC #1 is 16 bytes, not 32/,
  );
  assert.throws(() => assertConformance(report), /storage: List/);
});

Deno.test("a storage printing to stdout fails at start-up, with what it printed", async () => {
  const report = await check("fixtures/broken/stdout_pollution.ts");
  assertViolation(
    report,
    "start-up: SETTINGS",
    /the plugin wrote to stdout: "starting my plugin v1\.0\\n/,
  );
  assertViolation(report, "stdout: HTTP/2 frames only", /starting my plugin/);
});

Deno.test("a storage that outlives its stdin fails the shutdown check", async () => {
  const report = await check("fixtures/broken/lingering.ts");
  assertViolation(
    report,
    "shutdown: exit on end of input",
    /still running 3 s after its stdin was closed: killed/,
  );
  assert.ok(
    report.results.filter((r) => !r.ok).length === 1,
    "only the shutdown check fails",
  );
});
