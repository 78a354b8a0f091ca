/**
 * The JSON Schema of a connector's options, for the manifest's `validator`.
 * plakar hands options over as strings, so every property is a string; the
 * patterns say which strings a number or boolean option accepts.
 *
 * @module
 */
import { PATTERNS, withLocation } from "../sdk/config/_option_rules.ts";
import type { OptionSpec, OptionsSpec } from "../sdk/config/options.ts";

function property(spec: OptionSpec): Record<string, unknown> {
  const base: Record<string, unknown> = {
    type: "string",
    description: spec.description,
  };
  if (spec.default !== undefined) base.default = String(spec.default);
  switch (spec.type) {
    case "string":
      if (spec.choices) base.enum = [...spec.choices];
      if (spec.secret) {
        base.writeOnly = true;
        base["x-plakar-secret"] = true;
      }
      break;
    case "number":
      base.pattern = PATTERNS.number;
      break;
    case "integer":
      base.pattern = PATTERNS.integer;
      break;
    case "boolean":
      base.pattern = PATTERNS.boolean;
      break;
  }
  return base;
}

/** A JSON Schema (draft 2020-12) object describing the options. */
export function optionsSchema(
  spec: OptionsSpec,
  title?: string,
): Record<string, unknown> {
  const declared = withLocation(spec);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    ...(title ? { title } : {}),
    type: "object",
    properties: Object.fromEntries(
      Object.entries(declared).map((
        [name, option],
      ) => [name, property(option)]),
    ),
    required: Object.entries(declared).filter(([, option]) => option.required)
      .map(([name]) => name),
    additionalProperties: false,
  };
}
