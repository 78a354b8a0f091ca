/**
 * File metadata as connectors see it: plain objects, 64-bit numbers as
 * bigint, times as Date.
 *
 * @module
 */

/** Metadata of one filesystem entry, as sent to and received from plakar. */
export interface FileInfo {
  /** The entry's base name. */
  name: string;
  /** Size in bytes. */
  size: bigint;
  /** Go `fs.FileMode` (type in the high bits, see `FileMode`), not POSIX st_mode. */
  mode: number;
  /** Modification time; null for "unknown" (Go's zero time on the wire). */
  modTime: Date | null;
  /** Device number. */
  dev: bigint;
  /** Inode number (may exceed 2^53). */
  ino: bigint;
  /** Owner's user id. */
  uid: bigint;
  /** Owner's group id. */
  gid: bigint;
  /** Number of hard links. */
  nlink: number;
  /** Owner's user name, when known. */
  username: string;
  /** Owner's group name, when known. */
  groupname: string;
  /** Platform-specific flags. */
  flags: number;
}

/**
 * What a connector must give to describe an entry: `name` and `mode`; every
 * other field defaults to zero/empty. Numbers are accepted for 64-bit fields.
 */
export type FileInfoInit =
  & Pick<FileInfo, "name" | "mode">
  & Partial<
    Omit<FileInfo, "name" | "mode" | "size" | "dev" | "ino" | "uid" | "gid">
  >
  & {
    size?: bigint | number;
    dev?: bigint | number;
    ino?: bigint | number;
    uid?: bigint | number;
    gid?: bigint | number;
  };
