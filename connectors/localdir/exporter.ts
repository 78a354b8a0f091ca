/**
 * An exporter that restores into a local directory, like plakar's fs
 * exporter: directories are created writable and get their own mode and
 * time once their contents are in (at `finish`, deepest first); files are
 * written under a temporary name and renamed into place, then get their
 * mode and modification time; symbolic links are recreated as they were.
 * Files that were hard links of each other are restored as hard links
 * (hard_links.ts), or as copies where the system refuses the link.
 * Ownership is restored where the system allows it (as root). What killed
 * restores left in the same root is removed first (restore_temporaries.ts).
 *
 * @module
 */
import { dirname, join } from "node:path";
import {
  errorMessage,
  type ExportEntry,
  type Exporter,
  type ExporterInit,
  type FileInfo,
  LocationFlags,
  logger,
  parseOptions,
  PluginError,
  toPosixPermissions,
} from "@plakar/kit";
import { hardLinks, type LinkSource } from "./hard_links.ts";
import { locationPath } from "./location.ts";
import { lstatOrNull } from "./locked_file.ts";
import { exporterOptions } from "./options.ts";
import {
  type RestoreTemporaries,
  restoreTemporaries,
  sweepRestoreTemporaries,
} from "./restore_temporaries.ts";
import { createTemporary, writeAtomically } from "./write_atomically.ts";

const log = logger("localdir exporter");

/** Creates the exporter for a `localdir://` location. */
export function localdirExporter(init: ExporterInit): Exporter {
  parseOptions(exporterOptions, init.config);
  const root = locationPath(init);
  const dirs: { path: string; info: FileInfo }[] = [];
  const temporaries = restoreTemporaries(root);
  const links = hardLinks();
  let swept: Promise<void> | undefined;
  const sweep = async () => {
    try {
      const removed = await sweepRestoreTemporaries(root);
      if (removed > 0) {
        log.info(
          `removed ${removed} temporary files left in ${root} by interrupted restores`,
        );
      }
    } catch (error) {
      // Not this restore's failure: it goes on, and the leftovers stay.
      log.warn(
        `could not remove what interrupted restores left in ${root}: ${
          errorMessage(error)
        }`,
      );
    }
  };

  return {
    origin: init.options.hostname || "localhost",
    type: init.proto,
    root,
    flags: LocationFlags.localfs,
    // Each file's content is written through Deno's thread pool:
    // overlapping files hides that wait (see the README).
    concurrency: 8,

    async restore(entry) {
      // Extended attributes are not restored: the exporter does not report
      // the exportxattr flag, so hosts do not send them.
      if (entry.xattr) return;
      await (swept ??= sweep());
      const path = targetPath(root, entry.pathname);
      refuseLinkEscape(root, path, entry.pathname, entry.kind === "dir");
      switch (entry.kind) {
        case "dir":
          // Writable until `finish`, whatever mode it will end with.
          Deno.mkdirSync(path, { recursive: true, mode: 0o700 });
          Deno.chmodSync(path, 0o700);
          dirs.push({ path, info: entry.info });
          return;
        case "file": {
          const member = links.join(entry.info, {
            path,
            pathname: entry.pathname,
          });
          const source = await member.earlier;
          if (source && await linked(source, path, entry, temporaries)) return;
          let whole = false;
          try {
            await temporaries.using(path, async (tmp) =>
              await writeAtomically(
                createTemporary(tmp),
                path,
                entry.content ?? [],
                false,
              ));
            applyMetadata(path, entry.info);
            whole = true;
          } finally {
            member.settle(whole);
          }
          return;
        }
        case "symlink":
          await restoreSymlink(path, entry, temporaries);
          return;
        default:
          throw new PluginError(
            `cannot restore ${entry.pathname}: it is a ${entry.kind}, and localdir restores directories, files and symbolic links only`,
          );
      }
    },

    async finish() {
      await temporaries.close();
      const failures: string[] = [];
      for (const { path, info } of dirs.reverse()) {
        try {
          applyMetadata(path, info);
        } catch (error) {
          failures.push(errorMessage(error));
        }
      }
      dirs.length = 0;
      if (failures.length > 0) {
        throw new PluginError(
          `could not set the mode, owner or time of ${failures.length} ${
            failures.length === 1 ? "directory" : "directories"
          }: ${failures.slice(0, 3).join("; ")}${
            failures.length > 3 ? "; …" : ""
          }`,
        );
      }
    },
  };
}

