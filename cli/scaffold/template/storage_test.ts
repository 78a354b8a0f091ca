import { join } from "node:path";
import { assertConformance, checkStorage } from "@plakar/kit/testing";
import { pluginCommand, PROTOCOL } from "./plugin.ts";

Deno.test("the storage passes the conformance suite", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assertConformance(
      await checkStorage({
        ...pluginCommand("storage"),
        config: { location: `${PROTOCOL}://${join(dir, "repo")}` },
      }),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
