import assert from "node:assert/strict";
import { receivedBytes } from "./_received_bytes.ts";
import { concat } from "../tests/support/bytes.ts";

/** Chunks of messages, counting the messages given back. */
function messages(...sizes: number[]) {
  const sent = sizes.map((size, m) =>
    new Uint8Array(size).map((_, i) => (m * 31 + i) % 256)
  );
  let at = 0;
  let recycled = 0;
  return {
    sent,
    recycled: () => recycled,
    chunks: {
      next: () => Promise.resolve(sent[at++]),
      recycle: () => {
        recycled++;
      },
    },
  };
}

Deno.test("a BYOB reader gets the bytes copied into its buffer; each message is recycled once copied out", async () => {
  const source = messages(300, 1000, 50);
  const reader = receivedBytes(source.chunks).getReader({ mode: "byob" });
  let memory = new ArrayBuffer(256);
  const got: Uint8Array[] = [];
  const recycledAt: number[] = [];
  for (;;) {
    const { done, value } = await reader.read(new Uint8Array(memory));
    if (value) {
      got.push(value.slice());
      memory = value.buffer as ArrayBuffer;
    }
    recycledAt.push(source.recycled());
    if (done) break;
  }
  assert.deepEqual(concat(got), concat(source.sent));
  assert.deepEqual(got.map((c) => c.byteLength), [
    256,
    44,
    256,
    256,
    256,
    232,
    50,
    0,
  ]);
  assert.deepEqual(recycledAt, [0, 1, 1, 1, 1, 2, 3, 3]);
});

Deno.test("a default reader takes each chunk itself (its buffer handed over), and nothing is recycled", async () => {
  const source = messages(300, 1000);
  const expected = concat(source.sent);
  const got = await Array.fromAsync(receivedBytes(source.chunks));
  assert.deepEqual(got.map((c) => c.byteLength), [300, 1000]);
  assert.deepEqual(concat(got), expected);
  // Handed over: the message's buffer now belongs to the reader's chunk.
  assert.equal(source.sent[0].byteLength, 0);
  assert.equal(source.recycled(), 0);
});

Deno.test("a failing source fails the stream with its error", async () => {
  const stream = receivedBytes({
    next: () => Promise.reject(new Error("the host cancelled")),
    recycle: () => {},
  });
  await assert.rejects(() => Array.fromAsync(stream), /the host cancelled/);
});
