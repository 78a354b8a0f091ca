/**
 * The importer conformance checks, against a hand-written importer that
 * follows the protocol and against broken variants of it.
 */
import assert from "node:assert/strict";
import { assertConformance, checkImporter, formatReport } from "../mod.ts";
import {
  assertViolation,
  denoPlugin,
} from "../../../tests/support/conformance.ts";
import { makeTree } from "../../../toolchain/tree.ts";

const check = (path: string, callMs = 10_000) =>
  checkImporter({
    ...denoPlugin(path),
    config: { location: "fixture:///" },
    timeouts: { callMs, exitMs: 3_000 },
  });

Deno.test("a hand-written importer that follows the protocol conforms", async () => {
  const report = await check("fixtures/protocol/importer.ts");
  assertConformance(report);
  const text = formatReport(report);
  assert.match(text, /importer: Import: 8 record\(s\) acknowledged/);
  assert.match(text, /importer: Open: 3 reader\(s\) read whole.*: 19 bytes/);
  assert.match(text, /second Open of a reader: .* was refused: the reader of/);
  assert.match(text, /cancelled Open: Open \/src\/big\.bin cancelled/);
});

Deno.test("the localdir importer conforms", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await makeTree(dir, {
      "big.bin": { size: 1536 * 1024 },
      "docs/a.txt": { size: 1000 },
      "docs/empty": { size: 0 },
      "docs/deep/b.bin": { size: 70_000, mode: 0o600 },
      "docs/link": { symlink: "a.txt" },
    });
    const report = await checkImporter({
      ...denoPlugin("../connectors/localdir/main.ts", "importer"),
      config: { location: `localdir://${dir}` },
    });
    assertConformance(report);
    assert.match(
      formatReport(report),
      /importer: Open: 3 reader\(s\) read whole.*: 71000 bytes/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an importer sending an empty Open chunk fails the Open check", async () => {
  const report = await check("fixtures/broken/empty_open_chunk.ts");
  assertViolation(
    report,
    "importer: Open",
    /Open \/src\/hello\.txt: chunk #1 is empty .*"unexpected response"/,
  );
});

Deno.test("an importer omitting a file's fileInfo fails the fileInfo check", async () => {
  const report = await check("fixtures/broken/missing_file_info.ts");
  assertViolation(
    report,
    "importer: fileInfo on every entry",
    /record \/src\/big\.bin has no fileInfo/,
  );
});

Deno.test("an importer that never sends finished fails the Import check", async () => {
  const report = await check("fixtures/broken/missing_finished.ts", 2_000);
  assertViolation(
    report,
    "importer: Import",
    /Import failed with CANCELLED: cancelled by the host: did not end within 2 s \(8 record\(s\) received, no "finished"\)/,
  );
});
