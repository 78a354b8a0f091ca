import assert from "node:assert/strict";
import { chunks } from "./_chunks.ts";
import { MAX_CHUNK } from "./chunk.ts";

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

Deno.test("chunks are never empty and never larger than 1 MiB", async () => {
  const source = [
    bytes(0),
    bytes(3),
    bytes(0),
    bytes(MAX_CHUNK * 2 + 5),
    bytes(MAX_CHUNK),
    bytes(0),
  ];
  const out = await Array.fromAsync(chunks(source));
  assert.deepEqual(out.map((c) => c.byteLength), [
    3,
    MAX_CHUNK,
    MAX_CHUNK,
    5,
    MAX_CHUNK,
  ]);
  assert.equal(
    out.reduce((n, c) => n + c.byteLength, 0),
    3 + MAX_CHUNK * 3 + 5,
  );
});

Deno.test("an empty source gives no chunk at all", async () => {
  assert.deepEqual(await Array.fromAsync(chunks([])), []);
  assert.deepEqual(await Array.fromAsync(chunks([bytes(0), bytes(0)])), []);
});

Deno.test("splitting keeps the bytes in order, without copying", async () => {
  const data = new Uint8Array(10).map((_, i) => i);
  const out = await Array.fromAsync(chunks(ReadableStream.from([data]), 4));
  assert.deepEqual(out.map((c) => [...c]), [[0, 1, 2, 3], [4, 5, 6, 7], [
    8,
    9,
  ]]);
  assert.equal(out[0].buffer, data.buffer);
});

Deno.test("chunks pulls from its source only on demand", async () => {
  let pulled = 0;
  async function* source() {
    for (let i = 0; i < 100; i++) {
      pulled++;
      yield bytes(10);
    }
  }
  const iterator = chunks(source());
  await iterator.next();
  await iterator.next();
  assert.ok(pulled <= 3, `pulled ${pulled} pieces for 2 chunks`);
  await iterator.return(undefined);
});

Deno.test("a chunk size below 1 is refused", async () => {
  await assert.rejects(
    () => Array.fromAsync(chunks([bytes(1)], 0)),
    /at least 1/,
  );
});
