import assert from "node:assert/strict";
import { backoffMs, retryableStatus } from "./retry.ts";

Deno.test("back-off doubles, jittered within half of its ceiling, up to 5 s", () => {
  for (const [attempt, ceiling] of [[1, 200], [2, 400], [3, 800], [10, 5000]]) {
    const wait = backoffMs(attempt);
    assert.ok(wait >= ceiling / 2 && wait <= ceiling, `${attempt}: ${wait}`);
  }
});

Deno.test("server errors and throttling are retried, client errors are not", () => {
  for (const status of [500, 502, 503, 504, 429, 408]) {
    assert.ok(retryableStatus(status), String(status));
  }
  for (const status of [400, 403, 404, 409, 416]) {
    assert.ok(!retryableStatus(status), String(status));
  }
});
