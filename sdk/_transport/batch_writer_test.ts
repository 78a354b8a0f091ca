import assert from "node:assert/strict";
import { batchWriter } from "./batch_writer.ts";

const bytes = (...values: number[]) => new Uint8Array(values);

/** A sink that records each write and completes when told to. */
function recordingSink() {
  const writes: number[][] = [];
  let release: (() => void) | undefined;
  let hold = false;
  return {
    writes,
    holdWrites: () => (hold = true),
    releaseWrites: () => {
      hold = false;
      release?.();
    },
    sink: async (chunk: Uint8Array) => {
      if (hold) await new Promise<void>((resolve) => (release = resolve));
      writes.push([...chunk]);
      return chunk.byteLength;
    },
  };
}

Deno.test("writes queued in one turn reach the sink as one write, in order", async () => {
  const recorder = recordingSink();
  const writer = batchWriter(recorder.sink);
  const done: (Error | null | undefined)[] = [];
  writer.write(bytes(1, 2), (e) => done.push(e));
  writer.write(bytes(3), (e) => done.push(e));
  writer.write(bytes(4, 5, 6), (e) => done.push(e));
  await writer.flush();
  assert.deepEqual(recorder.writes, [[1, 2, 3, 4, 5, 6]]);
  assert.deepEqual(done, [null, null, null]);
});

Deno.test("partial writes by the sink are continued to the end", async () => {
  const seen: number[][] = [];
  const writer = batchWriter((chunk) => {
    seen.push([...chunk.subarray(0, 2)]);
    return Promise.resolve(Math.min(2, chunk.byteLength));
  });
  writer.write(bytes(1, 2, 3, 4, 5), () => {});
  await writer.flush();
  assert.deepEqual(seen, [[1, 2], [3, 4], [5]]);
});

Deno.test("above the high-water mark the caller waits until the queue drains", async () => {
  const recorder = recordingSink();
  recorder.holdWrites();
  const writer = batchWriter(recorder.sink, 4);
  let first = false;
  let second = false;
  writer.write(bytes(1, 2, 3), () => (first = true));
  writer.write(bytes(4, 5), () => (second = true));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(first, true, "below the mark: accepted at once");
  assert.equal(second, false, "at or above the mark: held back");
  recorder.releaseWrites();
  await writer.flush();
  assert.equal(second, true);
  assert.deepEqual(recorder.writes, [[1, 2, 3, 4, 5]]);
});

Deno.test("a failed write is reported to waiting and later writers and by flush", async () => {
  const writer = batchWriter(() => Promise.reject(new Error("broken pipe")), 1);
  const errors: (Error | null | undefined)[] = [];
  writer.write(bytes(1), (e) => errors.push(e));
  await assert.rejects(() => writer.flush(), /broken pipe/);
  writer.write(bytes(2), (e) => errors.push(e));
  assert.deepEqual(errors.map((e) => e?.message), [
    "broken pipe",
    "broken pipe",
  ]);
});

Deno.test("more than a batch goes out in several writes, whole and in order", async () => {
  const recorder = recordingSink();
  const writer = batchWriter(recorder.sink, 8 * 1024 * 1024);
  const big = new Uint8Array(2.5 * 1024 * 1024).map((_, i) => i % 253);
  writer.write(big.subarray(0, 100), () => {});
  writer.write(big.subarray(100), () => {});
  await writer.flush();
  assert.ok(recorder.writes.length >= 3, `${recorder.writes.length} writes`);
  assert.deepEqual(new Uint8Array(recorder.writes.flat()), big);
});

Deno.test("a write is copied at once: the caller may reuse its buffer when write returns", async () => {
  const recorder = recordingSink();
  recorder.holdWrites();
  const writer = batchWriter(recorder.sink);
  const buffer = bytes(1, 2, 3);
  writer.write(buffer, () => {});
  buffer.set([7, 8, 9]);
  writer.write(buffer, () => {});
  buffer.fill(0);
  recorder.releaseWrites();
  await writer.flush();
  assert.deepEqual(recorder.writes, [[1, 2, 3, 7, 8, 9]]);
});
