/**
 * Creates a new plugin folder (`@plakar/kit/new`; `deno task new` in the
 * kit):
 *
 *     deno run -A jsr:@plakar/kit/new my-plugin [--kinds importer,exporter,storage] [--name NAME] [--protocol PROTO]
 *
 * The package name is the folder's base name unless `--name` is given; the
 * protocol is derived from the name unless `--protocol` is given.
 *
 * @module
 */
import { basename, resolve } from "node:path";
import { CONNECTOR_KINDS } from "../../sdk/_kinds.ts";
import type { ConnectorKind } from "../../sdk/kinds.ts";
import { parseCommandLine, runProgram, UsageError } from "../command_line.ts";
import { protocolFor, scaffold } from "./scaffold.ts";

const USAGE = [
  "usage: deno run -A jsr:@plakar/kit/new DIR [--kinds importer,exporter,storage] [--name NAME] [--protocol PROTO]",
  "  creates the plugin folder DIR, which builds and tests with jsr:@plakar/kit (PLAKAR_KIT=<kit checkout>: that copy)",
  "  --kinds     the connectors to create (default: all three)",
  "  --name      the package name (default: DIR's base name)",
  "  --protocol  the locations' protocol (default: derived from the name)",
].join("\n");

async function main(argv: string[]): Promise<number | "help"> {
  const { values, positionals } = parseCommandLine(argv, {
    kinds: { type: "string", default: CONNECTOR_KINDS.join(",") },
    name: { type: "string" },
    protocol: { type: "string" },
  });
  if (values.help) return "help";
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? "give one folder" : "");
  }
  // `deno task new` runs in the kit's folder; INIT_CWD is where it was typed.
  const dir = resolve(Deno.env.get("INIT_CWD") ?? Deno.cwd(), positionals[0]);
  const kinds = values.kinds.split(",").map((kind) => kind.trim());
  const unknown = kinds.filter((kind) =>
    !(CONNECTOR_KINDS as readonly string[]).includes(kind)
  );
  if (unknown.length) {
    throw new UsageError(
      `unknown connector kind(s) ${unknown.join(", ")}: use ${
        CONNECTOR_KINDS.join(", ")
      }`,
    );
  }
  const name = values.name ?? basename(dir);
  const protocol = values.protocol ?? protocolFor(name);
  const files = await scaffold({
    dir,
    name,
    kinds: kinds as ConnectorKind[],
    protocol: values.protocol,
  });
  console.log(
    `created ${dir} (${files.length} files): plugin "${name}", protocol ${protocol}://\n` +
      `next: cd ${
        positionals[0]
      } && deno task test && make dev install (offline: PLAKAR_KIT=<kit checkout> before each)`,
  );
  return 0;
}

if (import.meta.main) await runProgram(USAGE, () => main(Deno.args));
