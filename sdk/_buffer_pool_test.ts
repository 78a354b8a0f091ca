import assert from "node:assert/strict";
import { bufferPool } from "./_buffer_pool.ts";

Deno.test("a given buffer comes back from the next take; a new one when none is kept", () => {
  const pool = bufferPool(16, 2);
  const first = pool.take();
  assert.equal(first.byteLength, 16);
  pool.give(first);
  assert.equal(pool.take(), first);
  assert.notEqual(pool.take(), first);
});

Deno.test("buffers of another size, detached ones and those past the limit are not kept", () => {
  const pool = bufferPool(16, 1);
  pool.give(new ArrayBuffer(8));
  const detached = new ArrayBuffer(16);
  structuredClone(detached, { transfer: [detached] });
  pool.give(detached);
  const kept = new ArrayBuffer(16);
  pool.give(kept);
  pool.give(new ArrayBuffer(16));
  assert.equal(pool.take(), kept);
  const fresh = pool.take();
  assert.equal(fresh.byteLength, 16);
  assert.notEqual(fresh, kept);
});
