/**
 * Fixed host options for tests that build connectors in-process, so that
 * nothing depends on the machine running them.
 *
 * @module
 */
import type { HostOptions } from "../../sdk/mod.ts";

/** What plakar would send in `Init`, as a test fixture. */
export const TEST_HOST_OPTIONS: HostOptions = {
  hostname: "box",
  os: "linux",
  arch: "amd64",
  cwd: "/",
  maxConcurrency: 4,
  excludes: [],
  noXattr: false,
};
