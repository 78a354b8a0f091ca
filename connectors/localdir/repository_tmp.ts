/**
 * The storage's temporaries: objects are written in the repository's `tmp/`
 * under `.plakar-localdir-<uuid>.part` and renamed into place. Each is
 * locked by its writer (see locked_file.ts), so opening the repository can
 * remove those that killed runs left without touching those that live runs
 * are writing.
 *
 * @module
 */
import { join } from "node:path";
import { claimAbandoned, createLocked } from "./locked_file.ts";
import { MARKER, UUID } from "./own_names.ts";
import type { Temporary } from "./write_atomically.ts";

/** The folder of a repository holding objects being written. */
export const TMP = "tmp";

const NAME = new RegExp(`^${RegExp.escape(MARKER)}${UUID}\\.part$`);

/** A new temporary in `root/tmp`, locked until it is closed. */
export function repositoryTemporary(root: string): Temporary {
  return createLocked(() =>
    join(root, TMP, `${MARKER}${crypto.randomUUID()}.part`)
  );
}

/**
 * Removes the temporaries in `root/tmp` that no live run holds; returns
 * how many. Other files there (such as the `<uuid>.part` of versions that
 * did not lock theirs) are left alone.
 */
export async function sweepRepositoryTmp(root: string): Promise<number> {
  let removed = 0;
  const dir = join(root, TMP);
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return 0;
    throw error;
  }
  for (const entry of entries) {
    if (!NAME.test(entry.name)) continue;
    const path = join(dir, entry.name);
    const file = await claimAbandoned(path);
    if (!file) continue;
    try {
      await Deno.remove(path);
      removed++;
    } finally {
      file.close();
    }
  }
  return removed;
}
