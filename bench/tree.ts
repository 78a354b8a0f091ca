/**
 * The benchmark's source tree: many small files (4–64 KiB, 100 per folder)
 * plus three large ones (≈ 150 MiB each at full scale), about half of the
 * bytes each, of incompressible content so that dedup and compression
 * cannot hide the transport.
 *
 * @module
 */
import { makeTree, type TreeSpec } from "../toolchain/tree.ts";

const KiB = 1024;
const LARGE_FILES = 3;
const LARGE_SHARE = 0.45;
const PER_FOLDER = 100;

/** What was generated. */
export interface TreeSummary {
  /** Regular files. */
  files: number;
  /** Bytes in all files. */
  bytes: number;
}

/** Small, repeatable pseudo-random numbers in [0, 1) for file sizes. */
function sizes(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The layout of a tree of about `totalBytes`. */
export function treeSpec(totalBytes: number): TreeSpec {
  const spec: TreeSpec = {};
  const large = Math.floor(totalBytes * LARGE_SHARE / LARGE_FILES);
  for (let i = 0; i < LARGE_FILES; i++) {
    spec[`large/blob${i}.bin`] = { size: large };
  }
  const random = sizes(5);
  let left = totalBytes - large * LARGE_FILES;
  for (let i = 0; left > 0; i++) {
    const size = Math.min(left, 4 * KiB + Math.floor(random() * 60 * KiB));
    const folder = String(Math.floor(i / PER_FOLDER)).padStart(4, "0");
    spec[`small/d${folder}/f${i}.bin`] = { size };
    left -= size;
  }
  return spec;
}

/** Writes the tree under `root` and says what it holds. */
export async function generateTree(
  root: string,
  totalBytes: number,
): Promise<TreeSummary> {
  const spec = treeSpec(totalBytes);
  await makeTree(root, spec);
  const files = Object.values(spec).filter((e) => "size" in e);
  return {
    files: files.length,
    bytes: files.reduce((sum, e) => sum + ("size" in e ? e.size : 0), 0),
  };
}
