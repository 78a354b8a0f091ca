import { join } from "node:path";
import { assertConformance, checkImporter } from "@plakar/kit/testing";
import { pluginCommand, PROTOCOL } from "./plugin.ts";

Deno.test("the importer passes the conformance suite", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // The suite wants a file above 1 MiB: it cancels an Open of it midway.
    await Deno.mkdir(join(dir, "docs"));
    await Deno.writeFile(join(dir, "big.bin"), new Uint8Array(1_500_000));
    await Deno.writeTextFile(join(dir, "docs", "hello.txt"), "hello\n");
    await Deno.symlink("docs/hello.txt", join(dir, "link"));
    assertConformance(
      await checkImporter({
        ...pluginCommand("importer"),
        config: { location: `${PROTOCOL}://${dir}` },
      }),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
