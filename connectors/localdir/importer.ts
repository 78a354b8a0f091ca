/**
 * An importer that backs up a local directory, like plakar's fs importer:
 * first each ancestor directory of the root (from `/` down), then the tree,
 * depth-first with parents before children and names in order. Files are
 * opened only when the host asks for their content. What cannot be read
 * becomes an error record and the scan goes on.
 *
 * Exclusion patterns are applied by plakar itself to every record, so the
 * scan does not prune.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import {
  errorMessage,
  type FileInfoInit,
  fromPosixMode,
  goMode,
  type Importer,
  type ImporterInit,
  LocationFlags,
  parseOptions,
  PluginError,
  type ScanEntry,
  type ScanItem,
} from "@plakar/kit";
import { fileStream } from "./file_stream.ts";
import { locationPath } from "./location.ts";
import { importerOptions } from "./options.ts";

/** Creates the importer for a `localdir://` location. */
export async function localdirImporter(init: ImporterInit): Promise<Importer> {
  parseOptions(importerOptions, init.config);
  const root = locationPath(init);
  try {
    await Deno.stat(root);
  } catch (error) {
    throw new PluginError(`cannot back up ${root}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  return {
    origin: init.options.hostname || "localhost",
    type: init.proto,
    root,
    flags: LocationFlags.localfs,
    scan: () => scan(root),
  };
}

async function* scan(root: string): AsyncGenerator<ScanItem> {
  yield* ancestors(root);
  yield* walk(root);
}

/** `/`, then each directory down to the root's parent. */
async function* ancestors(root: string): AsyncGenerator<ScanItem> {
  const chain: string[] = [];
  for (let dir = root; dir !== "/";) {
    dir = dirname(dir);
    chain.unshift(dir);
  }
  for (const dir of chain) {
    try {
      yield describe(dir, Deno.lstatSync(dir));
    } catch (error) {
      // Like plakar: report it, and still give the tree a parent.
      yield { pathname: dir, error: errorMessage(error) };
      yield {
        pathname: dir,
        info: { name: basename(dir) || "/", mode: goMode("dir", 0o755) },
      };
    }
  }
}

/** The root (followed if it is a symbolic link), then everything below it. */
async function* walk(root: string): AsyncGenerator<ScanItem> {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(root);
  } catch (error) {
    yield { pathname: root, error: errorMessage(error) };
    return;
  }
  yield describe(root, info);
  if (!info.isDirectory) return;

  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let names: string[];
    try {
      names = Array.from(Deno.readDirSync(dir), (entry) => entry.name)
        .sort();
    } catch (error) {
      yield { pathname: dir, error: errorMessage(error) };
      continue;
    }
    const subdirs: string[] = [];
    for (const name of names) {
      const path = join(dir, name);
      try {
        const child = Deno.lstatSync(path);
        yield describe(path, child);
        if (child.isDirectory) subdirs.push(path);
      } catch (error) {
        yield { pathname: path, error: errorMessage(error) };
      }
    }
    // Reversed onto the stack, so subdirectories are visited in name order.
    pending.push(...subdirs.reverse());
  }
}

/** The scan entry of `path`; fails if a symbolic link cannot be read. */
function describe(path: string, stat: Deno.FileInfo): ScanEntry {
  const entry: ScanEntry = { pathname: path, info: fileInfo(path, stat) };
  if (stat.isSymlink) entry.target = Deno.readLinkSync(path);
  if (stat.isFile) {
    const size = stat.size;
    entry.content = () => fileStream(Deno.openSync(path), 0, undefined, size);
  }
  return entry;
}

function fileInfo(path: string, stat: Deno.FileInfo): FileInfoInit {
  const kind = stat.isDirectory ? "dir" : stat.isSymlink ? "symlink" : "file";
  return {
    name: basename(path) || "/",
    size: stat.size,
    // Deno gives no st_mode on Windows: fall back to the kind alone.
    mode: stat.mode === null
      ? goMode(kind, kind === "file" ? 0o644 : 0o755)
      : fromPosixMode(stat.mode),
    modTime: stat.mtime,
    dev: stat.dev,
    ino: stat.ino ?? 0,
    uid: stat.uid ?? 0,
    gid: stat.gid ?? 0,
    nlink: stat.nlink ?? 1,
  };
}
