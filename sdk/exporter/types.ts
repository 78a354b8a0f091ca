/**
 * The exporter (restore target) connector interface.
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
import type { FileInfo } from "../file_info.ts";
import type { EntryKind } from "../mode.ts";

/** The arguments of an exporter's constructor. */
export interface ExporterInit extends ConnectorInit {
  /** The host's run options. */
  options: HostOptions;
}

/** One entry to restore. */
export interface ExportEntry {
  /** Path relative to the restore root, absolute in form (`/a/b`). */
  pathname: string;
  /** What the entry is, from `info.mode`. */
  kind: EntryKind;
  /** Metadata as backed up. */
  info: FileInfo;
  /** The target of a symbolic link. */
  target?: string;
  /** Names of the entry's extended attributes. */
  xattrs: string[];
  /** Set when this entry is an extended attribute of `pathname`. */
  xattr?: { name: string; kind: XattrKind };
  /**
   * The content of a regular file or attribute. Read it to the end or cancel
   * it before returning from `restore`; the host's next record waits for it.
   */
  content?: ReadableStream<Uint8Array>;
}

/**
 * A restore target.
 *
 * @example An exporter into a local directory
 * ```ts
 * import { type ExporterFactory, toPosixPermissions } from "@plakar/kit";
 * import { join } from "node:path";
 *
 * // A sketch: a real exporter also refuses entries that lead out of `root`.
 * export const exporter: ExporterFactory = (init) => {
 *   const root = new URL(init.config.location).pathname;
 *   return {
 *     origin: "localhost",
 *     type: init.proto,
 *     root,
 *     async restore(entry) {
 *       const path = join(root, entry.pathname);
 *       if (entry.kind === "dir") {
 *         await Deno.mkdir(path, { recursive: true });
 *       } else if (entry.kind === "file" && entry.content) {
 *         await entry.content.pipeTo((await Deno.create(path)).writable);
 *         await Deno.chmod(path, toPosixPermissions(entry.info.mode));
 *       } else {
 *         await entry.content?.cancel(); // not restored: release the stream
 *       }
 *     },
 *   };
 * };
 * ```
 */
export interface Exporter extends ConnectorInfo {
  /**
   * Restores one entry. Entries arrive depth-first, parents before children.
   * Throwing fails this entry only: the message is reported, the restore goes on.
   */
  restore(entry: ExportEntry): Awaitable<void>;
  /**
   * Called once after the last entry: apply what must wait for the children,
   * such as directory permissions and times.
   */
  finish?(): Awaitable<void>;
  /** Releases resources; the process keeps running until stdin ends. */
  close?(): Awaitable<void>;
  /**
   * How many files may be restoring at once (default 1: each `restore`
   * returns before the next entry is handed over). Above 1, the next file's
   * `restore` may begin once the previous one has read its content to the
   * end, while it still finishes (closing, renaming, setting times…); this
   * hides the latency of each file's last steps, as the Go SDK's exporters
   * do with goroutines. Directories, symbolic links, attributes and other
   * entries still wait for every earlier `restore` and are done before the
   * next entry begins. Results go back to the host in record order.
   */
  readonly concurrency?: number;
}

/** Builds an exporter from the host's `Init`; throw to refuse the config. */
export type ExporterFactory = (init: ExporterInit) => Awaitable<Exporter>;
