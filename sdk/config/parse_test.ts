import assert from "node:assert/strict";
import type { OptionsOf } from "./options.ts";
import { spec } from "../../tests/fixtures/options.ts";
import { parseOptions } from "./parse.ts";

const location = "s3x://bucket/prefix";

Deno.test("options are parsed to their types, with defaults", () => {
  const options: OptionsOf<typeof spec> = parseOptions(spec, {
    location,
    bucket: "b",
    parts: "8",
    verify: "No",
  });
  assert.deepEqual(options, {
    location,
    bucket: "b",
    region: "eu-west-1",
    parts: 8,
    verify: false,
  });
  assert.equal(
    parseOptions(spec, { location, bucket: "b", ratio: " 0.25 " }).ratio,
    0.25,
  );
});

Deno.test("bad options are refused with a message naming the option", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [
      { location, bucket: "b", colour: "red" },
      /unknown option "colour" \(known options: location, bucket,/,
    ],
    [{ location, bucket: "b", a: "1", b: "2" }, /unknown options "a", "b"/],
    [{ location }, /option "bucket" is required: Bucket name/],
    [{ location, bucket: "  " }, /option "bucket" is required/],
    [{ bucket: "b" }, /option "location" is required/],
    [
      { location, bucket: "b", parts: "many" },
      /option "parts" must be a number, got "many"/,
    ],
    [
      { location, bucket: "b", parts: "" },
      /option "parts" must be a number, got ""/,
    ],
    [
      { location, bucket: "b", parts: "2.5" },
      /option "parts" must be a whole number, got "2.5"/,
    ],
    [
      { location, bucket: "b", parts: "0" },
      /option "parts" must be at least 1, got 0/,
    ],
    [
      { location, bucket: "b", parts: "65" },
      /option "parts" must be at most 64, got 65/,
    ],
    [
      { location, bucket: "b", verify: "maybe" },
      /option "verify" must be true or false, got "maybe"/,
    ],
    [
      { location, bucket: "b", region: "mars" },
      /option "region" must be one of eu-west-1, us-east-1, got "mars"/,
    ],
  ];
  for (const [config, message] of cases) {
    assert.throws(() => parseOptions(spec, config), message);
  }
});
