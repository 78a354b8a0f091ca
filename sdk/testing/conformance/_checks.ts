/**
 * Collecting conformance results as checks run, and spelling problems out.
 *
 * @module
 */
import { errorMessage } from "../../errors.ts";
import type { CheckResult } from "./report.ts";

/** Collects check results as checks run. */
export interface Checks {
  /** The results so far. */
  readonly results: CheckResult[];
  /**
   * Runs a check: it passes with the message `body` returns, and fails with
   * the message of what `body` throws. Resolves to whether it passed.
   */
  run(name: string, body: () => Promise<string> | string): Promise<boolean>;
  /** Records a check decided elsewhere. */
  record(name: string, ok: boolean, message: string): boolean;
}

/** An empty {@link Checks}. */
export function checks(): Checks {
  const results: CheckResult[] = [];
  const record = (name: string, ok: boolean, message: string) => {
    results.push({ name, ok, message });
    return ok;
  };
  return {
    results,
    record,
    async run(name, body) {
      try {
        return record(name, true, await body());
      } catch (error) {
        return record(name, false, errorMessage(error));
      }
    },
  };
}

/** Up to five problems joined, with how many more there were. */
export function summarise(problems: string[]): string {
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : "";
  return problems.slice(0, 5).join("; ") + more;
}

/** Throws `summary: <problems>` unless `problems` is empty. */
export function expectNone(problems: string[], summary: string): void {
  if (problems.length > 0) {
    throw new Error(`${summary}: ${summarise(problems)}`);
  }
}
