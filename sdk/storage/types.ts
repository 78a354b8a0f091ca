/**
 * The storage connector interface: where repositories live.
 *
 * @module
 */
import type { Awaitable, ConnectorInfo, ConnectorInit } from "../connector.ts";
import type { ByteSource } from "../chunk.ts";
import type { Mac } from "./mac.ts";
import type { Resource } from "./resource.ts";

/** Storage access modes (`Mode` answers a bitmask of these). */
export const StorageMode = { write: 2, read: 4, readWrite: 6 } as const;

/** A byte range of a stored object: `[offset, offset + length)`. */
export interface ByteRange {
  /** First byte, from 0. */
  offset: bigint;
  /** Number of bytes. */
  length: number;
}

/** Hints newer hosts may attach to a request. */
export interface StorageHint {
  /** The host expects to read this object again soon. */
  hot: boolean;
}

/**
 * A repository backend. Objects are named by a resource kind and a 32-byte
 * MAC; contents are streams so that no object is ever held whole in memory.
 * Throw a `PluginError` (or any Error) with a message for people on failure.
 *
 * @example A storage keeping objects in memory
 * ```ts
 * import {
 *   hexToMac,
 *   macToHex,
 *   PluginError,
 *   type StorageFactory,
 *   StorageMode,
 * } from "@plakar/kit";
 *
 * // A repository in memory, gone with the process: enough for a test.
 * export const memoryStorage: StorageFactory = (init) => {
 *   let config: Uint8Array | undefined;
 *   const objects = new Map<string, Uint8Array>();
 *   const key = (resource: string, mac: Uint8Array) =>
 *     `${resource}/${macToHex(mac)}`;
 *   return {
 *     origin: "memory",
 *     type: init.proto,
 *     root: "/",
 *     create: (bytes) => {
 *       if (config) throw new PluginError("a repository exists already");
 *       config = bytes;
 *     },
 *     open: () => {
 *       if (!config) throw new PluginError("no repository here");
 *       return config;
 *     },
 *     mode: () => StorageMode.readWrite,
 *     size: () => -1,
 *     list: (resource) =>
 *       [...objects.keys()].filter((k) => k.startsWith(`${resource}/`))
 *         .map((k) => hexToMac(k.slice(resource.length + 1))!),
 *     put: async (resource, mac, data) => {
 *       const bytes = new Uint8Array(await new Response(data).arrayBuffer());
 *       objects.set(key(resource, mac), bytes);
 *       return bytes.byteLength;
 *     },
 *     get: (resource, mac, range) => {
 *       const bytes = objects.get(key(resource, mac));
 *       if (!bytes) throw new PluginError(`no ${resource} ${macToHex(mac)}`);
 *       if (!range) return [bytes];
 *       const start = Number(range.offset);
 *       return [bytes.subarray(start, start + range.length)];
 *     },
 *     delete: (resource, mac) => {
 *       objects.delete(key(resource, mac));
 *     },
 *   };
 * };
 * ```
 */
export interface Storage extends ConnectorInfo {
  /** Makes a new repository holding `config` verbatim; fails if one exists. */
  create(config: Uint8Array): Awaitable<void>;
  /** Returns the bytes given to `create`; fails if there is no repository. */
  open(): Awaitable<Uint8Array>;
  /** A bitmask of {@link StorageMode}. */
  mode(): Awaitable<number>;
  /** Bytes used, or -1 when unknown. */
  size(): Awaitable<number | bigint>;
  /** Every MAC of one resource kind. */
  list(
    resource: Resource,
    hint: StorageHint,
  ): Awaitable<Iterable<Mac> | AsyncIterable<Mac>>;
  /**
   * Stores an object from `data` (pull it: the host is held back until you
   * do) and returns the number of bytes stored.
   */
  put(
    resource: Resource,
    mac: Mac,
    data: ReadableStream<Uint8Array>,
    hint: StorageHint,
  ): Awaitable<number | bigint>;
  /**
   * The content of an object, or of `range` of it. Fails for a missing
   * object. Pieces of any size are fine: the SDK cuts them to the wire's.
   */
  get(
    resource: Resource,
    mac: Mac,
    range: ByteRange | undefined,
    hint: StorageHint,
  ): Awaitable<ByteSource>;
  /** Removes an object. */
  delete(resource: Resource, mac: Mac, hint: StorageHint): Awaitable<void>;
  /** Releases resources; the process keeps running until stdin ends. */
  close?(): Awaitable<void>;
}

/** Builds a storage from the host's `Init`; throw to refuse the config. */
export type StorageFactory = (init: ConnectorInit) => Awaitable<Storage>;
