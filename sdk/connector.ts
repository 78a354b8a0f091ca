/**
 * What every connector kind shares: how it is constructed and what it tells
 * the host about itself.
 *
 * @module
 */

/** Location flags a connector may report (manifest `location_flags`). */
export const LocationFlags = {
  /** Locations are local paths: the host makes relative ones absolute. */
  localfs: 1,
  /** The location names a single file. */
  file: 2,
  /** The importer streams: the host skips its counting run. */
  stream: 4,
  /** The importer wants acknowledgements (the host always sends them). */
  needack: 8,
  /** Do not merge this source with others. */
  nomerge: 16,
  /** The exporter accepts extended attribute records. */
  exportxattr: 32,
} as const;

/** What a connector tells the host once constructed (cached by the host). */
export interface ConnectorInfo {
  /** Where the data comes from or goes to, e.g. a host name. */
  readonly origin: string;
  /** The connector's type, usually its protocol name. */
  readonly type: string;
  /** The root path of the location. */
  readonly root: string;
  /** A bitmask of {@link LocationFlags}; 0 when absent. */
  readonly flags?: number;
}

/** The arguments of a connector's constructor, from the host's `Init`. */
export interface ConnectorInit {
  /** The protocol the location was given with (`myproto` of `myproto://…`). */
  proto: string;
  /**
   * The user's options, all strings. `location` is always there, as
   * `<proto>://<rest>`.
   */
  config: Record<string, string>;
}

/** A value or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/** What the host tells every importer and exporter about the run (storages get none). */
export interface HostOptions {
  /** The machine plakar runs on. */
  hostname: string;
  /** Go's GOOS of the host, e.g. "linux". */
  os: string;
  /** Go's GOARCH of the host, e.g. "amd64". */
  arch: string;
  /** plakar's working directory. */
  cwd: string;
  /** How many operations the host runs at once. */
  maxConcurrency: number;
  /** Exclusion patterns given by the user. */
  excludes: string[];
  /** The user asked not to back up extended attributes. */
  noXattr: boolean;
}

/** Kinds of extended attribute, as kloset numbers them on the wire (0, 1, 2). */
export type XattrKind = "extended" | "ads" | "custom";
