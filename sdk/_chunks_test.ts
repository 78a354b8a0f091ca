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
  const out = await Array.fromAsync(
    chunks(ReadableStream.from([data]), { max: 4 }),
  );
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
    () => Array.fromAsync(chunks([bytes(1)], { max: 0 })),
    /at least 1/,
  );
});

/** A byte stream of `total` bytes counting up, in reads of at most 100 KiB. */
function countingByteStream(total: number) {
  let sent = 0;
  let cancelled = false;
  const stream = new ReadableStream({
    type: "bytes",
    pull(controller) {
      const view = controller.byobRequest!.view!;
      const n = Math.min(view.byteLength, 100 * 1024, total - sent);
      const into = new Uint8Array(view.buffer, view.byteOffset, n);
      for (let i = 0; i < n; i++) into[i] = (sent + i) % 256;
      sent += n;
      controller.byobRequest!.respond(n);
      if (sent === total) controller.close();
    },
    cancel: () => {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

Deno.test("a byte stream is read into one reused buffer, filled up to 256 KiB per chunk", async () => {
  const total = 1_000_000;
  const { stream } = countingByteStream(total);
  const sizes: number[] = [];
  let at = 0;
  let previous: Uint8Array | undefined;
  for await (const chunk of chunks(stream)) {
    // The previous chunk's buffer was lent to the read of this one.
    if (previous) assert.equal(previous.byteLength, 0, "detached");
    for (const byte of chunk) assert.equal(byte, at++ % 256);
    sizes.push(chunk.byteLength);
    assert.equal(chunk.buffer.byteLength, 262_144, "the SDK's buffer");
    previous = chunk;
  }
  assert.equal(at, total);
  assert.deepEqual(sizes, [262_144, 262_144, 262_144, 213_568]);
});

Deno.test("a byte stream left early is cancelled and released", async () => {
  const { stream, cancelled } = countingByteStream(10_000_000);
  for await (const _ of chunks(stream)) break;
  assert.equal(cancelled(), true);
  assert.equal(stream.locked, false);
});
