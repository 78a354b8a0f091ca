/**
 * The exporter's temporaries. A file (or a link made aside) is written in
 * the folder of its final path as `.plakar-localdir-<run>-<n>.part` and
 * renamed into place. Each restore run keeps in the restore root a journal,
 * `.plakar-localdir-<run>.restore`, that it holds locked while it runs (see
 * locked_file.ts) and that names every folder where it makes temporaries,
 * before it makes them. The next restore into the same root takes the
 * journal of each run that is no longer alive, removes from the folders it
 * names that run's temporaries, then the journal. What is removed is
 * therefore only ever a name made by a dead run of this plugin, in a folder
 * that run wrote down; a live run's journal cannot be taken, so its
 * temporaries survive.
 *
 * @module
 */
import { join, relative } from "node:path";
import { claimAbandoned, createLocked } from "./locked_file.ts";
import { MARKER, UUID } from "./own_names.ts";
import { type Temporary, writeAll } from "./write_atomically.ts";

const JOURNAL = new RegExp(`^${RegExp.escape(MARKER)}(${UUID})\\.restore$`);
const HEADER = "plakar-localdir restore journal";

/**
 * How long a run waits with no temporary in flight before it removes its
 * journal, when nothing ends it (a restore the host cancelled).
 */
const IDLE_MS = 500;

/** The temporaries of one restore run into one root. */
export interface RestoreTemporaries {
  /**
   * Runs `write` with a fresh temporary path in the folder of `path` (on
   * its file system), once that folder is in the run's journal. When
   * `write` settles, nothing must be left under the temporary name: it is
   * renamed into place or removed.
   */
  using<T>(path: string, write: (tmp: string) => T | Promise<T>): Promise<T>;
  /** Ends the run: removes its journal, unless a temporary is in flight. */
  close(): Promise<void>;
}

/**
 * Starts a restore run into `root`. The journal is made at first use and
 * removed by `close`, or once no temporary has been in flight for a while;
 * a run cut short keeps it (and its lock, until the process ends), so that
 * the next restore removes what it left.
 */
export function restoreTemporaries(root: string): RestoreTemporaries {
  let journal: Promise<{ run: string; tmp: Temporary }> | undefined;
  let recorded = new Map<string, Promise<string>>();
  let count = 0;
  let inFlight = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const encoder = new TextEncoder();

  const openJournal = async () => {
    let run = "";
    const tmp = createLocked(() => {
      run = crypto.randomUUID();
      return join(root, `${MARKER}${run}.restore`);
    });
    await writeAll(tmp.file, encoder.encode(`${HEADER} ${run}\n`));
    return { run, tmp };
  };

  /** The run's id, once `dir` is in its journal. */
  const record = (dir: string) => {
    let done = recorded.get(dir);
    if (!done) {
      done = (async () => {
        const { run, tmp } = await (journal ??= openJournal());
        if (dir !== root) {
          const line = `${JSON.stringify(relative(root, dir))}\n`;
          await writeAll(tmp.file, encoder.encode(line));
        }
        return run;
      })();
      recorded.set(dir, done);
    }
    return done;
  };

  const close = async () => {
    clearTimeout(idle);
    if (!journal || inFlight > 0) return;
    // Detached first: a temporary asked for from now on gets a new run.
    const current = journal;
    journal = undefined;
    recorded = new Map();
    const { tmp } = await current;
    try {
      await Deno.remove(tmp.path);
    } finally {
      tmp.file.close();
    }
  };

  return {
    async using(path, write) {
      inFlight++;
      try {
        const dir = join(path, "..");
        const run = await record(dir);
        return await write(join(dir, `${MARKER}${run}-${count++}.part`));
      } finally {
        if (--inFlight === 0) {
          clearTimeout(idle);
          const timer = setTimeout(() => close().catch(() => {}), IDLE_MS);
          Deno.unrefTimer(timer);
          idle = timer;
        }
      }
    },
    close,
  };
}

/**
 * Removes what restore runs into `root` that are no longer alive left
 * there; returns the number of temporaries removed.
 */
export async function sweepRestoreTemporaries(root: string): Promise<number> {
  let names: string[];
  try {
    names = (await Array.fromAsync(Deno.readDir(root))).map((e) => e.name);
  } catch (error) {
    if (
      error instanceof Deno.errors.NotFound ||
      error instanceof Deno.errors.NotADirectory
    ) return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    const run = JOURNAL.exec(name)?.[1];
    if (!run) continue;
    const path = join(root, name);
    const journal = await claimAbandoned(path);
    if (!journal) continue;
    try {
      const dirs = await journalFolders(journal, run);
      // A journal that does not start with its own header is not one of
      // ours; an empty one is, killed before it could write the header.
      if (dirs === null) continue;
      for (const dir of [".", ...dirs]) {
        removed += await removeRunTemporaries(join(root, dir), run);
      }
      await Deno.remove(path);
    } finally {
      journal.close();
    }
  }
  return removed;
}

/**
 * The folders a journal names (relative to the root, never leading out of
 * it), or null when the file is not a journal of `run`.
 */
async function journalFolders(
  file: Deno.FsFile,
  run: string,
): Promise<string[] | null> {
  const dirs: string[] = [];
  let first = true;
  for await (const line of lines(file)) {
    if (first) {
      if (line !== `${HEADER} ${run}`) return null;
      first = false;
      continue;
    }
    let dir: unknown;
    try {
      dir = JSON.parse(line);
    } catch {
      continue; // the line the run was writing when it was killed
    }
    if (typeof dir !== "string" || dir.startsWith("/")) continue;
    if (dir.split("/").includes("..")) continue;
    dirs.push(dir);
  }
  return dirs;
}

/** Removes `run`'s temporaries from `dir`; returns how many. */
async function removeRunTemporaries(dir: string, run: string): Promise<number> {
  const mine = new RegExp(`^${RegExp.escape(`${MARKER}${run}`)}-\\d+\\.part$`);
  let removed = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory || !mine.test(entry.name)) continue;
      await Deno.remove(join(dir, entry.name)).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
      removed++;
    }
  } catch (error) {
    // The folder is gone or replaced: nothing of the run is left there.
    if (
      !(error instanceof Deno.errors.NotFound) &&
      !(error instanceof Deno.errors.NotADirectory)
    ) throw error;
  }
  return removed;
}

/** The lines of `file` from its start, read in 64 KiB pieces. */
async function* lines(file: Deno.FsFile): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(64 << 10);
  let pending = "";
  for (;;) {
    const n = await file.read(buffer);
    if (n === null) break;
    pending += decoder.decode(buffer.subarray(0, n), { stream: true });
    const parts = pending.split("\n");
    pending = parts.pop()!;
    yield* parts;
  }
  pending += decoder.decode();
  if (pending !== "") yield pending;
}
