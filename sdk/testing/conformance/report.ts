/**
 * Conformance results: one named check each, and the assertion that fails
 * a test with every violation spelled out.
 *
 * @module
 */
import { AssertionError } from "node:assert";

/** The outcome of one named check. */
export interface CheckResult {
  /** What was checked, e.g. `storage: List`. */
  name: string;
  /** True when the plugin behaved as plakar needs. */
  ok: boolean;
  /** What was seen: the violation when not ok, naming the RPC and path. */
  message: string;
}

/** Every check run against one plugin. */
export interface Report {
  /** The plugin's command line, for the reader. */
  plugin: string;
  /** The checks, in the order they ran. */
  results: CheckResult[];
}

/** True when every check passed (and at least one ran). */
export function passed(report: Report): boolean {
  return report.results.length > 0 && report.results.every((r) => r.ok);
}

/** The checks that failed. */
export function failures(report: Report): CheckResult[] {
  return report.results.filter((r) => !r.ok);
}

/** The report as lines people can read: `ok`/`FAIL`, name, message. */
export function formatReport(report: Report): string {
  const lines = report.results.map((r) =>
    `${r.ok ? "ok  " : "FAIL"} ${r.name}: ${r.message}`
  );
  return [`conformance of ${report.plugin}`, ...lines].join("\n");
}

/**
 * Throws an AssertionError listing every failed check, for `Deno.test`.
 * Passes only if every check passed.
 *
 * @example Fail a test on any failed check
 * ```ts
 * import { assertConformance, checkStorage } from "@plakar/kit/testing";
 *
 * Deno.test("the storage conforms", async () => {
 *   const repo = `${await Deno.makeTempDir()}/repo`;
 *   assertConformance(
 *     await checkStorage({
 *       command: "./my-plugin",
 *       args: ["storage"],
 *       config: { location: `myproto://${repo}` },
 *     }),
 *   );
 * });
 * ```
 */
export function assertConformance(report: Report): void {
  if (passed(report)) return;
  const failed = failures(report);
  throw new AssertionError({
    message: failed.length === 0
      ? `no conformance check ran against ${report.plugin}`
      : `${failed.length} conformance check(s) failed\n${formatReport(report)}`,
  });
}
