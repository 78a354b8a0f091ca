/**
 * The hard links of one restore: files of the snapshot that share a device
 * and inode (with more than one link) were one file, and are restored as
 * one: the first written whole, the others linked to it.
 *
 * @module
 */
import type { FileInfo } from "@plakar/kit";

/** Where the first file of a hard-linked group was restored. */
export interface LinkSource {
  /** Its local path. */
  path: string;
  /** Its path in the snapshot, for messages. */
  pathname: string;
}

/** What one file of a restore is within its hard-linked group. */
export interface GroupMember {
  /**
   * The file of its group restored first, once that one is whole (or
   * undefined when it failed); undefined for the first file of a group and
   * for a file with one link, which are written whole.
   */
  earlier: Promise<LinkSource | undefined> | undefined;
  /** Says whether this file, when it was the first, was restored whole. */
  settle(restored: boolean): void;
}

/** The groups seen so far in one restore. */
export interface HardLinks {
  /**
   * Joins the group of `info`'s inode, as the file restored at `source`.
   * Files of one group may be restoring at once (an exporter that overlaps
   * files): the later ones wait for the first instead of missing it.
   */
  join(info: FileInfo, source: LinkSource): GroupMember;
}

const ALONE: GroupMember = { earlier: undefined, settle() {} };

/**
 * A fresh record of groups. A group is forgotten once all its links were
 * seen, so memory grows only with the groups still open.
 */
export function hardLinks(): HardLinks {
  const groups = new Map<
    string,
    { first: Promise<LinkSource | undefined>; left: number }
  >();
  return {
    join(info, source) {
      if (info.nlink < 2) return ALONE;
      const key = `${info.dev}:${info.ino}`;
      const group = groups.get(key);
      if (group) {
        if (--group.left <= 0) groups.delete(key);
        return { earlier: group.first, settle() {} };
      }
      const first = Promise.withResolvers<LinkSource | undefined>();
      groups.set(key, { first: first.promise, left: info.nlink - 1 });
      return {
        earlier: undefined,
        settle: (restored) => first.resolve(restored ? source : undefined),
      };
    },
  };
}
