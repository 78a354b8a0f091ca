/**
 * The list of connector kinds, for the programs that walk every kind.
 *
 * @module
 */
import type { ConnectorKind } from "./kinds.ts";

/** Every connector kind, in the order plakar's manifests list them. */
export const CONNECTOR_KINDS: readonly ConnectorKind[] = [
  "importer",
  "exporter",
  "storage",
];
