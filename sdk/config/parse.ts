/**
 * Parsing the host's string options against a declaration, with messages
 * that name the option.
 *
 * @module
 */
import { PluginError } from "../errors.ts";
import { BOOLEAN_WORDS, PATTERNS, withLocation } from "./_option_rules.ts";
import type { OptionsOf, OptionSpec, OptionsSpec } from "./options.ts";

const TRUE: ReadonlySet<string> = new Set(BOOLEAN_WORDS.true);
const NUMBER = new RegExp(PATTERNS.number);
const INTEGER = new RegExp(PATTERNS.integer);

function parseValue(
  name: string,
  spec: OptionSpec,
  raw: string,
): string | number | boolean {
  switch (spec.type) {
    case "string":
      if (spec.choices && !spec.choices.includes(raw)) {
        throw new PluginError(
          `option "${name}" must be one of ${spec.choices.join(", ")}, got ${
            spec.secret ? "another value" : `"${raw}"`
          }`,
        );
      }
      return raw;
    case "boolean": {
      if (new RegExp(PATTERNS.boolean).test(raw)) {
        return TRUE.has(raw.trim().toLowerCase());
      }
      throw new PluginError(
        `option "${name}" must be true or false, got "${raw}"`,
      );
    }
    case "number":
    case "integer": {
      if (!NUMBER.test(raw)) {
        throw new PluginError(
          `option "${name}" must be a number, got "${raw}"`,
        );
      }
      if (spec.type === "integer" && !INTEGER.test(raw)) {
        throw new PluginError(
          `option "${name}" must be a whole number, got "${raw}"`,
        );
      }
      const value = Number(raw);
      if (spec.min !== undefined && value < spec.min) {
        throw new PluginError(
          `option "${name}" must be at least ${spec.min}, got ${value}`,
        );
      }
      if (spec.max !== undefined && value > spec.max) {
        throw new PluginError(
          `option "${name}" must be at most ${spec.max}, got ${value}`,
        );
      }
      return value;
    }
  }
}

/**
 * Checks and converts the host's options. Unknown keys, missing required
 * options and malformed values throw a `PluginError` naming the option.
 *
 * @example Declare the options once, parse them at Init
 * ```ts
 * import { type ImporterInit, type OptionsSpec, parseOptions } from "@plakar/kit";
 *
 * export const importerOptions = {
 *   location: {
 *     type: "string",
 *     required: true,
 *     description: "Where the files are",
 *   },
 *   parts: {
 *     type: "integer",
 *     default: 4,
 *     min: 1,
 *     max: 64,
 *     description: "Files read at once",
 *   },
 * } satisfies OptionsSpec;
 *
 * export function settings(init: ImporterInit) {
 *   // Throws a PluginError naming the option: unknown, missing, out of range…
 *   const { location, parts } = parseOptions(importerOptions, init.config);
 *   return { location, parts }; // string, number
 * }
 * ```
 */
export function parseOptions<S extends OptionsSpec>(
  spec: S,
  config: Record<string, string>,
): OptionsOf<S> {
  const declared = withLocation(spec);
  const unknown = Object.keys(config).filter((key) => !(key in declared));
  if (unknown.length > 0) {
    const names = unknown.map((key) => `"${key}"`).join(", ");
    throw new PluginError(
      `unknown option${
        unknown.length > 1 ? "s" : ""
      } ${names} (known options: ${Object.keys(declared).join(", ")})`,
    );
  }
  const parsed: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(declared)) {
    const raw = config[name];
    if (raw === undefined || (option.required && raw.trim() === "")) {
      if (option.required) {
        throw new PluginError(
          `option "${name}" is required: ${option.description}`,
        );
      }
      if (option.default !== undefined) parsed[name] = option.default;
      continue;
    }
    parsed[name] = parseValue(name, option, raw);
  }
  return parsed as OptionsOf<S>;
}
