/**
 * Durations as people read them, for messages.
 *
 * @module
 */

/** A duration in seconds, as people read it. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
