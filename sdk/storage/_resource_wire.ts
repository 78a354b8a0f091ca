/**
 * Storage resource kinds to and from their wire numbers.
 *
 * @module
 */
import { StorageResource } from "../../proto/gen/store_pb.ts";
import { PluginError } from "../errors.ts";
import type { Resource } from "./resource.ts";

/** Every resource kind, in wire order. */
export const RESOURCES: readonly Resource[] = [
  "packfile",
  "state",
  "lock",
  "ecc-packfile",
  "ecc-state",
];

const BY_WIRE: ReadonlyMap<StorageResource, Resource> = new Map([
  [StorageResource.PACKFILE, "packfile"],
  [StorageResource.STATE, "state"],
  [StorageResource.LOCK, "lock"],
  [StorageResource.ECC_PACKFILE, "ecc-packfile"],
  [StorageResource.ECC_STATE, "ecc-state"],
]);

/** The resource named by a wire value; throws a clear error for unknown ones. */
export function resourceFromWire(value: StorageResource): Resource {
  const resource = BY_WIRE.get(value);
  if (!resource) {
    throw new PluginError(`unknown storage resource type ${value}`);
  }
  return resource;
}

/** The wire value of a resource. */
export function resourceToWire(resource: Resource): StorageResource {
  for (const [wire, name] of BY_WIRE) if (name === resource) return wire;
  throw new PluginError(`unknown storage resource "${resource}"`);
}
