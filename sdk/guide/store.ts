/**
 * The original plugin guide's `Store` interface, and the adapter that serves
 * a store written to it as a v1.1 {@link Storage}.
 *
 * @module
 */
import type { Awaitable, ConnectorInit } from "../connector.ts";
import { PluginError } from "../errors.ts";
import type { Mac } from "../storage/mac.ts";
import type { Resource } from "../storage/resource.ts";
import type { Storage, StorageFactory } from "../storage/types.ts";

/**
 * The guide's `Store`: states, packfiles and locks, each with a family of
 * `getXs`/`putX`/`getX`/`deleteX` methods. Go's `io.Reader` is a
 * `ReadableStream<Uint8Array>`, `objects.MAC` 32 raw bytes, `error` a thrown
 * Error; any method may return a promise.
 */
export interface GuideStore {
  /** Creates a new repository holding `config` verbatim; fails if one exists. */
  create(config: Uint8Array): Awaitable<void>;
  /** Returns the bytes given to `create`; fails if there is no repository. */
  open(): Awaitable<Uint8Array>;
  /** Where the repository lives (a path or a URL). */
  location(): Awaitable<string>;
  /** A bitmask of `StorageMode` (write 2, read 4). */
  mode(): Awaitable<number>;
  /** Bytes used, or -1 when unknown. */
  size(): Awaitable<number | bigint>;

  /** Every state's MAC. */
  getStates(): Awaitable<Iterable<Mac> | AsyncIterable<Mac>>;
  /** Stores a state; returns the number of bytes stored. */
  putState(
    mac: Mac,
    rd: ReadableStream<Uint8Array>,
  ): Awaitable<number | bigint>;
  /** A state's content; fails when it does not exist. */
  getState(mac: Mac): Awaitable<ReadableStream<Uint8Array>>;
  /** Removes a state. */
  deleteState(mac: Mac): Awaitable<void>;

  /** Every packfile's MAC. */
  getPackfiles(): Awaitable<Iterable<Mac> | AsyncIterable<Mac>>;
  /** Stores a packfile; returns the number of bytes stored. */
  putPackfile(
    mac: Mac,
    rd: ReadableStream<Uint8Array>,
  ): Awaitable<number | bigint>;
  /** A packfile's content; fails when it does not exist. */
  getPackfile(mac: Mac): Awaitable<ReadableStream<Uint8Array>>;
  /** `length` bytes of a packfile from `offset` (Go's uint64 is a bigint). */
  getPackfileBlob(
    mac: Mac,
    offset: bigint,
    length: number,
  ): Awaitable<ReadableStream<Uint8Array>>;
  /** Removes a packfile. */
  deletePackfile(mac: Mac): Awaitable<void>;

  /** Every lock's id. */
  getLocks(): Awaitable<Iterable<Mac> | AsyncIterable<Mac>>;
  /** Stores a lock; returns the number of bytes stored. */
  putLock(
    lockID: Mac,
    rd: ReadableStream<Uint8Array>,
  ): Awaitable<number | bigint>;
  /** A lock's content; fails when it does not exist. */
  getLock(lockID: Mac): Awaitable<ReadableStream<Uint8Array>>;
  /** Removes a lock. */
  deleteLock(lockID: Mac): Awaitable<void>;

  /** Releases resources; the process keeps running until stdin ends. */
  close(): Awaitable<void>;
}

/**
 * The guide's store constructor, `NewStore(ctx, proto, config)`: `init.proto`
 * and `init.config` (which always holds `location`).
 */
export type GuideStoreFactory = (init: ConnectorInit) => Awaitable<GuideStore>;

/** The guide methods serving one resource kind. */
interface Family {
  list(store: GuideStore): ReturnType<GuideStore["getStates"]>;
  put(
    store: GuideStore,
    mac: Mac,
    rd: ReadableStream<Uint8Array>,
  ): Awaitable<number | bigint>;
  get(store: GuideStore, mac: Mac): Awaitable<ReadableStream<Uint8Array>>;
  delete(store: GuideStore, mac: Mac): Awaitable<void>;
}

const FAMILIES: Partial<Record<Resource, Family>> = {
  state: {
    list: (s) => s.getStates(),
    put: (s, mac, rd) => s.putState(mac, rd),
    get: (s, mac) => s.getState(mac),
    delete: (s, mac) => s.deleteState(mac),
  },
  packfile: {
    list: (s) => s.getPackfiles(),
    put: (s, mac, rd) => s.putPackfile(mac, rd),
    get: (s, mac) => s.getPackfile(mac),
    delete: (s, mac) => s.deletePackfile(mac),
  },
  lock: {
    list: (s) => s.getLocks(),
    put: (s, mac, rd) => s.putLock(mac, rd),
    get: (s, mac) => s.getLock(mac),
    delete: (s, mac) => s.deleteLock(mac),
  },
};

function family(resource: Resource): Family {
  const found = FAMILIES[resource];
  if (!found) {
    throw new PluginError(
      `${resource} objects are not supported: the guide's Store interface ` +
        `has only states, packfiles and locks`,
    );
  }
  return found;
}

/** The host shown as the repository's origin: the location's, else this machine. */
function originOf(location: string): string {
  try {
    return new URL(location).hostname || "localhost";
  } catch {
    return "localhost";
  }
}

/**
 * Adapts a store written to the guide's interface to the SDK's
 * {@link Storage}: resource kinds go to the state, packfile and lock method
 * families, ranged reads to `getPackfileBlob`, `location()` becomes the root.
 */
export function fromGuideStore(factory: GuideStoreFactory): StorageFactory {
  return async (init) => {
    const store = await factory(init);
    const location = await store.location();
    return {
      origin: originOf(location),
      type: init.proto,
      root: location,
      create: (config) => store.create(config),
      open: () => store.open(),
      mode: () => store.mode(),
      size: () => store.size(),
      list: (resource) => family(resource).list(store),
      put: (resource, mac, data) => family(resource).put(store, mac, data),
      get: (resource, mac, range) => {
        const methods = family(resource);
        if (!range) return methods.get(store, mac);
        if (resource !== "packfile") {
          throw new PluginError(
            `a ranged read of a ${resource} was asked for, but ranges exist ` +
              `only for packfiles (getPackfileBlob)`,
          );
        }
        return store.getPackfileBlob(mac, range.offset, range.length);
      },
      delete: (resource, mac) => family(resource).delete(store, mac),
      close: () => store.close(),
    } satisfies Storage;
  };
}
