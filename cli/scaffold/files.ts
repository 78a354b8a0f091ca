/**
 * The text of a new plugin's generated files: what depends on its name,
 * protocol, connector kinds and where this kit lives. The connectors and
 * their tests are copied from `template/`.
 *
 * @module
 */
import { stringify } from "yaml";
import { API_VERSION, type Manifest } from "../../packaging/manifest.ts";
import type { ConnectorKind } from "../../sdk/kinds.ts";

/** What the generated files are made from. */
export interface PluginSpec {
  /** Package name (`[A-Za-z0-9-]`). */
  name: string;
  /** The protocol its locations use. */
  protocol: string;
  /** The connector kinds it serves. */
  kinds: ConnectorKind[];
  /** This kit's folder, absolute, ending with "/". */
  kit: string;
}

const FACTORY: Record<ConnectorKind, string> = {
  importer: "createImporter",
  exporter: "createExporter",
  storage: "createStorage",
};

/** The npm packages the kit's SDK and build import, as the kit pins them. */
const KIT_PACKAGES = [
  "@bufbuild/protobuf",
  "@bufbuild/protobuf/",
  "@grpc/grpc-js",
  "yaml",
];

/**
 * `deno.json`: `@plakar/kit` maps to this kit, with the npm packages it
 * needs at the versions it pins; tasks to test, check, and drive a
 * connector from the shell.
 */
export function denoJson(spec: PluginSpec, kitImports: Record<string, string>) {
  const imports: Record<string, string> = {
    "@plakar/kit": new URL("sdk/mod.ts", `file://${spec.kit}`).href,
    "@plakar/kit/guide": new URL("sdk/guide/mod.ts", `file://${spec.kit}`).href,
    "@plakar/kit/testing": new URL("sdk/testing/mod.ts", `file://${spec.kit}`)
      .href,
  };
  for (const name of KIT_PACKAGES) {
    if (!kitImports[name]) {
      throw new Error(`the kit's deno.json does not import "${name}"`);
    }
    imports[name] = kitImports[name];
  }
  return JSON.stringify(
    {
      nodeModulesDir: "none",
      imports,
      tasks: {
        test: "deno test -A",
        check: "deno fmt --check && deno lint && deno check .",
        runner: `deno run -A ${spec.kit}cli/runner/main.ts`,
      },
      fmt: { exclude: ["dist"], proseWrap: "preserve" },
      lint: { exclude: ["dist"] },
      exclude: ["dist"],
    },
    null,
    2,
  ) + "\n";
}

/** `Manifest.yaml`: one connector per kind, validators from the options. */
export function manifestYaml(spec: PluginSpec): string {
  const manifest: Manifest = {
    name: spec.name,
    display_name: spec.name,
    description: `The ${spec.name} plugin for plakar.`,
    version: "v0.1.0",
    api_version: API_VERSION,
    connectors: spec.kinds.map((kind) => ({
      type: kind,
      protocols: [spec.protocol],
      location_flags: ["localfs"],
      executable: "main.ts",
      args: [kind],
      validator: `${kind}.ts#${kind}Options`,
    })),
  };
  return [
    "# The package manifest: `make package` (or `make dev`) stages it with the",
    "# program and writes each validator from the options its connector declares.",
    stringify(manifest),
  ].join("\n");
}

/** `Makefile`: the kit's, so that `make dev install` works here too. */
export function makefile(spec: PluginSpec): string {
  return [
    "# Build, package and install this plugin with the kit's pipeline:",
    "#   make dev install     development package, installed into plakar",
    "#   make package         release packages for every target",
    "# See the kit's Makefile for every target.",
    `KIT := ${spec.kit.replace(/\/$/, "")}`,
    "include $(KIT)/Makefile",
    "",
  ].join("\n");
}

/** `main.ts`: serves the connector the manifest's `args` name. */
export function mainTs(spec: PluginSpec): string {
  const kinds = [...spec.kinds].sort();
  return [
    "/**",
    " * The plugin's executable: serves the connector kind the manifest's `args`",
    " * name.",
    " *",
    " * @module",
    " */",
    `import { run } from "@plakar/kit";`,
    ...kinds.map((kind) => `import { ${FACTORY[kind]} } from "./${kind}.ts";`),
    "",
    "if (import.meta.main) {",
    "  await run({",
    ...kinds.map((kind) => `    ${kind}: ${FACTORY[kind]},`),
    "  });",
    "}",
    "",
  ].join("\n");
}

/** `README.md`: the few commands of the plugin's life. */
export function readme(spec: PluginSpec): string {
  const at = `${spec.protocol}:///tmp/${spec.protocol}-repo`;
  const kinds = new Set(spec.kinds);
  return [
    `# ${spec.name}`,
    "",
    `A plakar plugin serving \`${spec.protocol}://\` locations, written with the`,
    "plakar TypeScript kit. Each connector is a working directory-backed",
    "skeleton: replace its body with your own logic.",
    "",
    "```sh",
    "deno task test        # the protocol conformance suite, per connector",
    ...(kinds.has("importer")
      ? [`deno task runner scan ${spec.protocol}:///some/dir`]
      : []),
    ...(kinds.has("exporter")
      ? [
        `deno task runner restore ${spec.protocol}:///tmp/out --from ./some/dir`,
      ]
      : []),
    ...(kinds.has("storage")
      ? [`deno task runner store ${at} create    # then ls, put, get, rm`]
      : []),
    "make dev install      # package for this machine and install into plakar",
    "make package          # release packages for every target, in dist/",
    "```",
    "",
    "Then, with plakar:",
    "",
    "```sh",
    ...(kinds.has("storage")
      ? [
        `plakar at ${at} create -plaintext`,
        `plakar at ${at} backup ${
          kinds.has("importer") ? `${spec.protocol}:///some/dir` : "/some/dir"
        }`,
        `plakar at ${at} restore -to ${
          kinds.has("exporter") ? `${spec.protocol}:///tmp/out` : "/tmp/out"
        } <snapshot>`,
      ]
      : [
        ...(kinds.has("importer")
          ? [`plakar backup ${spec.protocol}:///some/dir`]
          : []),
        ...(kinds.has("exporter")
          ? [`plakar restore -to ${spec.protocol}:///tmp/out <snapshot>`]
          : []),
      ]),
    "```",
    "",
    "Options are declared once per connector (`importerOptions`,",
    "`exporterOptions`, `storageOptions`): checked at `Init` and written into",
    "the package's validators by the build.",
    "",
    "## Permissions",
    "",
    "The plugin reads and writes files, sees only the `PLAKAR_*` and `GRPC_*`",
    "environment variables, and may not use the network nor run programs. If it",
    "needs more, declare it in `deno.json` (the kit's linter checks it, and",
    "`make` prints what the plugin gets):",
    "",
    "```json",
    '"permissions": {',
    '  "default": {',
    '    "net": ["api.example.com", "127.0.0.1:9000"],',
    '    "env": ["AWS_*"],',
    '    "run": ["pg_dump"]',
    "  }",
    "}",
    "```",
    "",
    "`net` may be `true` (every host). Anything used but not declared fails at",
    "the call (with `deno task runner` too), naming the permission to declare.",
    "",
  ].join("\n");
}

/** `.gitignore`: build outputs. */
export const GITIGNORE = "dist/\n";
