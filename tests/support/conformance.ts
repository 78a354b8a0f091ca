/**
 * Helpers for the conformance suite's own tests: run a TypeScript plugin
 * with this Deno, and expect a named violation.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type CheckResult,
  formatReport,
  type Report,
} from "../../sdk/testing/mod.ts";

/** The command and args that run the plugin at `path` (relative to tests/). */
export function denoPlugin(
  path: string,
  ...args: string[]
): { command: string; args: string[] } {
  const file = new URL(`../${path}`, import.meta.url).pathname;
  return { command: Deno.execPath(), args: ["run", "-A", file, ...args] };
}

/**
 * Asserts that the check `name` failed with a message matching `message`,
 * and returns it.
 */
export function assertViolation(
  report: Report,
  name: string,
  message: RegExp,
): CheckResult {
  const result = report.results.find((r) => r.name === name);
  assert.ok(result, `no check named "${name}" ran:\n${formatReport(report)}`);
  assert.equal(result.ok, false, `"${name}" passed:\n${formatReport(report)}`);
  assert.match(result.message, message);
  return result;
}
