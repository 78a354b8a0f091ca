/**
 * Connector validators: the JSON Schema plakar keeps for each connector.
 * The source manifest names either a `.json` file or an options declaration
 * as `module.ts#exportName`, whose schema is written at staging: the options
 * a connector checks at `Init` and its validator then cannot disagree.
 *
 * @module
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { OptionsSpec } from "../sdk/config/options.ts";
import { optionsSchema } from "./options_schema.ts";

/** A validator as plakar wants it: a JSON object. */
export type JsonObject = Record<string, unknown>;

const OPTION_TYPES = ["string", "number", "integer", "boolean"];

/** Reads `path` as the validator `ref`; the message names what is wrong. */
export async function readJsonObject(
  path: string,
  ref: string,
): Promise<JsonObject> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`validator "${ref}" does not exist`);
    }
    throw new Error(
      `validator "${ref}" cannot be read: ${(error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `validator "${ref}" is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (!isObject(value)) {
    throw new Error(
      `validator "${ref}" is not a JSON object: plakar refuses to package it`,
    );
  }
  return value;
}

/**
 * The schema a source validator reference designates, relative to `baseDir`:
 * a `.json` file, or `module.ts#export` naming an options declaration.
 */
export async function loadValidator(
  baseDir: string,
  ref: string,
  title: string,
): Promise<JsonObject> {
  const hash = ref.indexOf("#");
  if (hash < 0) return await readJsonObject(resolve(baseDir, ref), ref);
  const [file, name] = [ref.slice(0, hash), ref.slice(hash + 1)];
  let module: Record<string, unknown>;
  try {
    // The plugin's own module, known only at build time (which is why
    // `deno publish` warns that it cannot analyze this import).
    module = await import(pathToFileURL(resolve(baseDir, file)).href);
  } catch (error) {
    throw new Error(
      `validator "${ref}": cannot load ${file}: ${(error as Error).message}`,
    );
  }
  const spec = module[name];
  if (!isOptionsSpec(spec)) {
    throw new Error(
      `validator "${ref}": ${file} has no options declaration exported as "${name}"`,
    );
  }
  return optionsSchema(spec, title);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isOptionsSpec(value: unknown): value is OptionsSpec {
  return isObject(value) &&
    Object.values(value).every((option) =>
      isObject(option) && OPTION_TYPES.includes(option.type as string)
    );
}
