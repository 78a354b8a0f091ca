/**
 * File trees for the end-to-end tests and the benchmark: generate files with
 * known content, and compare two trees.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { join } from "node:path";

/** One file to generate: size in bytes and permission bits. */
export interface FileSpec {
  size: number;
  mode?: number;
}

/** A tree: a path maps to a file, a `{ symlink }` or a `{ dir }`. */
export type TreeSpec = Record<
  string,
  FileSpec | { symlink: string } | { dir: number }
>;

const PIECE = 65536;

/**
 * Writes `size` pseudo-random bytes to `path` in 64 KiB pieces (memory stays
 * flat for any size). Incompressible and unique, so dedup cannot hide bugs.
 */
export async function writeRandomFile(
  path: string,
  size: number,
  mode = 0o644,
): Promise<void> {
  const file = await Deno.open(path, {
    write: true,
    create: true,
    truncate: true,
    mode,
  });
  try {
    const piece = new Uint8Array(PIECE);
    for (let left = size; left > 0; left -= PIECE) {
      const n = Math.min(left, PIECE);
      crypto.getRandomValues(piece.subarray(0, n));
      let offset = 0;
      while (offset < n) offset += await file.write(piece.subarray(offset, n));
    }
  } finally {
    file.close();
  }
  await Deno.chmod(path, mode);
}

/** Creates every entry of `spec` under `root`; parents are made as needed. */
export async function makeTree(root: string, spec: TreeSpec): Promise<void> {
  const dirModes: [string, number][] = [];
  for (const [relative, entry] of Object.entries(spec)) {
    const path = join(root, relative);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    if ("symlink" in entry) await Deno.symlink(entry.symlink, path);
    else if ("dir" in entry) {
      await Deno.mkdir(path, { recursive: true });
      dirModes.push([path, entry.dir]);
    } else await writeRandomFile(path, entry.size, entry.mode);
  }
  for (const [path, mode] of dirModes.reverse()) await Deno.chmod(path, mode);
}

/** What to compare besides content and entry types. */
export interface CompareOptions {
  /** Compare permission bits. */
  modes?: boolean;
  /** Compare modification times to the second (not for symlinks). */
  mtimes?: boolean;
}

/** Asserts that two trees hold the same entries, types, content and symlink targets. */
export async function assertSameTree(
  expected: string,
  actual: string,
  options: CompareOptions = {},
): Promise<number> {
  let count = 0;
  const walk = async (relative: string) => {
    const a = join(expected, relative);
    const b = join(actual, relative);
    const sa = await Deno.lstat(a);
    const sb = await Deno.lstat(b).catch(() =>
      assert.fail(`missing in restored tree: ${relative}`)
    );
    assert.deepEqual(
      [sb.isFile, sb.isDirectory, sb.isSymlink],
      [sa.isFile, sa.isDirectory, sa.isSymlink],
      `type differs: ${relative}`,
    );
    count++;
    if (options.modes && !sa.isSymlink) {
      assert.deepEqual(
        (sb.mode! & 0o7777).toString(8),
        (sa.mode! & 0o7777).toString(8),
        `mode differs: ${relative}`,
      );
    }
    if (options.mtimes && !sa.isSymlink && relative !== "") {
      assert.deepEqual(
        Math.floor(sb.mtime!.getTime() / 1000),
        Math.floor(sa.mtime!.getTime() / 1000),
        `mtime differs: ${relative}`,
      );
    }
    if (sa.isSymlink) {
      assert.deepEqual(
        await Deno.readLink(b),
        await Deno.readLink(a),
        `link target differs: ${relative}`,
      );
    } else if (sa.isFile) await assertSameContent(a, b, relative);
    else if (sa.isDirectory) {
      const names = async (dir: string) =>
        (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
      assert.deepEqual(
        await names(b),
        await names(a),
        `entries differ in ${relative || "/"}`,
      );
      for (const name of await names(a)) await walk(join(relative, name));
    }
  };
  await walk("");
  return count;
}

async function assertSameContent(
  a: string,
  b: string,
  relative: string,
): Promise<void> {
  using fa = await Deno.open(a);
  using fb = await Deno.open(b);
  const ba = new Uint8Array(PIECE * 16);
  const bb = new Uint8Array(PIECE * 16);
  let offset = 0;
  while (true) {
    const na = await readFull(fa, ba);
    const nb = await readFull(fb, bb);
    assert.deepEqual(nb, na, `size differs at ${offset}: ${relative}`);
    if (na === 0) return;
    assert.ok(
      Buffer.from(ba.buffer, 0, na).equals(Buffer.from(bb.buffer, 0, na)),
      `content differs within bytes ${offset}…${offset + na}: ${relative}`,
    );
    offset += na;
  }
}

async function readFull(
  file: Deno.FsFile,
  buffer: Uint8Array,
): Promise<number> {
  let filled = 0;
  while (filled < buffer.byteLength) {
    const n = await file.read(buffer.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return filled;
}
