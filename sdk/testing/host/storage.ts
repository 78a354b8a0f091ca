/**
 * The host's `store.Store` client, driven as plakar v1.1 drives it.
 *
 * @module
 */
import type { ByteRange } from "../../storage/types.ts";
import type { ByteSource } from "../../chunk.ts";
import type { Mac } from "../../storage/mac.ts";
import type { Resource } from "../../storage/resource.ts";
import type { CallOptions } from "./calls.ts";
import type { ConnectorAnswer, InitConfig } from "./lifecycle.ts";

/** The host's view of a storage plugin. */
export interface StorageClient {
  /** Constructs the storage; `proto` comes from the location. */
  init(config: InitConfig, call?: CallOptions): Promise<ConnectorAnswer>;
  /** Makes a new repository holding `config`. */
  create(config: Uint8Array, call?: CallOptions): Promise<void>;
  /** The bytes given to `create`. */
  open(call?: CallOptions): Promise<Uint8Array>;
  /** The access mode bitmask (write 2, read 4). */
  mode(call?: CallOptions): Promise<number>;
  /** Bytes used, -1 when unknown. */
  size(call?: CallOptions): Promise<bigint>;
  /** Every MAC of `resource`, as the plugin sent them. */
  list(resource: Resource, call?: CallOptions): Promise<Uint8Array[]>;
  /**
   * Stores an object: a header message (mac, type), then the content in
   * chunks of at most 1 MiB. Resolves to the bytes the plugin says it wrote.
   */
  put(
    resource: Resource,
    mac: Mac,
    content: ByteSource,
    call?: CallOptions,
  ): Promise<bigint>;
  /**
   * Streams an object (or a range of it) chunk by chunk as the plugin sent
   * them. Leaving the loop early cancels the call.
   */
  get(
    resource: Resource,
    mac: Mac,
    range?: ByteRange,
    call?: CallOptions,
  ): AsyncGenerator<Uint8Array>;
  /** Deletes an object. */
  delete(resource: Resource, mac: Mac, call?: CallOptions): Promise<void>;
  /** `Ping`. */
  ping(call?: CallOptions): Promise<void>;
  /** `Close`: the plugin cleans up but keeps running until stdin ends. */
  close(call?: CallOptions): Promise<void>;
}
