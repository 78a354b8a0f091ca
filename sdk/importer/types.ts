/**
 * The importer (backup source) connector interface.
 *
 * @module
 */
import type {
  Awaitable,
  ConnectorInfo,
  ConnectorInit,
  HostOptions,
  XattrKind,
} from "../connector.ts";
import type { FileInfoInit } from "../file_info.ts";
import type { ByteSource } from "../chunk.ts";

/** The arguments of an importer's constructor. */
export interface ImporterInit extends ConnectorInit {
  /** The host's run options. */
  options: HostOptions;
}

/**
 * Opens the content of an entry. Called at most once, lazily, when the host
 * asks for it (unchanged files are never opened). The returned source is
 * cancelled if the host stops reading early.
 *
 * The SDK keeps each opener until the host opens or acknowledges its entry,
 * and plakar reads a scan far ahead of its backup: let an opener capture
 * only what opening needs (a path, a size), not whole stat results.
 */
export type ContentOpener = () => Awaitable<ByteSource>;

/** A directory, file, symlink or other entry found by a scan. */
export interface ScanEntry {
  /** Absolute, `/`-separated path. */
  pathname: string;
  /** Metadata; required for every entry. */
  info: FileInfoInit;
  /** The target of a symbolic link. */
  target?: string;
  /** The content of a regular file; absent for every other kind. */
  content?: ContentOpener;
  /** Names of the entry's extended attributes, each also yielded as a {@link ScanXattr}. */
  xattrs?: string[];
  /** Platform file attributes (Windows). */
  fileAttributes?: number;
}

/** An extended attribute (or alternate data stream) of an entry. */
export interface ScanXattr {
  /** Path of the entry that owns the attribute. */
  pathname: string;
  /** The attribute. */
  xattr: {
    /** Attribute name. */
    name: string;
    /** "extended" (default), "ads" (NTFS alternate data stream) or "custom". */
    kind?: XattrKind;
  };
  /** The attribute's value. */
  content: ContentOpener;
}

/** A path the scan could not read: reported to the user, the backup goes on. */
export interface ScanFailure {
  /** Absolute path of what failed. */
  pathname: string;
  /** Why, for people. */
  error: string | Error;
}

/** Anything a scan yields. */
export type ScanItem = ScanEntry | ScanXattr | ScanFailure;

/** The host's acknowledgement of one scanned item. */
export interface Ack {
  /** Path of the acknowledged item. */
  pathname: string;
  /** Set for an acknowledged extended attribute. */
  xattrName?: string;
  /** The host's error for this item, if it failed to back it up. */
  error?: string;
}

/**
 * A backup source.
 *
 * @example An importer of one directory and one file
 * ```ts
 * import { goMode, type ImporterFactory } from "@plakar/kit";
 *
 * const hello = new TextEncoder().encode("hello");
 *
 * export const importer: ImporterFactory = (init) => ({
 *   origin: "localhost",
 *   type: init.proto,
 *   root: "/",
 *   async *scan() {
 *     yield { pathname: "/", info: { name: "/", mode: goMode("dir", 0o755) } };
 *     yield {
 *       pathname: "/hello.txt",
 *       info: {
 *         name: "hello.txt",
 *         mode: goMode("file", 0o644),
 *         size: hello.byteLength,
 *         modTime: new Date(),
 *       },
 *       content: () => [hello], // opened only if plakar asks for it
 *     };
 *     // Reported by path; the backup goes on.
 *     yield { pathname: "/secret", error: "permission denied" };
 *   },
 * });
 * ```
 */
export interface Importer extends ConnectorInfo {
  /**
   * Yields every entry to back up, parents before children. The host pulls
   * records as fast as it can take them; content is opened lazily.
   */
  scan(): AsyncIterable<ScanItem> | Iterable<ScanItem>;
  /** Optional: told when the host has handled an item. */
  ack?(ack: Ack): Awaitable<void>;
  /** Releases resources; the process keeps running until stdin ends. */
  close?(): Awaitable<void>;
}

/** Builds an importer from the host's `Init`; throw to refuse the config. */
export type ImporterFactory = (init: ImporterInit) => Awaitable<Importer>;
