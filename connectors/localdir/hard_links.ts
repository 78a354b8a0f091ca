/**
 * The hard links of one restore: files of the snapshot that share a device
 * and inode (with more than one link) were one file, and are restored as
 * one: the first written whole, the others linked to it.
 *
 * @module
 */
import type { FileInfo } from "../../sdk/mod.ts";

/** Where the first file of a hard-linked group was restored. */
export interface LinkSource {
  /** Its local path. */
  path: string;
  /** Its path in the snapshot, for messages. */
  pathname: string;
}

/** The groups seen so far in one restore. */
export interface HardLinks {
  /** The file already restored for the inode of `info`, if any. */
  earlier(info: FileInfo): LinkSource | undefined;
  /** Records that `source` now holds the inode of `info`, whole. */
  restored(info: FileInfo, source: LinkSource): void;
}

/**
 * A fresh record of groups. A group is forgotten once all its links were
 * seen, so memory grows only with the groups still open.
 */
export function hardLinks(): HardLinks {
  const groups = new Map<string, { source: LinkSource; left: number }>();
  const key = (info: FileInfo) => `${info.dev}:${info.ino}`;
  return {
    earlier(info) {
      if (info.nlink < 2) return undefined;
      const group = groups.get(key(info));
      if (!group) return undefined;
      if (--group.left <= 0) groups.delete(key(info));
      return group.source;
    },
    restored(info, source) {
      if (info.nlink < 2) return;
      groups.set(key(info), { source, left: info.nlink - 1 });
    },
  };
}
