/**
 * What every workload gets: the configuration, the plakar home with the
 * peers installed, the generated tree, and a way to report progress.
 *
 * @module
 */
import type { PlakarHome } from "../../toolchain/plakar.ts";
import type { BenchConfig } from "../config.ts";
import type { Peer } from "../peers.ts";

/** Shared state of one benchmark invocation. */
export interface BenchContext {
  config: BenchConfig;
  home: PlakarHome;
  /** Available peers (unavailable ones are left out). */
  peers: Peer[];
  /** The generated source tree. */
  tree: string;
  /** The raw protocol client (bench/gofs/rawclient), unless it could not be built. */
  rawClient?: string;
  /** Progress line on stderr. */
  log(message: string): void;
}

/** The peers in a different order each run, so that drift favours none. */
export function rotated<T>(items: T[], run: number): T[] {
  const shift = run % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Wall-clock seconds that `action` takes. */
export async function seconds(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return (performance.now() - start) / 1000;
}
