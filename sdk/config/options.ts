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
