/**
 * Plugins that build anywhere, with real plakar: a scaffolded plugin in its
 * own git repository and the kit's reference package (the mono-repo tag
 * `connectors/localdir/v0.1.0`) are built by `plakar pkg build` from
 * `file://` repositories, for this machine and, through GOOS/GOARCH, for a
 * Mac; `make`, `make all && plakar pkg create` and `make package` work in
 * the plugin's folder; nothing built sits beside a name that differs only by
 * case; and `plakar pkg add` installs what was built. `deno compile` gets
 * stand-in runtimes (see `denort_standin.ts`): JSR and dl.deno.land cannot
 * be reached here, so the kit is this checkout, through `PLAKAR_KIT`.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { denoDir } from "../../packaging/launcher.ts";
import { plakarBinary, plakarHome } from "../../toolchain/plakar.ts";
import { standInRuntimes } from "../support/denort_standin.ts";
import { kitEnv, scaffoldPlugin } from "../support/scaffolded.ts";

const KIT = new URL("../../", import.meta.url).pathname;
const MACHO_64 = [0xcf, 0xfa, 0xed, 0xfe];
const ARM64 = 0x0100000c;

/** Runs `command args` in `cwd` with `env`; fails the test with its output. */
async function sh(
  cwd: string,
  env: Record<string, string>,
  command: string,
  ...args: string[]
): Promise<string> {
  const out = await new Deno.Command(command, {
    args,
    cwd,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `${command} ${args.join(" ")} failed:\n${text}`);
  return text;
}

/** Every path below `dir`, relative to it (`.git` left out). */
async function walk(dir: string, base = dir): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name === ".git") continue;
    const path = join(dir, entry.name);
    found.push(relative(base, path));
    if (entry.isDirectory) found.push(...await walk(path, base));
  }
  return found;
}

/** Fails when two of `paths` differ only by case (one file on macOS). */
function assertCaseSafe(paths: string[], where: string): void {
  const seen = new Map<string, string>();
  for (const path of paths) {
    const other = seen.get(path.toLowerCase());
    assert.ok(!other, `${where}: "${path}" and "${other}" differ only by case`);
    seen.set(path.toLowerCase(), path);
  }
}

/** A git repository of `dir`'s files, committed and tagged `tag`. */
async function commitAndTag(dir: string, tag: string): Promise<void> {
  const git = (...args: string[]) =>
    sh(
      dir,
      {},
      "git",
      "-c",
      "user.name=kit",
      "-c",
      "user.email=kit@test",
      ...args,
    );
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-q", "-m", "release");
  await git("tag", tag);
}

/** The files of a .ptar, by path, as plakar lists them. */
async function ptarFiles(
  run: (args: string[]) => Promise<{ stdout: string }>,
  ptar: string,
): Promise<{ snapshot: string; paths: string[] }> {
  const snapshot = (await run(["at", ptar, "ls"])).stdout.trim()
    .split(/\s+/)[1];
  const paths = (await run(["at", ptar, "ls", "-recursive", `${snapshot}:/`]))
    .stdout.trim().split("\n").map((line) => line.trim().split(/\s+/).at(-1)!);
  return { snapshot, paths };
}

Deno.test("a scaffolded plugin: make, make all && plakar pkg create, make package, and plakar pkg build for this machine and a Mac", async () => {
  await using plugin = await scaffoldPlugin("built-anywhere", ["storage"]);
  await using home = await plakarHome();
  const env = {
    ...home.env,
    ...kitEnv,
    ...await standInRuntimes(),
    PLAKAR: await plakarBinary(),
    DENO_DIR: await denoDir(),
    NO_COLOR: "1",
  };
  // Plain make, as plakar pkg build runs it: what was built, where, for what.
  const made = await sh(plugin.dir, env, "make");
  // The author commits (deno.lock too, which the first build wrote) and tags.
  await commitAndTag(plugin.dir, "v0.1.0");
  assert.match(
    made,
    /^built built-anywhere v0\.1\.0 for linux_amd64 \(x86_64-unknown-linux-gnu\): dist\/linux_amd64\/built-anywhere \(\d+\.\d MiB\)$/m,
  );
  assert.match(
    made,
    /^wrote manifest\.yaml: plakar pkg create manifest\.yaml v0\.1\.0$/m,
  );
  assert.doesNotMatch(made, /Warning|warning/);
  const manifest = parse(
    await Deno.readTextFile(join(plugin.dir, "manifest.yaml")),
  );
  assert.deepEqual(
    [manifest.connectors[0].executable, manifest.connectors[0].validator],
    ["dist/linux_amd64/built-anywhere", "dist/linux_amd64/schema/storage.json"],
  );

  // The card's flow.
  await sh(plugin.dir, env, "make", "all");
  await sh(
    plugin.dir,
    env,
    await plakarBinary(),
    "pkg",
    "create",
    "manifest.yaml",
    "v0.1.0",
  );
  await Deno.stat(join(plugin.dir, "built-anywhere_v0.1.0_linux_amd64.ptar"));

  await sh(plugin.dir, env, "make", "package");
  const ptars = (await Array.fromAsync(Deno.readDir(join(plugin.dir, "dist"))))
    .map((e) => e.name).filter((n) => n.endsWith(".ptar")).sort();
  assert.deepEqual(ptars, [
    "built-anywhere_v0.1.0_darwin_amd64.ptar",
    "built-anywhere_v0.1.0_darwin_arm64.ptar",
    "built-anywhere_v0.1.0_linux_amd64.ptar",
    "built-anywhere_v0.1.0_linux_arm64.ptar",
  ]);
  assertCaseSafe(await walk(plugin.dir), "after make, make all, make package");
  // Everything the build writes is ignored: the tagged tree stays clean.
  assert.equal(await sh(plugin.dir, {}, "git", "status", "--porcelain"), "");

  // plakar's own builder, from the repository, for this machine and a Mac.
  const out = join(home.dir, "built");
  await Deno.mkdir(out);
  await Deno.writeTextFile(
    join(out, "recipe.yaml"),
    `name: built-anywhere\nversion: v0.1.0\nrepository: file://${plugin.dir}\n`,
  );
  const plakar = await plakarBinary();
  await sh(out, env, plakar, "pkg", "build", "./recipe.yaml");
  await sh(
    out,
    { ...env, GOOS: "darwin", GOARCH: "arm64" },
    plakar,
    "pkg",
    "build",
    "./recipe.yaml",
  );
  const run = (args: string[]) => home.run(args);
  const mac = join(out, "built-anywhere_v0.1.0_darwin_arm64.ptar");
  const { snapshot, paths } = await ptarFiles(run, mac);
  assertCaseSafe(paths, mac);
  assert.ok(paths.includes("/manifest.yaml"), paths.join("\n"));
  const binary = (await new Deno.Command(plakar, {
    args: ["at", mac, "cat", `${snapshot}:/dist/darwin_arm64/built-anywhere`],
    env: home.env,
    stdout: "piped",
  }).output()).stdout;
  assert.deepEqual([...binary.subarray(0, 4)], MACHO_64);
  assert.equal(new DataView(binary.buffer).getUint32(4, true), ARM64);

  await home.install(join(out, "built-anywhere_v0.1.0_linux_amd64.ptar"));
  assert.match(
    (await home.run(["pkg", "list"])).stdout,
    /^built-anywhere@v0\.1\.0$/m,
  );
});

