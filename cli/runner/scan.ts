/**
 * `scan`: runs an importer's `Import` as plakar's backup would and prints
 * every record it sends, reading each file's content to count its bytes.
 *
 * @module
 */
import type { PluginProcess } from "../../sdk/testing/host/spawn.ts";
import type { InitConfig } from "../../sdk/testing/host/lifecycle.ts";
import type { WireRecord } from "../../sdk/testing/host/records.ts";
import { errorMessage } from "../../sdk/errors.ts";
import { kindOf, toPosixPermissions } from "../../sdk/mode.ts";

/** What a scan saw. */
export interface ScanSummary {
  /** Records received. */
  records: number;
  /** Content bytes read through `Open`. */
  bytes: number;
  /** Records that carried an error or whose content could not be read. */
  errors: number;
}

/**
 * Inits the importer with `config`, runs `Import`, prints one line per
 * record (kind, permissions, bytes read, path; or the error) and a summary.
 */
export async function scan(
  plugin: PluginProcess,
  config: InitConfig,
  print: (line: string) => void,
): Promise<ScanSummary> {
  const answer = await plugin.importer.init(config);
  print(
    `# ${answer.type} importer, origin ${answer.origin}, root ${answer.root}`,
  );
  const summary: ScanSummary = { records: 0, bytes: 0, errors: 0 };
  // Records are handled concurrently but printed in the order they came.
  let printed = Promise.resolve();
  const outcome = await plugin.importer.import((record) => {
    summary.records++;
    const line = describe(plugin, record, summary);
    printed = printed.then(async () => print(await line));
    return line.then(() => undefined);
  });
  await printed;
  for (const problem of outcome.problems) print(`! protocol: ${problem}`);
  await plugin.importer.close();
  print(
    `# ${summary.records} record(s), ${summary.bytes} content byte(s), ${summary.errors} error(s)`,
  );
  return summary;
}

async function describe(
  plugin: PluginProcess,
  record: WireRecord,
  summary: ScanSummary,
): Promise<string> {
  if (record.error) {
    summary.errors++;
    return `error ${record.pathname}: ${record.error}`;
  }
  const mode = record.fileInfo?.mode ?? 0;
  const what = record.isXattr
    ? `xattr ${record.xattrName} of`
    : `${kindOf(mode)} ${
      toPosixPermissions(mode).toString(8).padStart(4, "0")
    }`;
  const link = record.target ? ` -> ${record.target}` : "";
  if (!record.hasReader) return `${what} - ${record.pathname}${link}`;
  let size = 0;
  try {
    for await (const chunk of plugin.importer.open(record)) {
      size += chunk.byteLength;
    }
  } catch (error) {
    summary.errors++;
    return `error ${record.pathname}: content: ${errorMessage(error)}`;
  }
  summary.bytes += size;
  const declared = record.fileInfo?.size;
  const mismatch = declared !== undefined && declared !== BigInt(size)
    ? ` (fileInfo says ${declared})`
    : "";
  return `${what} ${size}${mismatch} ${record.pathname}${link}`;
}
