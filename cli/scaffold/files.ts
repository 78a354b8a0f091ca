/**
 * The text of a new plugin's generated files: what depends on its name,
 * protocol, connector kinds and the kit's version. The connectors, their
 * tests and the Makefile are copied from `template/`.
 *
 * @module
 */
import { stringify } from "yaml";
import { API_VERSION, type Manifest } from "../../packaging/manifest.ts";
import type { ConnectorKind } from "../../sdk/kinds.ts";
import { KIT_CONFIG_VARIABLE } from "../../sdk/testing/host/kit_config.ts";

/** What the generated files are made from. */
export interface PluginSpec {
  /** Package name (`[A-Za-z0-9-]`). */
  name: string;
  /** The protocol its locations use. */
  protocol: string;
  /** The connector kinds it serves. */
  kinds: ConnectorKind[];
  /** The kit's version (`deno.json` "version"), e.g. `0.1.0`. */
  kitVersion: string;
}

const FACTORY: Record<ConnectorKind, string> = {
  importer: "createImporter",
  exporter: "createExporter",
  storage: "createStorage",
};

/** The configuration the `kit` task writes beside deno.json (git-ignored). */
export const KIT_CONFIG_FILE = ".plakar-kit.json";

/**
 * The `kit` task: `deno task kit <subcommand> <args>` runs
 * `deno <subcommand> --config=<file> <args>` and names that file in
 * `PLAKAR_KIT_CONFIG` for the Denos it starts (see `kitConfigFlags`). The
 * file is `.plakar-kit.json`: deno.json, plus `"links"` to the kit checkout
 * `PLAKAR_KIT` names (Deno then resolves `jsr:@plakar/kit` there, offline),
 * plus the npm build scripts refused (protobufjs's only prints a notice,
 * and Deno would warn at every build that it did not run). Being a
 * configuration of its own, it also keeps a plugin folder of the kit's
 * repository out of the kit's workspace, which a sparse clone by
 * `plakar pkg build` holds only in part. Inside the very checkout
 * `PLAKAR_KIT` names, the workspace already resolves the kit: deno.json
 * serves as it is. Deno has no variable to add a link and a task has no
 * conditionals, hence this line of code.
 */
export const KIT_TASK = {
  description:
    "deno SUBCOMMAND with this plugin's configuration; PLAKAR_KIT=<kit checkout> uses that copy of the kit",
  command: "deno eval -q '" + [
    "const [command, ...args] = Deno.args;",
    'const kit = Deno.env.get("PLAKAR_KIT");',
    "const here = Deno.cwd();",
    'const typed = `file://${Deno.env.get("INIT_CWD") ?? here}/`;',
    "let link;",
    "try { link = kit && Deno.realPathSync(new URL(kit, typed).pathname); }",
    "catch { console.error(`PLAKAR_KIT=${kit}: no such folder`); Deno.exit(1); }",
    "let file = `${here}/deno.json`;",
    "if (!link || !`${here}/`.startsWith(`${link}/`)) {",
    'const config = JSON.parse(Deno.readTextFileSync("deno.json"));',
    "if (link) config.links = [link];",
    'config.allowScripts ??= { deny: ["npm:protobufjs"] };',
    `file = \`\${here}/${KIT_CONFIG_FILE}\`;`,
    'Deno.writeTextFileSync(file, JSON.stringify(config, null, 2) + "\\n"); }',
    "const child = new Deno.Command(Deno.execPath(), {",
    "args: [command, `--config=${file}`, ...args],",
    `env: { ${KIT_CONFIG_VARIABLE}: file } });`,
    "Deno.exit((await child.spawn().status).code);",
  ].join(" ") + "'",
};

/**
 * A plugin's `deno.json`: `@plakar/kit` from JSR at the kit's version
 * range, and tasks that run through the `kit` task.
 */
export function denoJson(spec: PluginSpec): string {
  const [major, minor] = spec.kitVersion.split(".");
  const range = major === "0" ? `^0.${minor}` : `^${major}`;
  return JSON.stringify(
    {
      nodeModulesDir: "none",
      imports: { "@plakar/kit": `jsr:@plakar/kit@${range}` },
      tasks: {
        kit: KIT_TASK,
        test: "deno task -q kit test -A",
        check:
          "deno fmt --check && deno lint && deno task -q kit check --quiet .",
        runner: "deno task -q kit run -A @plakar/kit/runner",
      },
      fmt: { exclude: ["dist"], proseWrap: "preserve" },
      lint: { exclude: ["dist"] },
      exclude: ["dist"],
    },
    null,
    2,
  ) + "\n";
}

/** `plugin.yaml`: one connector per kind, validators from the options. */
export function pluginYaml(spec: PluginSpec): string {
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
    "# The plugin's description: plakar's manifest keys, plus the package",
    "# `version`. `make` writes manifest.yaml (what plakar reads) from it, with",
    "# the compiled program and each validator from the options its connector",
    "# declares.",
    stringify(manifest),
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
    "make                  # build for this machine: dist/<os>_<arch>/ and manifest.yaml",
    "make package          # release packages for every target, in dist/",
    "```",
    "",
    "`plugin.yaml` describes the package (its `version` included); `make` writes",
    "`manifest.yaml`, which plakar reads, from it. To use a local copy of the",
    "kit instead of `jsr:@plakar/kit` (offline, or while working on the kit), set",
    "`PLAKAR_KIT=<kit checkout>` for any `deno task` or `make`.",
    "",
    "## Releasing",
    "",
    "Commit, tag the version `plugin.yaml` names, and push:",
    "",
    "```sh",
    "git tag v0.1.0 && git push --tags",
    "```",
    "",
    "Anyone then builds and installs it with plakar, from a recipe:",
    "",
    "```sh",
    "cat > recipe.yaml <<EOF",
    `name: ${spec.name}`,
    "version: v0.1.0",
    `repository: https://github.com/you/${spec.name}`,
    "EOF",
    "plakar pkg build recipe.yaml   # GOOS/GOARCH choose another platform",
    `plakar pkg add ./${spec.name}_v0.1.0_linux_amd64.ptar`,
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
    "The plugin reads and writes files, sees only the `PLAKAR_*` environment",
    "variables, and may not use the network nor run programs. If it",
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

/** `.gitignore`: what the build and the `kit` task write. */
export const GITIGNORE = `dist/\n*.ptar\n/manifest.yaml\n/${KIT_CONFIG_FILE}\n`;
