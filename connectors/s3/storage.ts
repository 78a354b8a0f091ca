/**
 * A storage connector that keeps a plakar repository in an S3 bucket, with
 * the layout of the official S3 integration (so either plugin opens the
 * other's repositories): under the prefix, `CONFIG`,
 * `packfiles/<first 2 hex>/<hex>`, `states/<first 2 hex>/<hex>` and
 * `locks/<hex>`.
 *
 * @module
 */
import {
  type ByteRange,
  type ConnectorInit,
  hexToMac,
  type Mac,
  macToHex,
  parseOptions,
  PluginError,
  type Resource,
  type Storage,
  StorageMode,
} from "@plakar/kit";
import { S3Error } from "./client.ts";
import { bucketPath, connect, hostOf } from "./connect.ts";
import { storageOptions } from "./options.ts";
import { upload } from "./upload.ts";

const CONFIG = "CONFIG";

/** Where each resource kind lives, and whether it is sharded by its first byte. */
const FOLDERS: Partial<Record<Resource, { folder: string; sharded: boolean }>> =
  {
    packfile: { folder: "packfiles", sharded: true },
    state: { folder: "states", sharded: true },
    lock: { folder: "locks", sharded: false },
  };

/** Creates the storage for an `s3ts://` location. */
export function s3Storage(init: ConnectorInit): Storage {
  const options = parseOptions(storageOptions, init.config);
  const client = connect(init, options);
  const { prefix } = client.config;
  const headers: Record<string, string> = options.storage_class === "STANDARD"
    ? {}
    : { "x-amz-storage-class": options.storage_class };
  const folderOf = (resource: Resource) => {
    const place = FOLDERS[resource];
    if (!place) {
      throw new PluginError(
        `the ${resource} resource is not supported by the s3ts storage`,
      );
    }
    return place;
  };
  const keyOf = (resource: Resource, mac: Mac) => {
    const { folder, sharded } = folderOf(resource);
    const hex = macToHex(mac);
    return `${prefix}${folder}/${sharded ? `${hex.slice(0, 2)}/` : ""}${hex}`;
  };
  const describe = (resource: Resource, mac: Mac) =>
    `${resource} ${macToHex(mac)}`;
  const here = `${init.proto}://${hostOf(client)}${bucketPath(client)}`;

  return {
    origin: hostOf(client),
    type: init.proto,
    root: bucketPath(client),
    flags: 0,

    async create(config) {
      if (!(await client.bucketExists())) await client.createBucket();
      if (await client.headObject(prefix + CONFIG)) {
        throw new PluginError(`a repository already exists at ${here}`);
      }
      await client.putObject(prefix + CONFIG, config);
    },

    async open() {
      try {
        return new Uint8Array(
          await new Response(await client.getObject(prefix + CONFIG))
            .arrayBuffer(),
        );
      } catch (error) {
        if (error instanceof S3Error && error.s3Code === "NoSuchKey") {
          throw new PluginError(`no repository at ${here}`);
        }
        throw error;
      }
    },

    mode: () => StorageMode.readWrite,

    // Summing every object's size would list the whole bucket: unknown, as
    // the official integration says too.
    size: () => -1,

    async *list(resource) {
      const { folder, sharded } = folderOf(resource);
      const under = `${prefix}${folder}/`;
      for await (const object of client.list(under)) {
        const rest = object.key.slice(under.length);
        const name = sharded ? rest.slice(3) : rest;
        if (sharded && rest[2] !== "/") continue;
        const mac = hexToMac(name);
        if (mac) yield mac;
      }
    },

    put: (resource, mac, data) =>
      upload(client, keyOf(resource, mac), data, headers),

    async get(resource, mac, range?: ByteRange) {
      const key = keyOf(resource, mac);
      try {
        if (range?.length === 0) {
          if (!(await client.headObject(key))) throw notFound(key);
          return [];
        }
        return await client.getObject(
          key,
          range && { offset: Number(range.offset), length: range.length },
        );
      } catch (error) {
        if (error instanceof S3Error && error.status === 404) {
          throw new PluginError(
            `${describe(resource, mac)} not found in ${here}`,
          );
        }
        if (error instanceof S3Error && error.status === 416) {
          throw new PluginError(
            `range ${range!.offset}+${range!.length} is past the end of ${
              describe(resource, mac)
            }`,
          );
        }
        throw error;
      }
    },

    async delete(resource, mac) {
      await client.deleteObject(keyOf(resource, mac));
    },
  };
}

const notFound = (key: string) => new S3Error(`${key} not found`, 404);