/**
 * Makes `path` a hard link of `source` (made aside, then renamed into
 * place) and discards the entry's content. Where the system refuses the
 * link (another file system, no permission, too many links), says so and
 * returns false: the caller restores a copy.
 */
async function linked(
  source: LinkSource,
  path: string,
  entry: ExportEntry,
  temporaries: RestoreTemporaries,
): Promise<boolean> {
  const refused = await temporaries.using(path, (aside) => {
    try {
      Deno.linkSync(source.path, aside);
      Deno.renameSync(aside, path);
      return undefined;
    } catch (error) {
      return error;
    } finally {
      // Also when `path` already was a link of `source`: rename then does
      // nothing and leaves the aside name.
      try {
        Deno.removeSync(aside);
      } catch { /* renamed away */ }
    }
  });
  if (refused !== undefined) {
    log.warn(
      `restored ${entry.pathname} as a copy, not as a hard link of ${source.pathname}: ${
        errorMessage(refused)
      }`,
    );
    return false;
  }
  await entry.content?.cancel();
  return true;
}

/**
 * Where `pathname` (relative to the restore root, absolute in form) goes.
 * A `..` segment could climb out of the root: refused.
 */
function targetPath(root: string, pathname: string): string {
  const segments = pathname.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) {
    throw new PluginError(
      `refusing to restore "${pathname}": a ".." segment would leave the restore root ${root}`,
    );
  }
  return join(root, ...segments);
}

/**
 * Refuses `path` when a symbolic link (one restored earlier, or already
 * there) would take it out of the root: its deepest existing folder must
 * resolve inside the root. A directory must not itself be such a link, or
 * its mode and time would be set on the link's target.
 */
function refuseLinkEscape(
  root: string,
  path: string,
  pathname: string,
  isDir: boolean,
): void {
  const escape = () =>
    new PluginError(
      `refusing to restore "${pathname}": a symbolic link on its way leads out of the restore root ${root}`,
    );
  if (isDir && lstatOrNull(path)?.isSymlink) throw escape();
  const realRoot = realPathOrNull(root);
  if (realRoot === null) return; // nothing restored yet: no link either
  for (let dir = dirname(path); dir.length >= root.length; dir = dirname(dir)) {
    const real = realPathOrNull(dir);
    if (real === null) continue;
    if (real !== realRoot && !real.startsWith(`${realRoot}/`)) throw escape();
    return;
  }
}

function realPathOrNull(path: string): string | null {
  try {
    return Deno.realPathSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

function applyMetadata(path: string, info: FileInfo): void {
  try {
    Deno.chownSync(path, Number(info.uid), Number(info.gid));
  } catch (error) {
    // Only root may give files away: others keep them, as plakar's fs does.
    if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
  }
  Deno.chmodSync(path, toPosixPermissions(info.mode));
  if (info.modTime) Deno.utimeSync(path, info.modTime, info.modTime);
}

async function restoreSymlink(
  path: string,
  entry: ExportEntry,
  temporaries: RestoreTemporaries,
): Promise<void> {
  if (entry.target === undefined) {
    throw new PluginError(
      `cannot restore the symbolic link ${entry.pathname}: the snapshot holds no target for it`,
    );
  }
  // Made aside and renamed into place, so that it replaces an existing
  // link or file as a restored file does (a directory stays, and fails it).
  const target = entry.target;
  await temporaries.using(path, (aside) => {
    Deno.symlinkSync(target, aside);
    try {
      Deno.renameSync(aside, path);
    } catch (error) {
      try {
        Deno.removeSync(aside);
      } catch { /* already gone */ }
      throw error;
    }
  });
}
