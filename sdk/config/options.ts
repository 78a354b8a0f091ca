/**
 * Typed connector options, declared once: the SDK checks the host's `Init`
 * config against the declaration, and the build writes the manifest's JSON
 * Schema `validator` from it.
 *
 * @module
 */

/** The declaration of one option. Values arrive as strings and are parsed. */
export type OptionSpec =
  | {
    type: "string";
    description: string;
    required?: boolean;
    default?: string;
    choices?: readonly string[];
    /**
     * A password, key or token: its value is never echoed in errors, and
     * the JSON Schema marks it (`writeOnly`, `x-plakar-secret`).
     */
    secret?: boolean;
  }
  | {
    type: "number";
    description: string;
    required?: boolean;
    default?: number;
    min?: number;
    max?: number;
  }
  | {
    type: "integer";
    description: string;
    required?: boolean;
    default?: number;
    min?: number;
    max?: number;
  }
  | {
    type: "boolean";
    description: string;
    required?: boolean;
    default?: boolean;
  };

/** A connector's options by name. `location` is always there, even undeclared. */
export type OptionsSpec = Record<string, OptionSpec>;

/**
 * The parsed options: required or defaulted ones are always set, the others
 * may be absent; strings stay strings, booleans are booleans, numbers are
 * numbers.
 */
export type OptionsOf<S extends OptionsSpec> =
  & {
    [
      K in keyof S as S[K] extends { required: true } | { default: unknown } ? K
        : never
    ]: { string: string; boolean: boolean; number: number; integer: number }[
      S[K]["type"]
    ];
  }
  & {
    [
      K in keyof S as S[K] extends { required: true } | { default: unknown }
        ? never
        : K
    ]?: { string: string; boolean: boolean; number: number; integer: number }[
      S[K]["type"]
    ];
  }
  & { location: string };

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
