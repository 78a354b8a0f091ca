/**
 * What the option parser and the manifest's JSON Schema both apply: the
 * accepted spellings of numbers and booleans, and the default `location`.
 *
 * @module
 */
import type { OptionSpec, OptionsSpec } from "./options.ts";

/** JSON Schema patterns have no case-insensitive flag: spell each letter both ways. */
const anyCase = (word: string) =>
  [...word].map((c) => /[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c).join(
    "",
  );

/** The words a boolean option accepts, in any case. */
export const BOOLEAN_WORDS = {
  true: ["true", "yes", "on", "1"],
  false: ["false", "no", "off", "0"],
} as const;

/**
 * Which strings a number, integer or boolean option accepts: used by the
 * parser and written into the JSON Schema, so the two cannot disagree.
 */
export const PATTERNS = {
  number: "^\\s*-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$",
  integer: "^\\s*-?\\d+\\s*$",
  boolean: `^\\s*(${
    [...BOOLEAN_WORDS.true, ...BOOLEAN_WORDS.false].map(anyCase).join("|")
  })\\s*$`,
} as const;

/** The description of `location` used when a connector does not declare it. */
export const LOCATION: OptionSpec = {
  type: "string",
  required: true,
  description: "Where the data is, as <protocol>://<path>",
};

/** The declared options with `location` added when absent. */
export function withLocation(spec: OptionsSpec): OptionsSpec {
  return "location" in spec ? spec : { location: LOCATION, ...spec };
}
