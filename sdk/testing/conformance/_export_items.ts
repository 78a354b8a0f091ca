/**
 * The synthetic tree as the records and content a host sends an exporter.
 *
 * @module
 */
import { goMode } from "../../mode.ts";
import { timestampFromDate } from "../../_connector/time.ts";
import type { ExportItem } from "../host/exporter.ts";
import { patternPieces } from "./content.ts";
import type { SyntheticEntry } from "./tree.ts";

/** The records and content the host sends for `tree`. */
export function exportItems(tree: SyntheticEntry[]): ExportItem[] {
  return tree.map((entry, i) => {
    const name = entry.pathname === "/"
      ? "/"
      : entry.pathname.slice(entry.pathname.lastIndexOf("/") + 1);
    const size = entry.kind === "file"
      ? entry.size
      : entry.kind === "symlink"
      ? entry.target.length
      : 4096;
    return {
      record: {
        pathname: entry.pathname,
        hasReader: entry.kind === "file",
        target: entry.target,
        fileInfo: {
          name,
          size: BigInt(size),
          mode: goMode(entry.kind, entry.permissions),
          modTime: timestampFromDate(entry.mtime),
          ino: BigInt(1000 + i),
          uid: BigInt(Deno.uid() ?? 0),
          gid: BigInt(Deno.gid() ?? 0),
          nlink: entry.kind === "dir" ? 2 : 1,
        },
      },
      content: entry.kind === "file"
        ? patternPieces(entry.seed, entry.size)
        : undefined,
    };
  });
}
