/** Secret options: marked in the JSON Schema, never echoed when refused. */
import assert from "node:assert/strict";
import type { OptionsSpec } from "../sdk/config/options.ts";
import { parseOptions } from "../sdk/config/parse.ts";
import { optionsSchema } from "./options_schema.ts";

const spec = {
  token: {
    type: "string",
    required: true,
    secret: true,
    description: "API token",
  },
  tier: {
    type: "string",
    choices: ["gold", "silver"],
    secret: true,
    description: "A secret among a few",
  },
} satisfies OptionsSpec;

Deno.test("the schema marks secret options write-only and secret", () => {
  const properties = optionsSchema(spec).properties as Record<
    string,
    Record<string, unknown>
  >;
  assert.equal(properties.token.writeOnly, true);
  assert.equal(properties.token["x-plakar-secret"], true);
  assert.equal(properties.location.writeOnly, undefined);
});

Deno.test("a refused secret value is not echoed", () => {
  assert.throws(
    () => parseOptions(spec, { location: "x://", token: "t", tier: "hunter2" }),
    (error: Error) =>
      /option "tier" must be one of gold, silver/.test(error.message) &&
      !error.message.includes("hunter2"),
  );
});
