/**
 * The connector kinds: one executable may serve each, chosen by its first
 * argument, which the manifest's `args` set.
 *
 * @module
 */

/** A connector kind, as the manifest's `args` name it. */
export type ConnectorKind = "importer" | "exporter" | "storage";

/** Every connector kind, in the order plakar's manifests list them. */
export const CONNECTOR_KINDS: readonly ConnectorKind[] = [
  "importer",
  "exporter",
  "storage",
];
