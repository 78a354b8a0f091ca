/**
 * File modes. `FileInfo.mode` on the wire is Go's `io/fs.FileMode`: the low
 * nine bits are permissions, type and special bits are high bits. POSIX
 * `st_mode` (what `Deno.stat` returns) keeps them elsewhere, so convert.
 *
 * @module
 */

/** Go `fs.FileMode` bits. */
export const FileMode = {
  dir: 0x80000000,
  append: 0x40000000,
  exclusive: 0x20000000,
  temporary: 0x10000000,
  symlink: 0x08000000,
  device: 0x04000000,
  namedPipe: 0x02000000,
  socket: 0x01000000,
  setuid: 0x00800000,
  setgid: 0x00400000,
  charDevice: 0x00200000,
  sticky: 0x00100000,
  irregular: 0x00080000,
  perm: 0o777,
} as const;

const TYPE_MASK = FileMode.dir | FileMode.symlink | FileMode.device |
  FileMode.namedPipe |
  FileMode.socket | FileMode.charDevice | FileMode.irregular;

/** The kind of a filesystem entry, as both encodings can express it. */
export type EntryKind =
  | "file"
  | "dir"
  | "symlink"
  | "fifo"
  | "socket"
  | "block"
  | "char"
  | "irregular";

/** The kind of entry a Go file mode describes. */
export function kindOf(mode: number): EntryKind {
  const m = mode >>> 0;
  if (m & FileMode.dir) return "dir";
  if (m & FileMode.symlink) return "symlink";
  if (m & FileMode.namedPipe) return "fifo";
  if (m & FileMode.socket) return "socket";
  if (m & FileMode.device) return m & FileMode.charDevice ? "char" : "block";
  if (m & FileMode.irregular) return "irregular";
  return "file";
}

/** True when the Go mode has no type bit (a regular file). */
export function isRegular(mode: number): boolean {
  return ((mode >>> 0) & TYPE_MASK) === 0;
}

const POSIX_TYPE: Record<number, number> = {
  0o040000: FileMode.dir,
  0o120000: FileMode.symlink,
  0o010000: FileMode.namedPipe,
  0o140000: FileMode.socket,
  0o060000: FileMode.device,
  0o020000: FileMode.device | FileMode.charDevice,
  0o100000: 0,
};

/** Converts a POSIX `st_mode` to a Go `fs.FileMode`. */
export function fromPosixMode(stMode: number): number {
  const type = POSIX_TYPE[stMode & 0o170000] ?? FileMode.irregular;
  let mode = type | (stMode & 0o777);
  if (stMode & 0o4000) mode |= FileMode.setuid;
  if (stMode & 0o2000) mode |= FileMode.setgid;
  if (stMode & 0o1000) mode |= FileMode.sticky;
  return mode >>> 0;
}

/** The permission and special bits of a Go mode as a POSIX mode for chmod. */
export function toPosixPermissions(mode: number): number {
  const m = mode >>> 0;
  let posix = m & 0o777;
  if (m & FileMode.setuid) posix |= 0o4000;
  if (m & FileMode.setgid) posix |= 0o2000;
  if (m & FileMode.sticky) posix |= 0o1000;
  return posix;
}

/** Builds a Go mode from an entry kind and permission bits. */
export function goMode(kind: EntryKind, permissions: number): number {
  const type: Record<EntryKind, number> = {
    file: 0,
    dir: FileMode.dir,
    symlink: FileMode.symlink,
    fifo: FileMode.namedPipe,
    socket: FileMode.socket,
    block: FileMode.device,
    char: FileMode.device | FileMode.charDevice,
    irregular: FileMode.irregular,
  };
  return (type[kind] | (permissions & 0o777)) >>> 0;
}
