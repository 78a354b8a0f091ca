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
export async function createLocked(newPath: () => string): Promise<Temporary> {
  for (;;) {
    const created = await createTemporary(newPath());
    try {
      await created.file.lock(true);
      if (await isAt(created.file, created.path)) return created;
    } catch (error) {
      created.file.close();
      await Deno.remove(created.path).catch(() => {});
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
  if (!(await lstatOrNull(path))?.isFile) return null;
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  try {
    if (await file.tryLock(true) && await isAt(file, path)) return file;
  } catch (error) {
    file.close();
    throw error;
  }
  file.close();
  return null;
}

/** Whether `path` still names the file open as `file`. */
async function isAt(file: Deno.FsFile, path: string): Promise<boolean> {
  const [held, there] = await Promise.all([file.stat(), lstatOrNull(path)]);
  return there !== null && there.isFile && held.dev === there.dev &&
    held.ino === there.ino;
}

/** `Deno.lstat`, or null when nothing is at `path`. */
export async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}