Deno.test("the kit's reference package: plakar pkg build of the tag connectors/localdir/v0.1.0", async () => {
  await using home = await plakarHome();
  // The kit as committed (and as changed here), in a repository of its own.
  const repo = join(home.dir, "kit");
  const files = (await sh(
    KIT,
    {},
    "git",
    "ls-files",
    "-z",
    "--cached",
    "--others",
    "--exclude-standard",
  )).split("\0").filter(Boolean);
  for (const file of files) {
    const from = join(KIT, file);
    const info = await Deno.lstat(from).catch(() => undefined);
    if (!info) continue; // deleted in the working tree
    await Deno.mkdir(join(repo, file, ".."), { recursive: true });
    if (info.isSymlink) {
      await Deno.symlink(await Deno.readLink(from), join(repo, file));
    } else await Deno.copyFile(from, join(repo, file));
  }
  assertCaseSafe(files, "the kit's repository");
  await commitAndTag(repo, "connectors/localdir/v0.1.0");

  const out = join(home.dir, "built");
  await Deno.mkdir(out);
  await Deno.writeTextFile(
    join(out, "recipe.yaml"),
    `name: localdir\nversion: connectors/localdir/v0.1.0\nrepository: file://${repo}\n`,
  );
  const env = {
    ...home.env,
    ...kitEnv,
    ...await standInRuntimes(),
    DENO_DIR: await denoDir(),
    NO_COLOR: "1",
  };
  const log = await sh(
    out,
    env,
    await plakarBinary(),
    "pkg",
    "build",
    "./recipe.yaml",
  );
  assert.match(log, /^built localdir v0\.1\.0 for linux_amd64 /m);
  assert.doesNotMatch(log, /Warning|warning/);
  const ptar = join(out, "localdir_v0.1.0_linux_amd64.ptar");
  const { paths } = await ptarFiles((args) => home.run(args), ptar);
  assertCaseSafe(paths, ptar);
  assert.deepEqual(
    paths.filter((p) => !p.endsWith("/") && p.includes(".")).sort(),
    [
      "/dist/linux_amd64/schema/exporter.json",
      "/dist/linux_amd64/schema/importer.json",
      "/dist/linux_amd64/schema/storage.json",
      "/manifest.yaml",
    ],
  );
  await home.install(ptar);
  assert.match(
    (await home.run(["pkg", "list"])).stdout,
    /^localdir@v0\.1\.0$/m,
  );

  // The same folder built in place, and the kit's top-level build: the top
  // keeps Manifest.yaml and writes its manifest.yaml under dist/ only.
  const folder = join(repo, "connectors/localdir");
  await sh(folder, env, "make");
  const packaged = await sh(
    folder,
    { ...env, PLAKAR: await plakarBinary() },
    "make",
    "package",
  );
  assert.equal(
    packaged.match(/^packaged dist\/localdir_v0\.1\.0_/gm)?.length,
    4,
    packaged,
  );
  await sh(repo, env, "make", "all");
  const built = await walk(repo);
  assert.ok(built.includes("connectors/localdir/manifest.yaml"));
  assert.ok(built.includes("dist/linux_amd64/manifest.yaml"));
  assert.ok(!built.includes("manifest.yaml"));
  assertCaseSafe(built, "the kit after make, make package and make all");
});
