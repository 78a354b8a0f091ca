/**
 * The exporter conformance checks, against a hand-written exporter that
 * follows the protocol and a broken variant; and the local tree verifier.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  assertConformance,
  checkExporter,
  formatReport,
  patternBytes,
  patternPieces,
  syntheticTree,
  verifyLocalTree,
} from "../mod.ts";
import {
  assertViolation,
  denoPlugin,
} from "../../../tests/support/conformance.ts";

const check = (path: string) =>
  checkExporter({
    ...denoPlugin(path),
    config: { location: "fixture:///restore" },
    timeouts: { callMs: 10_000, exitMs: 3_000 },
  });

Deno.test("a hand-written exporter that follows the protocol conforms", async () => {
  const report = await check("fixtures/protocol/exporter.ts");
  assertConformance(report);
  // The fixture answers an error result unless each file's bytes, ended
  // by the empty marker, match its fileInfo.size.
  assert.match(
    formatReport(report),
    /one result per record: 7 results, each echoing its record with fileInfo/,
  );
});

Deno.test("the localdir exporter conforms and restores the tree", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const target = join(dir, "restore");
    const report = await checkExporter({
      ...denoPlugin("../connectors/localdir/main.ts", "exporter"),
      config: { location: `localdir://${target}` },
      verify: verifyLocalTree(target),
    });
    assertConformance(report);
    assert.match(formatReport(report), /restored content: 7 entries restored/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an exporter whose results lack fileInfo fails the results check", async () => {
  const report = await check("fixtures/broken/result_without_file_info.ts");
  assertViolation(
    report,
    "exporter: one result per record",
    /the result of \/ does not echo the record's fileInfo/,
  );
});

/** Writes the synthetic tree under `dir` the way a correct exporter would. */
async function restore(dir: string): Promise<void> {
  const tree = syntheticTree();
  for (const entry of tree) {
    const path = join(dir, entry.pathname);
    if (entry.kind === "dir") await Deno.mkdir(path, { recursive: true });
    if (entry.kind === "symlink") await Deno.symlink(entry.target, path);
    if (entry.kind === "file") {
      using file = await Deno.open(path, { write: true, create: true });
      for (const piece of patternPieces(entry.seed, entry.size)) {
        await file.write(piece);
      }
    }
  }
  for (const entry of tree.toReversed()) {
    if (entry.kind === "symlink" || entry.pathname === "/") continue;
    const path = join(dir, entry.pathname);
    await Deno.chmod(path, entry.permissions);
    await Deno.utime(path, entry.mtime, entry.mtime);
  }
}

Deno.test("verifyLocalTree accepts a faithful restore and names what differs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await restore(dir);
    const verify = verifyLocalTree(dir);
    assert.match(await verify(syntheticTree()), /7 entries restored/);

    // One flipped byte (mtime kept) and one wrong permission.
    const big = syntheticTree().find((e) => e.pathname === "/data/big.bin")!;
    const at = 1024 * 1024 + 7;
    using file = await Deno.open(join(dir, "data/big.bin"), { write: true });
    await file.seek(at, Deno.SeekMode.Start);
    await file.write(patternBytes(big.seed, at, 1).map((b) => b ^ 0xff));
    await Deno.utime(join(dir, "data/big.bin"), big.mtime, big.mtime);
    await Deno.chmod(join(dir, "docs/hello.txt"), 0o644);
    await assert.rejects(
      verify(syntheticTree()),
      /\/data\/big\.bin: wrong content at byte 1048583.*\/docs\/hello\.txt: permissions 0644, expected 0600/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
