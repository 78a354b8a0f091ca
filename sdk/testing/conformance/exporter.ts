/**
 * Conformance checks of an exporter plugin (`plakar.exporter.Exporter`):
 * the `Export` of a synthetic tree, one echoed result per record.
 *
 * @module
 */
import type { HostOptions } from "../../connector.ts";
import type { ExportOutcome } from "../host/exporter.ts";
import type { InitConfig } from "../host/lifecycle.ts";
import type { WireResult } from "../host/records.ts";
import { expectNone } from "./_checks.ts";
import { exportItems } from "./_export_items.ts";
import type { Report } from "./report.ts";
import { describeInit, runSession, type Session } from "./_session.ts";
import type { ConformanceOptions } from "./session.ts";
import { type SyntheticEntry, syntheticTree } from "./tree.ts";

/** An exporter plugin to check. */
export interface ExporterConformance extends ConformanceOptions {
  /** `Init`'s options; `location` names an empty restore target. */
  config: InitConfig;
  /** Run options sent with `Init`; this machine's by default. */
  hostOptions?: Partial<HostOptions>;
  /**
   * Checks what the plugin restored, once `Export` has ended; throws to
   * fail. `verifyLocalTree(dir)` does it for a local directory.
   */
  verify?: (tree: SyntheticEntry[]) => Promise<string> | string;
}

/**
 * Runs every exporter check: Init, Export of the synthetic tree (results
 * echo each record with its fileInfo, the call ends OK after the host
 * half-closes), the optional restored-content check, Ping, Close, then
 * shutdown.
 *
 * @example An exporter plugin conforms, and restores the tree
 * ```ts
 * import { assertConformance, checkExporter, verifyLocalTree } from "@plakar/kit/testing";
 *
 * Deno.test("the exporter conforms", async () => {
 *   const target = await Deno.makeTempDir();
 *   assertConformance(
 *     await checkExporter({
 *       command: "./my-plugin",
 *       args: ["exporter"],
 *       config: { location: `myproto://${target}` },
 *       verify: verifyLocalTree(target),
 *     }),
 *   );
 * });
 * ```
 */
export function checkExporter(options: ExporterConformance): Promise<Report> {
  return runSession(options, (session) => exporterChecks(session, options));
}

async function exporterChecks(
  { plugin, checks, within }: Session,
  options: ExporterConformance,
): Promise<void> {
  const exporter = plugin.exporter;
  const initialised = await checks.run(
    "exporter: Init",
    async () =>
      describeInit(
        await exporter.init(options.config, options.hostOptions, within()),
      ),
  );
  if (!initialised) return;

  const tree = syntheticTree();
  const items = exportItems(tree);
  const results: WireResult[] = [];
  const exported = await checks.run("exporter: Export", async () => {
    const outcome: ExportOutcome = await exporter.export(items, {
      ...within(),
      onResult: (result) => results.push(result),
    });
    expectNone(outcome.problems, "Export broke the protocol");
    return `${outcome.sent} records and their content sent, the call ended OK after the host half-closed`;
  });

  await checks.run("exporter: one result per record", () => {
    const problems: string[] = [];
    const seen = new Map<string, number>();
    for (const result of results) {
      const header = result.header;
      if (!header) {
        problems.push("a result has no header");
        continue;
      }
      seen.set(header.pathname, (seen.get(header.pathname) ?? 0) + 1);
      const sent = items.find((i) => i.record.pathname === header.pathname);
      if (!sent) {
        problems.push(`a result for ${header.pathname}, which was never sent`);
        continue;
      }
      if (!header.fileInfo) {
        problems.push(
          `the result of ${header.pathname} does not echo the record's fileInfo (plakar fails the restore: "invalid record ${header.pathname}: missing fileinfo")`,
        );
      } else if (
        header.fileInfo.mode !== sent.record.fileInfo?.mode ||
        header.fileInfo.size !== sent.record.fileInfo?.size
      ) {
        problems.push(
          `the result of ${header.pathname} echoes another fileInfo`,
        );
      }
      if (result.error) {
        problems.push(`restoring ${header.pathname} failed: ${result.error}`);
      }
    }
    for (const item of items) {
      const count = seen.get(item.record.pathname ?? "") ?? 0;
      if (count !== 1) {
        problems.push(
          `${count} results for ${item.record.pathname}, expected one`,
        );
      }
    }
    expectNone(problems, "wrong results");
    return `${results.length} results, each echoing its record with fileInfo`;
  });

  if (options.verify && exported) {
    const verify = options.verify;
    await checks.run("exporter: restored content", () => verify(tree));
  }

  await checks.run("exporter: Ping", async () => {
    await exporter.ping(within());
    return "answered after the export";
  });
  await checks.run("exporter: Close", async () => {
    await exporter.close(within());
    return "answered";
  });
}
