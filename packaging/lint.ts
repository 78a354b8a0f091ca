/**
 * The manifest linter: refuses, with a message naming the file and key,
 * what plakar silently ignores or refuses only later (at `pkg create`,
 * `pkg add` or when a command first uses the plugin).
 *
 * A file named `plugin.yaml` or `Manifest.yaml` is linted as a source
 * manifest (executables are main modules, validators may name options
 * declarations, and the deno.json beside it declares the plugin's
 * permissions); any other file as the `manifest.yaml` plakar packs. A
 * symbolic link is linted as the file it points to, relative to its folder.
 *
 * @module
 */
import { CONNECTOR_KINDS } from "../sdk/_kinds.ts";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import { readDeclaration } from "./declared_permissions.ts";
import {
  API_VERSION,
  BUILTIN_PROTOCOLS,
  CONNECTOR_KEYS,
  LOCATION_FLAGS,
  type Manifest,
  MANIFEST_KEYS,
  NAME_PATTERN,
  PROTOCOL_PATTERN,
  readManifestFile,
  SOURCE_NAMES,
  STAGED_NAME,
} from "./manifest.ts";
import { loadValidator, readJsonObject } from "./validators.ts";

/** Which manifest is linted: the author's source or the staged copy. */
export type ManifestKind = "source" | "staged";

const SEMVER =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** The top-level keys whose value is a string: all but the two lists. */
const STRING_KEYS = MANIFEST_KEYS.filter((key) =>
  key !== "tags" && key !== "connectors"
);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");
const list = (words: readonly string[]) => words.join(", ");
/** A value as the author wrote it: `"x"` for a string, `null`, `{"a":1}`. */
const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

/** The problems of the manifest at `path`, its kind told by its file name. */
export async function lintManifestFile(path: string): Promise<string[]> {
  const kind = (SOURCE_NAMES as readonly string[]).includes(basename(path))
    ? "source"
    : "staged";
  const raw = await readManifestFile(path);
  return await lintManifest(raw, await Deno.realPath(path), kind);
}

/**
 * The problems of a parsed manifest read from `file`, each a sentence
 * starting with the file and the key at fault; none when it is sound.
 * Relative paths in it are checked against the file's folder.
 */
export async function lintManifest(
  raw: unknown,
  file: string,
  kind: ManifestKind,
): Promise<string[]> {
  const problems: string[] = [];
  const report = (message: string) => problems.push(`${file}: ${message}`);
  if (kind === "staged" && basename(file) !== STAGED_NAME) {
    report(
      `plakar pkg create only accepts a file named ${STAGED_NAME}, not "${
        basename(file)
      }"`,
    );
  }
  if (!isObject(raw)) {
    report("the manifest must be a YAML mapping of keys to values");
    return problems;
  }
  for (const key of Object.keys(raw)) {
    if (!(MANIFEST_KEYS as readonly string[]).includes(key)) {
      report(`unknown key "${key}": plakar silently ignores it`);
    }
  }
  for (const key of STRING_KEYS) {
    if (key in raw && typeof raw[key] !== "string") {
      report(`${key} must be a string`);
    }
  }
  if ("tags" in raw && !isStringList(raw.tags)) {
    report("tags must be a list of strings");
  }
  lintHeader(raw, kind, report);

  if (!Array.isArray(raw.connectors) || raw.connectors.length === 0) {
    report(
      "connectors is missing or empty: a plugin needs at least one importer, exporter or storage",
    );
    return problems;
  }
  const folder = dirname(resolve(file));
  for (const [index, connector] of raw.connectors.entries()) {
    await lintConnector(connector, index, {
      folder,
      kind,
      title: typeof raw.display_name === "string"
        ? raw.display_name
        : String(raw.name),
      report,
    });
  }
  if (kind === "source") {
    problems.push(...(await readDeclaration(folder)).problems);
    const executables = new Set(
      raw.connectors.filter(isObject).map((c) => c.executable),
    );
    if (executables.size > 1) {
      report(
        `all connectors must share one executable (one program serves every kind, chosen by "args"), found ${
          [...executables].map((e) => `"${e}"`).join(", ")
        }`,
      );
    }
  }
  return problems;
}

function lintHeader(
  raw: Json,
  kind: ManifestKind,
  report: (message: string) => void,
): void {
  if (typeof raw.name !== "string" || raw.name === "") {
    report("name is missing");
  } else if (!NAME_PATTERN.test(raw.name)) {
    report(
      `name "${raw.name}" may only use letters, digits and "-": plakar cannot install a package whose name has "_" or "."`,
    );
  }
  if (raw.api_version === undefined) {
    report(`api_version is missing: use ${API_VERSION}`);
  } else if (raw.api_version !== API_VERSION) {
    report(
      `api_version is ${
        shown(raw.api_version)
      }: this kit builds plugins for plakar's API ${API_VERSION}`,
    );
  }
  if (kind === "source" && raw.version === undefined) {
    report(
      "version is missing: the package version (e.g. v0.1.0) is kept here, in one place",
    );
  } else if (typeof raw.version === "string" && !SEMVER.test(raw.version)) {
    report(
      `version "${raw.version}" is not a semantic version with a leading "v" (e.g. v1.2.3): plakar pkg create refuses it`,
    );
  }
}

interface ConnectorContext {
  folder: string;
  kind: ManifestKind;
  title: string;
  report: (message: string) => void;
}

