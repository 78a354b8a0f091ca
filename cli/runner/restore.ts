/**
 * `restore`: feeds a local folder to an exporter as plakar's restore would
 * feed a snapshot, and prints each result.
 *
 * @module
 */
import { basename, join } from "node:path";
import type { ExportItem } from "../../sdk/testing/host/exporter.ts";
import type { InitConfig } from "../../sdk/testing/host/lifecycle.ts";
import type { PluginProcess } from "../../sdk/testing/host/spawn.ts";
import { fromPosixMode } from "../../sdk/mode.ts";
import { timestampFromDate } from "../../sdk/_connector/time.ts";

/** What a restore did. */
export interface RestoreSummary {
  /** Records sent. */
  sent: number;
  /** Results carrying an error. */
  errors: number;
}

/**
 * Inits the exporter with `config`, sends every entry under `from` (parents
 * first, files streamed in chunks), prints one line per result and a summary.
 */
export async function restore(
  plugin: PluginProcess,
  config: InitConfig,
  from: string,
  print: (line: string) => void,
): Promise<RestoreSummary> {
  const answer = await plugin.exporter.init(config);
  print(`# ${answer.type} exporter, root ${answer.root}`);
  let errors = 0;
  const outcome = await plugin.exporter.export(walk(from, "/"), {
    onResult(result) {
      const path = result.header?.pathname ?? "?";
      if (result.error) {
        errors++;
        print(`error ${path}: ${result.error}`);
      } else print(`ok ${path}`);
    },
  });
  for (const problem of outcome.problems) print(`! protocol: ${problem}`);
  await plugin.exporter.close();
  print(`# ${outcome.sent} record(s) sent, ${errors} error(s)`);
  return { sent: outcome.sent, errors };
}

/** The entries under `dir` as restore records, depth first, parents first. */
async function* walk(
  dir: string,
  pathname: string,
): AsyncGenerator<ExportItem> {
  const path = pathname === "/" ? dir : join(dir, pathname);
  const stat = await Deno.lstat(path);
  yield {
    record: {
      pathname,
      hasReader: stat.isFile,
      target: stat.isSymlink ? await Deno.readLink(path) : "",
      fileInfo: {
        name: pathname === "/" ? "/" : basename(pathname),
        size: BigInt(stat.size),
        mode: fromPosixMode(stat.mode ?? 0),
        modTime: timestampFromDate(stat.mtime),
        dev: BigInt(stat.dev),
        ino: BigInt(stat.ino ?? 0),
        uid: BigInt(stat.uid ?? 0),
        gid: BigInt(stat.gid ?? 0),
        nlink: stat.nlink ?? 0,
      },
    },
    content: stat.isFile ? lazyFile(path) : undefined,
  };
  if (!stat.isDirectory) return;
  const names: string[] = [];
  for await (const entry of Deno.readDir(path)) names.push(entry.name);
  for (const name of names.sort()) {
    yield* walk(dir, pathname === "/" ? `/${name}` : `${pathname}/${name}`);
  }
}

/** The file's bytes, opened only when the host starts sending them. */
async function* lazyFile(path: string): AsyncGenerator<Uint8Array> {
  // The stream closes the file at its end or when cancelled.
  yield* (await Deno.open(path)).readable;
}
