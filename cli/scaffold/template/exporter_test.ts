import {
  assertConformance,
  checkExporter,
  verifyLocalTree,
} from "@plakar/kit/testing";
import { pluginCommand, PROTOCOL } from "./plugin.ts";

Deno.test("the exporter passes the conformance suite and restores the tree", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assertConformance(
      await checkExporter({
        ...pluginCommand("exporter"),
        config: { location: `${PROTOCOL}://${dir}` },
        verify: verifyLocalTree(dir),
      }),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
