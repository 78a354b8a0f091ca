/**
 * The storage connector: where plakar keeps a repository. This skeleton
 * keeps it in a local directory, one file per object, so that it works out
 * of the box. Replace the bodies below with your own backend (an object
 * store, a database…): the conformance test tells you when it is right.
 *
 * @module
 */
import { dirname, join } from "node:path";
import {
  type ByteRange,
  type ConnectorInit,
  hexToMac,
  LocationFlags,
  type Mac,
  macToHex,
  type OptionsSpec,
  parseOptions,
  PluginError,
  type Resource,
  type Storage,
  StorageMode,
} from "@plakar/kit";
import { localPath } from "./location.ts";

/** The storage's options: checked at `Init`, and the manifest's validator. */
export const storageOptions = {
  location: {
    type: "string",
    required: true,
    description: "Directory holding the repository, as <protocol>:///path",
  },
} satisfies OptionsSpec;

const CONFIG = "CONFIG";

/** Builds the storage for one location. */
export function createStorage(init: ConnectorInit): Storage {
  const { location } = parseOptions(storageOptions, init.config);
  const root = localPath(location, init.proto);
  const objectPath = (resource: Resource, mac: Mac) =>
    join(root, resource, macToHex(mac));

  return {
    origin: "localhost",
    type: init.proto,
    root,
    flags: LocationFlags.localfs,

    async create(config) {
      await Deno.mkdir(root, { recursive: true });
      try {
        await Deno.writeFile(join(root, CONFIG), config, { createNew: true });
      } catch (error) {
        if (error instanceof Deno.errors.AlreadyExists) {
          throw new PluginError(`a repository already exists at ${root}`);
        }
        throw error;
      }
    },

    async open() {
      try {
        return await Deno.readFile(join(root, CONFIG));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) {
          throw new PluginError(`no repository at ${root}`);
        }
        throw error;
      }
    },

    mode: () => StorageMode.readWrite,
    size: () => -1,

    async *list(resource) {
      try {
        for await (const entry of Deno.readDir(join(root, resource))) {
          const mac = hexToMac(entry.name); // not the partial files
          if (mac) yield mac;
        }
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    },

    async put(resource, mac, data) {
      // Written aside then renamed, so a failed put never leaves half an object.
      const path = objectPath(resource, mac);
      const partial = `${path}.${crypto.randomUUID()}.partial`;
      await Deno.mkdir(dirname(path), { recursive: true });
      try {
        const file = await Deno.create(partial);
        await data.pipeTo(file.writable);
        await Deno.rename(partial, path);
      } catch (error) {
        await Deno.remove(partial).catch(() => {});
        throw error;
      }
      return (await Deno.stat(path)).size;
    },

    async get(resource, mac, range) {
      let file: Deno.FsFile;
      try {
        file = await Deno.open(objectPath(resource, mac));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) {
          throw new PluginError(
            `no ${resource} ${macToHex(mac)} in ${root}`,
          );
        }
        throw error;
      }
      if (!range) return file.readable;
      await file.seek(range.offset, Deno.SeekMode.Start);
      return limited(file, range);
    },

    async delete(resource, mac) {
      await Deno.remove(objectPath(resource, mac));
    },
  };
}

/** `range.length` bytes of `file` from where it stands, read on demand. */
async function* limited(
  file: Deno.FsFile,
  range: ByteRange,
): AsyncGenerator<Uint8Array> {
  using _ = file;
  let left = range.length;
  while (left > 0) {
    const buffer = new Uint8Array(Math.min(left, 256 * 1024));
    const read = await file.read(buffer);
    if (read === null) return;
    left -= read;
    yield buffer.subarray(0, read);
  }
}
