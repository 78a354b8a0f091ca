/**
 * Scaffolding: a new plugin folder that works at once, anywhere: it names
 * no path of the machine it was made on. It holds a `deno.json` importing
 * `jsr:@plakar/kit` at this kit's version range, a `plugin.yaml` and a
 * `Makefile` driving the kit's build, a working connector per chosen kind
 * (directory-backed, to be replaced by your own logic) and a conformance
 * test per kind.
 *
 * @module
 */
import { join } from "node:path";
import {
  BUILTIN_PROTOCOLS,
  NAME_PATTERN,
  PROTOCOL_PATTERN,
} from "../../packaging/manifest.ts";
import type { ConnectorKind } from "../../sdk/kinds.ts";
import {
  denoJson,
  GITIGNORE,
  mainTs,
  type PluginSpec,
  pluginYaml,
  readme,
} from "./files.ts";

/** What to scaffold. */
export interface ScaffoldOptions {
  /** The new folder; it must not exist or be empty. */
  dir: string;
  /** The package name (`[A-Za-z0-9-]`). */
  name: string;
  /** The connector kinds to write. */
  kinds: ConnectorKind[];
  /** The locations' protocol; derived from `name` by default. */
  protocol?: string;
}

// Read with fetch: from JSR the kit's files are https: URLs.
const KIT_CONFIG = new URL("../../deno.json", import.meta.url);
const TEMPLATE = new URL("./template/", import.meta.url);

/**
 * The protocol for a plugin `name`: its letters and digits, lower case.
 * Throws when that is too short or one plakar serves itself.
 */
export function protocolFor(name: string): string {
  const protocol = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  checkProtocol(protocol, `derived from the name "${name}"`);
  return protocol;
}

function checkProtocol(protocol: string, origin: string): void {
  if (!PROTOCOL_PATTERN.test(protocol)) {
    throw new Error(
      `protocol "${protocol}" (${origin}) needs 2 or more of A-Z a-z 0-9 + . -: choose one with --protocol`,
    );
  }
  if ((BUILTIN_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new Error(
      `protocol "${protocol}" (${origin}) is built into plakar, which would never run the plugin for it: choose another with --protocol`,
    );
  }
}

/** Writes the plugin folder; returns the files written, relative to it. */
export async function scaffold(options: ScaffoldOptions): Promise<string[]> {
  if (!NAME_PATTERN.test(options.name)) {
    throw new Error(
      `plugin name "${options.name}" may only use letters, digits and "-" (plakar's package names)`,
    );
  }
  if (options.kinds.length === 0) {
    throw new Error("choose at least one connector kind");
  }
  const protocol = options.protocol ?? protocolFor(options.name);
  if (options.protocol) checkProtocol(protocol, "given with --protocol");
  await ensureEmpty(options.dir);

  const spec: PluginSpec = {
    name: options.name,
    protocol,
    kinds: [...new Set(options.kinds)],
    kitVersion: JSON.parse(await read(KIT_CONFIG)).version,
  };
  const files: Record<string, string> = {
    "deno.json": denoJson(spec),
    "plugin.yaml": pluginYaml(spec),
    "Makefile": await template("Makefile"),
    ".gitignore": GITIGNORE,
    "README.md": readme(spec),
    "main.ts": mainTs(spec),
    "location.ts": await template("location.ts"),
    "plugin.ts": (await template("plugin.ts")).replace(
      `PROTOCOL = "example"`,
      `PROTOCOL = ${JSON.stringify(protocol)}`,
    ),
  };
  for (const kind of spec.kinds) {
    files[`${kind}.ts`] = await template(`${kind}.ts`);
    files[`${kind}_test.ts`] = await template(`${kind}_test.ts`);
  }
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(join(options.dir, name), text);
  }
  return Object.keys(files);
}

async function read(url: URL): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot read ${url}: ${response.status}`);
  return await response.text();
}

function template(name: string): Promise<string> {
  return read(new URL(name, TEMPLATE));
}

async function ensureEmpty(dir: string): Promise<void> {
  try {
    for await (const _ of Deno.readDir(dir)) {
      throw new Error(`${dir} already exists and is not empty`);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    await Deno.mkdir(dir, { recursive: true });
  }
}