async function lintConnector(
  connector: unknown,
  index: number,
  context: ConnectorContext,
): Promise<void> {
  const { kind, folder } = context;
  if (!isObject(connector)) {
    context.report(`connectors[${index}] must be a mapping of keys to values`);
    return;
  }
  const where = `connectors[${index}] (${
    typeof connector.type === "string" ? connector.type : "no type"
  })`;
  const report = (message: string) => context.report(`${where}: ${message}`);

  for (const key of Object.keys(connector)) {
    if (key === "flags") {
      report(
        `"flags" is not a plakar key (plakar silently ignores it): write "location_flags"`,
      );
    } else if (!(CONNECTOR_KEYS as readonly string[]).includes(key)) {
      report(`unknown key "${key}": plakar silently ignores it`);
    }
  }
  if (connector.type === undefined) {
    report(`type is missing: use ${list(CONNECTOR_KINDS)}`);
  } else if (
    !(CONNECTOR_KINDS as readonly unknown[]).includes(connector.type)
  ) {
    report(
      `unknown type ${
        shown(connector.type)
      }: plakar silently ignores this connector; use ${list(CONNECTOR_KINDS)}`,
    );
  }
  if (!isStringList(connector.protocols) || connector.protocols.length === 0) {
    report('protocols must be a non-empty list, e.g. ["myproto"]');
  } else {
    for (const protocol of connector.protocols) {
      if ((BUILTIN_PROTOCOLS as readonly string[]).includes(protocol)) {
        report(
          `protocol "${protocol}" is built into plakar: this connector would never be used for it`,
        );
      } else if (!PROTOCOL_PATTERN.test(protocol)) {
        report(
          `protocol "${protocol}" must be 2 or more letters, digits, "+", "." or "-"`,
        );
      }
    }
  }
  if (connector.location_flags !== undefined) {
    if (!isStringList(connector.location_flags)) {
      report("location_flags must be a list of strings");
    } else {
      for (const flag of connector.location_flags) {
        if (!(LOCATION_FLAGS as readonly string[]).includes(flag)) {
          report(
            `unknown location flag "${flag}": plakar refuses to install the package; use ${
              list(LOCATION_FLAGS)
            }`,
          );
        }
      }
    }
  }
  if (connector.args !== undefined && !isStringList(connector.args)) {
    report("args must be a list of strings");
  }
  if (connector.extra_files !== undefined) {
    if (!isStringList(connector.extra_files)) {
      report("extra_files must be a list of paths");
    } else {
      for (const file of connector.extra_files) {
        await checkFile(folder, file, "extra file", report);
      }
    }
  }

  if (typeof connector.executable !== "string" || connector.executable === "") {
    report(
      kind === "source"
        ? "executable is missing: name the plugin's main module"
        : "executable is missing",
    );
  } else if (
    await checkFile(folder, connector.executable, "executable", report) &&
    kind === "staged" &&
    ((await Deno.stat(resolve(folder, connector.executable))).mode! & 0o111) ===
      0
  ) {
    report(
      `executable "${connector.executable}" is not executable (no x bit): plakar refuses to package it`,
    );
  }

  if (connector.validator !== undefined) {
    if (typeof connector.validator !== "string") {
      report("validator must be a path");
    } else {
      try {
        if (kind === "source") {
          await loadValidator(
            folder,
            connector.validator,
            `${context.title} ${connector.type}`,
          );
        } else if (
          await checkFile(folder, connector.validator, "validator", report)
        ) {
          await readJsonObject(
            resolve(folder, connector.validator),
            connector.validator,
          );
        }
      } catch (error) {
        report((error as Error).message);
      }
    }
  }
}

/** Whether `path` is a file at or below `folder`; reports why not. */
async function checkFile(
  folder: string,
  path: string,
  what: string,
  report: (message: string) => void,
): Promise<boolean> {
  const absolute = resolve(folder, path);
  const inside = relative(folder, absolute);
  if (inside.startsWith("..") || isAbsolute(inside)) {
    report(
      `${what} "${path}" is outside the manifest's folder: plakar packs only files at or below it`,
    );
    return false;
  }
  try {
    if ((await Deno.stat(absolute)).isFile) return true;
    report(`${what} "${path}" is not a file`);
  } catch {
    report(`${what} "${path}" does not exist`);
  }
  return false;
}

/**
 * The problems of a package file's path for `plakar pkg add`: it reads the
 * installed name from `<name>_<version>_<os>_<arch>.ptar` and cuts the path
 * at the first `@` (to read `name@version`).
 */
export function lintPackagePath(path: string): string[] {
  const problems: string[] = [];
  if (path.includes("@")) {
    problems.push(
      `package path "${path}" contains "@": plakar pkg add cuts the path there (to read name@version) and cannot find the file; build in a folder without "@"`,
    );
  }
  if (
    !/^[A-Za-z0-9-]+_v[^_]+_[a-z0-9]+_[a-z0-9]+\.ptar$/.test(basename(path))
  ) {
    problems.push(
      `package file "${
        basename(path)
      }" is not named <name>_<version>_<os>_<arch>.ptar: plakar pkg add reads the package's name from it`,
    );
  }
  return problems;
}

/** Throws one error listing every problem, if there are any. */
export function assertNoProblems(problems: string[], what: string): void {
  if (problems.length === 0) return;
  throw new Error(
    `${what}: ${problems.length} problem${problems.length > 1 ? "s" : ""}\n  ${
      problems.join("\n  ")
    }`,
  );
}

/** Reads and lints a source manifest; throws listing its problems. */
export async function readSourceManifest(path: string): Promise<Manifest> {
  const raw = await readManifestFile(path);
  assertNoProblems(
    await lintManifest(raw, await Deno.realPath(path), "source"),
    `${path} is not a valid plugin manifest`,
  );
  return raw as Manifest;
}
