import assert from "node:assert/strict";
import { parseOptions } from "../sdk/config/parse.ts";
import { optionsSchema } from "./options_schema.ts";
import { spec } from "../tests/fixtures/options.ts";

const location = "s3x://bucket/prefix";

Deno.test("the JSON Schema describes every option as the strings plakar sends", () => {
  const schema = optionsSchema(spec, "s3x importer");
  assert.equal(schema.type, "object");
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(schema.required, ["location", "bucket"]);
  const properties = schema.properties as Record<
    string,
    Record<string, unknown>
  >;
  assert.deepEqual(Object.keys(properties), [
    "location",
    "bucket",
    "region",
    "parts",
    "ratio",
    "verify",
  ]);
  assert.deepEqual(properties.region.enum, ["eu-west-1", "us-east-1"]);
  assert.equal(properties.parts.default, "4");
  for (const property of Object.values(properties)) {
    assert.equal(property.type, "string");
  }
  JSON.parse(JSON.stringify(schema));
});

Deno.test("the schema's patterns accept exactly what the parser accepts", () => {
  const properties = optionsSchema(spec).properties as Record<
    string,
    { pattern?: string }
  >;
  const accepts = (name: string, value: string) =>
    new RegExp(properties[name].pattern!).test(value);
  for (const value of ["true", "FALSE", "Yes", "off", "1", " 0 "]) {
    assert.ok(accepts("verify", value), value);
    parseOptions(spec, { location, bucket: "b", verify: value });
  }
  for (const value of ["maybe", "", "truee"]) {
    assert.ok(!accepts("verify", value), value);
  }
  for (const value of ["3", "-7", " 12 "]) {
    assert.ok(accepts("parts", value), value);
  }
  for (const value of ["2.5", "x", ""]) {
    assert.ok(!accepts("parts", value), value);
  }
  for (const value of ["0.25", "-1e3", ".5", "7"]) {
    assert.ok(accepts("ratio", value), value);
  }
  for (const value of ["1/2", "", "e3", "0x10", "Infinity"]) {
    assert.ok(!accepts("ratio", value), value);
    assert.throws(
      () => parseOptions(spec, { location, bucket: "b", ratio: value }),
      /must be a number/,
    );
  }
});
