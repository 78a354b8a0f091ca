/**
 * The synthetic tree the exporter checks restore: directories, an empty
 * file, a small one, one of several chunks, and a symlink, each with
 * distinct permissions and times.
 *
 * @module
 */
import { join } from "node:path";
import { MAX_CHUNK } from "../../chunk.ts";
import { firstDifference } from "./_inspect.ts";
import { patternBytes } from "./content.ts";

/** One entry of the synthetic tree. */
export interface SyntheticEntry {
  /** Relative to the restore root, absolute in form (`/docs/hello.txt`). */
  pathname: string;
  /** What the entry is. */
  kind: "dir" | "file" | "symlink";
  /** Permission bits. */
  permissions: number;
  /** Content size of a file. */
  size: number;
  /** The pattern of a file's content (see `patternBytes`). */
  seed: number;
  /** A symlink's target. */
  target: string;
  /** Modification time, whole seconds. */
  mtime: Date;
}

const at = (iso: string) => new Date(iso);

/** The tree, depth-first with parents before children, as plakar walks it. */
export function syntheticTree(): SyntheticEntry[] {
  const entry = (
    pathname: string,
    kind: SyntheticEntry["kind"],
    permissions: number,
    mtime: string,
    more: Partial<SyntheticEntry> = {},
  ): SyntheticEntry => ({
    pathname,
    kind,
    permissions,
    size: 0,
    seed: 0,
    target: "",
    mtime: at(mtime),
    ...more,
  });
  return [
    entry("/", "dir", 0o755, "2024-01-01T00:00:00Z"),
    entry("/data", "dir", 0o700, "2024-02-03T04:05:06Z"),
    entry("/data/big.bin", "file", 0o640, "2024-03-04T05:06:07Z", {
      size: 2 * MAX_CHUNK + 4099,
      seed: 21,
    }),
    entry("/docs", "dir", 0o755, "2024-04-05T06:07:08Z"),
    entry("/docs/empty.txt", "file", 0o644, "2024-05-06T07:08:09Z"),
    entry("/docs/hello.txt", "file", 0o600, "2024-06-07T08:09:10Z", {
      size: 1000,
      seed: 22,
    }),
    entry("/link", "symlink", 0o777, "2024-07-08T09:10:11Z", {
      target: "docs/hello.txt",
    }),
  ];
}

/**
 * A verifier for exporters that restore into the local directory `dir`:
 * every entry exists with its kind, content, permissions, target and
 * modification time (to the second). The root's own metadata is not
 * checked: the restore target existed before.
 */
export function verifyLocalTree(
  dir: string,
): (tree: SyntheticEntry[]) => Promise<string> {
  return async (tree) => {
    const problems: string[] = [];
    for (const entry of tree) {
      const path = join(dir, entry.pathname);
      const problem = await entryProblem(path, entry);
      if (problem) problems.push(`${entry.pathname}: ${problem}`);
    }
    if (problems.length > 0) {
      throw new Error(`the restored tree differs: ${problems.join("; ")}`);
    }
    return `${tree.length} entries restored under ${dir} with their content, permissions and times`;
  };
}

async function entryProblem(
  path: string,
  entry: SyntheticEntry,
): Promise<string | undefined> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch {
    return "missing";
  }
  const kind = info.isDirectory ? "dir" : info.isSymlink ? "symlink" : "file";
  if (kind !== entry.kind) return `a ${kind}, expected a ${entry.kind}`;
  if (entry.kind === "symlink") {
    const target = await Deno.readLink(path);
    return target === entry.target
      ? undefined
      : `points to ${JSON.stringify(target)}, expected ${
        JSON.stringify(entry.target)
      }`;
  }
  if (entry.pathname === "/") return undefined;
  const permissions = (info.mode ?? 0) & 0o777;
  if (permissions !== entry.permissions) {
    return `permissions ${octal(permissions)}, expected ${
      octal(entry.permissions)
    }`;
  }
  const mtime = Math.floor((info.mtime?.getTime() ?? 0) / 1000);
  if (mtime !== entry.mtime.getTime() / 1000) {
    return `modified ${info.mtime?.toISOString()}, expected ${entry.mtime.toISOString()}`;
  }
  if (entry.kind === "file") return await contentProblem(path, entry);
  return undefined;
}

async function contentProblem(
  path: string,
  entry: SyntheticEntry,
): Promise<string | undefined> {
  const file = await Deno.open(path);
  let offset = 0;
  // Leaving the loop cancels the stream, which closes the file.
  for await (const piece of file.readable) {
    if (offset + piece.byteLength > entry.size) {
      return `more than the ${entry.size} bytes expected`;
    }
    const want = patternBytes(entry.seed, offset, piece.byteLength);
    const at = firstDifference(piece, want);
    if (at >= 0) return `wrong content at byte ${offset + at}`;
    offset += piece.byteLength;
  }
  return offset === entry.size
    ? undefined
    : `${offset} bytes, expected ${entry.size}`;
}

function octal(n: number): string {
  return `0${n.toString(8)}`;
}
