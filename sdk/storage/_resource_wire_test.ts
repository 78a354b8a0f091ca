import assert from "node:assert/strict";
import { StorageResource } from "../../proto/gen/store_pb.ts";
import {
  resourceFromWire,
  RESOURCES,
  resourceToWire,
} from "./_resource_wire.ts";

Deno.test("storage resources map to the wire numbers of the protocol", () => {
  assert.deepEqual(RESOURCES.map(resourceToWire), [1, 2, 3, 4, 5]);
  assert.equal(resourceFromWire(1), "packfile");
  assert.equal(resourceFromWire(2), "state");
  assert.equal(resourceFromWire(3), "lock");
  for (const name of RESOURCES) {
    assert.equal(resourceFromWire(resourceToWire(name)), name);
  }
});

Deno.test("undefined and unknown resource numbers are refused clearly", () => {
  assert.throws(
    () => resourceFromWire(StorageResource.UNDEFINED),
    /unknown storage resource type 0/,
  );
  assert.throws(
    () => resourceFromWire(42 as StorageResource),
    /unknown storage resource type 42/,
  );
});
