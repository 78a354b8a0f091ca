/**
 * Storage resource kinds, by name rather than by wire number.
 *
 * @module
 */

/** The kinds of object a repository stores. kloset uses the first three. */
export type Resource =
  | "packfile"
  | "state"
  | "lock"
  | "ecc-packfile"
  | "ecc-state";
