/**
 * Typed connector options: declare once, get parsing with clear errors and
 * the manifest's JSON Schema.
 *
 * @module
 */
export {
  type Known,
  LOCATION,
  type Maybe,
  type OptionsOf,
  type OptionSpec,
  type OptionsSpec,
  type ValueOf,
} from "./options.ts";
export { parseOptions } from "./parse.ts";
export { optionsSchema } from "../../packaging/options_schema.ts";
