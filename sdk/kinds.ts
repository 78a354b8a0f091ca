/**
 * The connector kinds: one executable may serve each, chosen by its first
 * argument, which the manifest's `args` set.
 *
 * @module
 */

/** A connector kind, as the manifest's `args` name it. */
export type ConnectorKind = "importer" | "exporter" | "storage";
