/**
 * The importer connector: what plakar backs up. This skeleton walks a local
 * directory so that it works out of the box. Replace `scan` with your own
 * source (an API, a database…): yield each entry, parents before children,
 * and open content only when asked.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import {
  type FileInfoInit,
  fromPosixMode,
  type Importer,
  type ImporterInit,
  LocationFlags,
  type OptionsSpec,
  parseOptions,
  type ScanItem,
} from "@plakar/kit";
import { localPath } from "./location.ts";

/** The importer's options: checked at `Init`, and the manifest's validator. */
export const importerOptions = {
  location: {
    type: "string",
    required: true,
    description: "Directory to back up, as <protocol>:///path",
  },
} satisfies OptionsSpec;

/** Builds the importer for one location. */
export function createImporter(init: ImporterInit): Importer {
  const { location } = parseOptions(importerOptions, init.config);
  const root = localPath(location, init.proto);
  return {
    origin: init.options.hostname,
    type: init.proto,
    root,
    flags: LocationFlags.localfs,
    async *scan() {
      // plakar's snapshots hold the root's ancestors too, up to "/".
      const ancestors: string[] = [];
      for (let dir = root; dir !== "/";) ancestors.unshift(dir = dirname(dir));
      for (const dir of ancestors) yield (await entry(dir)).item;
      yield* walk(root);
    },
  };
}

async function* walk(path: string): AsyncGenerator<ScanItem> {
  const { item, isDirectory } = await entry(path);
  yield item;
  if (!isDirectory) return;
  try {
    for await (const child of Deno.readDir(path)) {
      yield* walk(join(path, child.name));
    }
  } catch (error) {
    yield { pathname: path, error: error as Error };
  }
}

async function entry(
  path: string,
): Promise<{ item: ScanItem; isDirectory: boolean }> {
  try {
    const stat = await Deno.lstat(path);
    const item = {
      pathname: path,
      info: fileInfo(basename(path) || "/", stat),
      target: stat.isSymlink ? await Deno.readLink(path) : undefined,
      content: stat.isFile
        ? async () => (await Deno.open(path)).readable
        : undefined,
    };
    return { item, isDirectory: stat.isDirectory };
  } catch (error) {
    return {
      item: { pathname: path, error: error as Error },
      isDirectory: false,
    };
  }
}

function fileInfo(name: string, stat: Deno.FileInfo): FileInfoInit {
  return {
    name,
    size: stat.size,
    mode: fromPosixMode(stat.mode ?? 0),
    modTime: stat.mtime,
    dev: stat.dev,
    ino: stat.ino ?? 0,
    uid: stat.uid ?? 0,
    gid: stat.gid ?? 0,
    nlink: stat.nlink ?? 0,
  };
}
