/**
 * What a conformance run is given: the plugin to run and how long to wait.
 *
 * @module
 */

/** How long the suite waits; shorter than plakar's so failures come fast. */
export interface Timeouts {
  /** For the plugin's HTTP/2 SETTINGS after spawning (10 s; plakar: ~20 s). */
  startMs?: number;
  /** For each call to answer or each stream to end (30 s). */
  callMs?: number;
  /** For the process to exit once stdin is closed (5 s). */
  exitMs?: number;
}

/** The plugin to check, as a manifest would run it. */
export interface ConformanceOptions {
  /** The executable. */
  command: string;
  /** Its arguments (a manifest's `args`, e.g. `["storage"]`). */
  args?: string[];
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
  /** The working directory. */
  cwd?: string;
  /** The suite's waiting limits. */
  timeouts?: Timeouts;
}
