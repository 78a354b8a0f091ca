/**
 * A plugin's declared permissions: the `"permissions": {"default": {…}}`
 * set, in Deno's own format, of the deno.json beside its source manifest
 * (`plugin.yaml`). plakar's manifest has no key for them (and silently
 * ignores unknown keys), while a Deno author looks for them there and can
 * run the plugin with `deno run -P`. Only what a backup plugin may need is
 * accepted; anything else is refused naming the key.
 *
 * @module
 */
import { join } from "node:path";
import type { DeclaredPermissions } from "./permissions.ts";

/** The file, in the folder of the source manifest, that declares them. */
const DENO_CONFIG = "deno.json";

/** A folder's declared permissions, or the problems of its declaration. */
export interface Declaration {
  /** The deno.json read (it may not exist: then nothing is declared). */
  file: string;
  /** What is declared; empty when nothing is, or when there are problems. */
  permissions: DeclaredPermissions;
  /** Each a sentence starting with the file and the key at fault. */
  problems: string[];
}

const WHERE = "permissions.default";

/** Why each permission Deno knows but a plugin may not have is refused. */
const REFUSED: Record<string, string> = {
  all: "a plugin gets only what it names",
  ffi: "a plugin may not load native libraries",
  sys: "a plugin may not read system information",
  import: "the build bundles every module: nothing is imported at run time",
};

/** How a list a plugin may declare is checked and described. */
interface ListRule {
  /** What each item must match. */
  pattern: RegExp;
  /** The list expected, with an example. */
  list: string;
  /** One item expected. */
  item: string;
  /** Why `true` (everything) is refused, when it is. */
  refusedAsTrue?: string;
}

const LISTS: Record<"net" | "env" | "run", ListRule> = {
  net: {
    // `host`, `*.host`, an IPv4 address or a bracketed IPv6 one, with an
    // optional port: what Deno's --allow-net takes.
    pattern:
      /^(\*\.)?([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/,
    list: 'true or a list of hosts, e.g. ["s3.example.com", "127.0.0.1:9000"]',
    item: 'a host or "host:port"',
  },
  env: {
    pattern: /^[A-Za-z_][A-Za-z0-9_]*\*?$/,
    list: 'a list of variable names, e.g. ["AWS_*"]',
    item: 'a variable name, optionally ending with "*"',
    refusedAsTrue:
      'it would hand the plugin every variable of the user\'s environment, secrets included; name them, e.g. ["AWS_*"]',
  },
  run: {
    // A comma would split Deno's flag; a blank is a typo.
    pattern: /^[^,\s]+$/,
    list: 'a list of programs, e.g. ["pg_dump"]',
    item: "a program's name or path, without commas or blanks",
    refusedAsTrue:
      'it would let the plugin run any program; name them, e.g. ["pg_dump"]',
  },
};

/** Reads and checks the declaration of the plugin whose manifest is in `folder`. */
export async function readDeclaration(folder: string): Promise<Declaration> {
  const file = join(folder, DENO_CONFIG);
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { file, permissions: {}, problems: [] };
    }
    throw error;
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    return {
      file,
      permissions: {},
      problems: [
        `${file}: is not plain JSON (${
          (error as Error).message
        }): the kit reads the plugin's permissions from it, so it may not hold comments`,
      ],
    };
  }
  return { file, ...parseDeclaration(config, file) };
}

/**
 * The declared permissions of a parsed deno.json read from `file`, and the
 * problems of the declaration (then the permissions are empty).
 */
export function parseDeclaration(
  config: unknown,
  file: string,
): { permissions: DeclaredPermissions; problems: string[] } {
  const problems: string[] = [];
  const report = (key: string, message: string) =>
    problems.push(`${file}: ${key} ${message}`);
  const permissions: DeclaredPermissions = {};
  const sets = isObject(config) ? config.permissions : undefined;
  if (sets === undefined) return { permissions, problems };
  if (!isObject(sets)) {
    report(
      "permissions",
      'must be an object of permission sets: {"default": {…}}',
    );
    return { permissions: {}, problems };
  }
  const set = sets.default;
  if (set === undefined) return { permissions, problems };
  if (!isObject(set)) {
    report(
      WHERE,
      'must be an object, e.g. {"net": true, "env": ["AWS_*"], "run": ["pg_dump"]}',
    );
    return { permissions: {}, problems };
  }
  for (const [key, value] of Object.entries(set)) {
    const at = `${WHERE}.${key}`;
    if (key === "read" || key === "write") {
      if (value !== true) {
        report(
          at,
          `must be true or left out: a backup plugin always reads and writes the paths it is given, so "${key}" cannot be narrowed`,
        );
      }
    } else if (key === "net" || key === "env" || key === "run") {
      const rule: ListRule = LISTS[key];
      if (value === true && rule.refusedAsTrue) {
        report(at, `is refused as true: ${rule.refusedAsTrue}`);
      } else if (value === true) {
        permissions.net = true;
      } else {
        const list = names(value, at, rule, report);
        if (list?.length) permissions[key] = list;
      }
    } else if (Object.hasOwn(REFUSED, key)) {
      report(at, `is refused: ${REFUSED[key]}`);
    } else {
      report(
        at,
        "is not a permission a plugin may declare: use net, env or run (read and write are always granted)",
      );
    }
  }
  return { permissions: problems.length ? {} : permissions, problems };
}

/**
 * The names in `value`, when it is a list of strings each matching the
 * `rule`; none for `false`, and reports what else it is.
 */
function names(
  value: unknown,
  at: string,
  rule: ListRule,
  report: (key: string, message: string) => void,
): string[] | undefined {
  if (value === false) return undefined;
  if (!Array.isArray(value)) {
    report(
      at,
      `must be ${rule.list}${
        isObject(value)
          ? ": allow/deny objects are not supported"
          : `, not ${JSON.stringify(value)}`
      }`,
    );
    return undefined;
  }
  const bad = value.filter((item) =>
    typeof item !== "string" || !rule.pattern.test(item)
  );
  for (const item of bad) {
    report(at, `has ${JSON.stringify(item)}: each must be ${rule.item}`);
  }
  return bad.length ? undefined : value as string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
