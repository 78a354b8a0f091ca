/**
 * A storage connector that keeps a plakar repository in a local directory:
 * `CONFIG` at the top, each object under `<resource>/<first 2 hex>/<hex>`.
 * Objects are written to `tmp/` and renamed into place, so an interrupted
 * `Put` never leaves a half-written object visible; opening the repository
 * removes what killed runs left in `tmp/` (repository_tmp.ts).
 *
 * @module
 */
import { dirname, join } from "node:path";
import {
  type ByteRange,
  type ConnectorInit,
  errorMessage,
  hexToMac,
  LocationFlags,
  logger,
  type Mac,
  macToHex,
  parseOptions,
  PluginError,
  type Resource,
  type Storage,
  StorageMode,
} from "@plakar/kit";
import { fileStream } from "./file_stream.ts";
import { locationPath } from "./location.ts";
import { storageOptions } from "./options.ts";
import {
  repositoryTemporary,
  sweepRepositoryTmp,
  TMP,
} from "./repository_tmp.ts";
import { writeAtomically } from "./write_atomically.ts";

const CONFIG = "CONFIG";
const log = logger("localdir storage");

/** Creates the storage for a `localdir://` location. */
export function localdirStorage(init: ConnectorInit): Storage {
  const { fsync } = parseOptions(storageOptions, init.config);
  const root = locationPath(init);
  const objectPath = (resource: Resource, mac: Mac) => {
    const hex = macToHex(mac);
    return join(root, resource, hex.slice(0, 2), hex);
  };
  const describe = (resource: Resource, mac: Mac) =>
    `${resource} ${macToHex(mac)}`;
  // A shard directory, once made, is not made again for every object.
  const shards = new Set<string>();

  return {
    origin: "localhost",
    type: init.proto,
    root,
    flags: LocationFlags.localfs,

    async create(config) {
      if (await exists(join(root, CONFIG))) {
        throw new PluginError(`a repository already exists at ${root}`);
      }
      if (await exists(root) && !(await isDirectory(root))) {
        throw new PluginError(
          `cannot create a repository at ${root}: it exists and is not a directory`,
        );
      }
      const created = !(await exists(root));
      try {
        await Deno.mkdir(join(root, TMP), { recursive: true });
        await writeAtomically(
          await repositoryTemporary(root),
          join(root, CONFIG),
          ReadableStream.from([config]),
          fsync,
        );
      } catch (error) {
        if (created) {
          await Deno.remove(root, { recursive: true }).catch(() => {});
        }
        throw new PluginError(
          `cannot create a repository at ${root}: ${errorMessage(error)}`,
          { cause: error },
        );
      }
    },

    async open() {
      try {
        const config = await Deno.readFile(join(root, CONFIG));
        await sweep(root);
        return config;
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) {
          throw new PluginError(`no repository at ${root}`);
        }
        throw new PluginError(
          `cannot open the repository at ${root}: ${errorMessage(error)}`,
          { cause: error },
        );
      }
    },

    mode: () => StorageMode.readWrite,

    size: () => directorySize(root),

    async *list(resource) {
      const dir = join(root, resource);
      for await (const shard of readDirIfExists(dir)) {
        if (!shard.isDirectory) continue;
        for await (const entry of readDirIfExists(join(dir, shard.name))) {
          const mac = entry.isFile ? hexToMac(entry.name) : undefined;
          if (mac) yield mac;
        }
      }
    },

    async put(resource, mac, data) {
      const path = objectPath(resource, mac);
      const shard = dirname(path);
      if (!shards.has(shard)) {
        await Deno.mkdir(shard, { recursive: true });
        shards.add(shard);
      }
      return await writeAtomically(
        repositoryTemporary(root),
        path,
        data,
        fsync,
      );
    },

    get(resource, mac, range?: ByteRange) {
      const path = objectPath(resource, mac);
      let file: Deno.FsFile;
      try {
        file = Deno.openSync(path);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) {
          throw new PluginError(`${describe(resource, mac)} not found`);
        }
        throw error;
      }
      if (!range) return fileStream(file);
      const { size } = file.statSync();
      const end = range.offset + BigInt(range.length);
      if (end > BigInt(size)) {
        file.close();
        throw new PluginError(
          `range ${range.offset}+${range.length} is past the end of ${
            describe(resource, mac)
          } (${size} bytes)`,
        );
      }
      return fileStream(file, Number(range.offset), range.length);
    },

    async delete(resource, mac) {
      try {
        await Deno.remove(objectPath(resource, mac));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) {
          throw new PluginError(`${describe(resource, mac)} not found`);
        }
        throw error;
      }
    },
  };
}

/**
 * Removes what killed runs left in the repository's `tmp/`. A repository
 * one may read but not write still opens: the leftovers then stay.
 */
async function sweep(root: string): Promise<void> {
  try {
    const removed = await sweepRepositoryTmp(root);
    if (removed > 0) {
      log.info(
        `removed ${removed} partial objects left in ${
          join(root, TMP)
        } by interrupted runs`,
      );
    }
  } catch (error) {
    log.warn(
      `could not remove what interrupted runs left in ${join(root, TMP)}: ${
        errorMessage(error)
      }`,
    );
  }
}

async function* readDirIfExists(path: string): AsyncGenerator<Deno.DirEntry> {
  try {
    yield* Deno.readDir(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

async function directorySize(path: string): Promise<number> {
  let total = 0;
  for await (const entry of readDirIfExists(path)) {
    const child = join(path, entry.name);
    if (entry.isDirectory) total += await directorySize(child);
    else if (entry.isFile) total += (await Deno.lstat(child)).size;
  }
  return total;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    // Under a file, nothing exists: the caller then names the file.
    if (
      error instanceof Deno.errors.NotFound ||
      error instanceof Deno.errors.NotADirectory
    ) return false;
    throw error;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await Deno.stat(path)).isDirectory;
}
