/**
 * Files that say whether the run that made them is still alive: the maker
 * holds an exclusive advisory lock (flock) on the file for as long as it
 * keeps it, and the kernel releases that lock when the process ends,
 * however it ends (SIGKILL included). Another run that can take the lock
 * knows the file is abandoned.
 *
 * @module
 */
import { createTemporary, type Temporary } from "./write_atomically.ts";

/**
 * Creates a new file at a path from `newPath` and locks it exclusively.
 * Between its creation and the lock, another run's sweep may have claimed
 * and removed it; then it is no longer at its path and another name is
 * tried, so the file returned is locked *and* in place.
 */
export function createLocked(newPath: () => string): Temporary {
  for (;;) {
    const created = createTemporary(newPath());
    try {
      created.file.lockSync(true);
      if (isAt(created.file, created.path)) return created;
    } catch (error) {
      created.file.close();
      try {
        Deno.removeSync(created.path);
      } catch { /* already gone */ }
      throw error;
    }
    created.file.close();
  }
}

/**
 * The regular file at `path`, opened and locked by the caller, when no live
 * run holds it; otherwise (held, gone, or not a regular file) null. Close
 * the handle only after removing the file, or another run may claim it too.
 */
export async function claimAbandoned(
  path: string,
): Promise<Deno.FsFile | null> {
  // Never opened unless a regular file: a FIFO would block, a link lead away.
  if (!lstatOrNull(path)?.isFile) return null;
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  try {
    if (await file.tryLock(true) && isAt(file, path)) return file;
  } catch (error) {
    file.close();
    throw error;
  }
  file.close();
  return null;
}

/** Whether `path` still names the file open as `file`. */
function isAt(file: Deno.FsFile, path: string): boolean {
  const held = file.statSync();
  const there = lstatOrNull(path);
  return there !== null && there.isFile && held.dev === there.dev &&
    held.ino === there.ino;
}

/** `Deno.lstat`, or null when nothing is at `path`. */
export function lstatOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}
