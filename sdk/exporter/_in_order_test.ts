import assert from "node:assert/strict";
import { inOrder } from "./_in_order.ts";

const later = <T>(value: T, ms: number) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

Deno.test("results come back in the order the work began, not the order it ended", async () => {
  const queue = inOrder<string>();
  queue.push(later("slow", 30));
  queue.push(later("fast", 1));
  queue.push(Promise.resolve("now"));
  assert.deepEqual(await queue.settle(1), ["slow", "fast"]);
  assert.equal(queue.size, 1);
  assert.deepEqual(await queue.settle(0), ["now"]);
  assert.equal(queue.size, 0);
});

Deno.test("settle returns at once when few enough are queued", async () => {
  const queue = inOrder<number>();
  queue.push(new Promise<number>(() => {})); // never settles
  assert.deepEqual(await queue.settle(1), []);
  assert.deepEqual(await queue.settle(5), []);
  assert.equal(queue.size, 1);
});

Deno.test("a failure surfaces when its turn comes, never as an unhandled rejection", async () => {
  const queue = inOrder<string>();
  queue.push(later("first", 10));
  queue.push(Promise.reject(new Error("second failed")));
  queue.push(Promise.resolve("third"));
  // Let the rejection go unobserved for a while: it must not be reported.
  await later(null, 20);
  await assert.rejects(queue.settle(0), /second failed/);
  assert.equal(queue.size, 1);
  assert.deepEqual(await queue.settle(0), ["third"]);
});
