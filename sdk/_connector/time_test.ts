import assert from "node:assert/strict";
import {
  dateFromTimestamp,
  GO_ZERO_SECONDS,
  timestampFromDate,
} from "./time.ts";

Deno.test("Dates convert to Timestamps with 64-bit seconds and nanos", () => {
  const ts = timestampFromDate(new Date(Date.UTC(2026, 10, 24, 14, 0, 0, 123)));
  assert.equal(ts.seconds, 1795528800n);
  assert.equal(ts.nanos, 123_000_000);
  assert.deepEqual(
    dateFromTimestamp(ts),
    new Date(Date.UTC(2026, 10, 24, 14, 0, 0, 123)),
  );
});

Deno.test("times before 1970 keep nanos positive", () => {
  const ts = timestampFromDate(new Date(-1500));
  assert.equal(ts.seconds, -2n);
  assert.equal(ts.nanos, 500_000_000);
  assert.equal(dateFromTimestamp(ts)!.getTime(), -1500);
});

Deno.test("no time is Go's zero time on the wire, and back", () => {
  assert.equal(timestampFromDate(null).seconds, GO_ZERO_SECONDS);
  assert.equal(dateFromTimestamp(timestampFromDate(undefined)), null);
  assert.equal(dateFromTimestamp(undefined), null);
});
