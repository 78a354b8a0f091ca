/**
 * Extended attribute kinds ↔ their numbers in `plakar.connectors.Record`.
 *
 * @module
 */
import type { ExtendedAttributeType } from "../../proto/gen/connectors_pb.ts";
import type { XattrKind } from "../connector.ts";

// kloset numbers attribute kinds itself, whatever the enum's names say.
const XATTR_TYPES: Record<XattrKind, ExtendedAttributeType> = {
  extended: 0,
  ads: 1,
  custom: 2,
};

/** The wire number of an attribute kind (extended by default). */
export function xattrKindToWire(kind: XattrKind = "extended"): number {
  return XATTR_TYPES[kind];
}

/** The attribute kind of a wire number; unknown numbers are extended. */
export function xattrKindFromWire(type: number): XattrKind {
  return type === 1 ? "ads" : type === 2 ? "custom" : "extended";
}
