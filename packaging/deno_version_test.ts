import assert from "node:assert/strict";
import { TESTED_DENO, unsupportedDeno } from "./deno_version.ts";

Deno.test("the tested Deno is the one the toolchain pins, and builds", async () => {
  const tools = JSON.parse(
    await Deno.readTextFile(
      new URL("../toolchain/package.json", import.meta.url),
    ),
  );
  assert.equal(tools.devDependencies.deno, TESTED_DENO);
  assert.equal(unsupportedDeno(TESTED_DENO), undefined);
  assert.equal(unsupportedDeno("2.9.0"), undefined);
});

Deno.test("another minor version of Deno is refused, naming both", () => {
  assert.equal(
    unsupportedDeno("2.8.1"),
    `deno 2.8.1 is not a version this kit supports: it is tested with deno ${TESTED_DENO} (2.9.x works); install it (npm install -g deno@${TESTED_DENO}) or point DENO at it`,
  );
  assert.match(unsupportedDeno("3.0.0")!, /^deno 3\.0\.0 is not/);
});
