/**
 * Bad configuration of each localdir connector, at `Init` over the wire:
 * refused with a message naming the key or the path. (Through real plakar:
 * tests/e2e/reliability_test.ts.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CallError, spawnPlugin } from "../../sdk/testing/mod.ts";
import { denoPlugin } from "../support/conformance.ts";

type Kind = "importer" | "exporter" | "storage";
const KINDS: Kind[] = ["importer", "exporter", "storage"];

/** The error `Init` of `kind` answers `config` with. */
async function initError(
  kind: Kind,
  config: Record<string, string> & { location: string },
): Promise<string> {
  const plugin = denoPlugin("../connectors/localdir/main.ts", kind);
  await using process = await spawnPlugin(plugin.command, plugin.args);
  const error = await process[kind].init(config).then(
    () => undefined,
    (e) => e,
  );
  assert.ok(error instanceof CallError, `${kind} Init succeeded`);
  return error.details;
}

Deno.test("an empty or relative location is refused by every connector, naming the key", async () => {
  for (const kind of KINDS) {
    assert.match(
      await initError(kind, { location: "localdir://" }),
      /option "location" must be an absolute path .*got "localdir:\/\/"/,
    );
    assert.match(
      await initError(kind, { location: "localdir://relative/dir" }),
      /option "location" must be an absolute path/,
    );
    assert.match(
      await initError(kind, { location: "localdir:///x", colour: "red" }),
      /unknown option "colour" \(known options: location/,
    );
  }
  assert.match(
    await initError("storage", { location: "localdir:///x", fsync: "often" }),
    /option "fsync" must be true or false, got "often"/,
  );
});

Deno.test("an importer location that does not exist is refused, naming the path", async () => {
  const dir = await Deno.makeTempDir({ prefix: "reliability-config-" });
  try {
    const missing = join(dir, "missing");
    assert.match(
      await initError("importer", { location: `localdir://${missing}` }),
      new RegExp(`cannot back up ${missing}: No such file or directory`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
