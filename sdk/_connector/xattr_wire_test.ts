/**
 * The extended attribute numbering (kloset's: 0 extended, 1 ADS, 2 custom).
 */
import assert from "node:assert/strict";
import { xattrKindFromWire, xattrKindToWire } from "./xattr_wire.ts";

Deno.test("attribute kinds use kloset's numbering both ways", () => {
  assert.deepEqual(
    (["extended", "ads", "custom"] as const).map((k) => xattrKindToWire(k)),
    [0, 1, 2],
  );
  assert.equal(xattrKindToWire(), 0, "extended by default");
  assert.deepEqual([0, 1, 2, 9].map(xattrKindFromWire), [
    "extended",
    "ads",
    "custom",
    "extended",
  ]);
});
