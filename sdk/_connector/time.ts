/**
 * Timestamps: `google.protobuf.Timestamp` with 64-bit seconds since 1970.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import { type Timestamp, TimestampSchema } from "@bufbuild/protobuf/wkt";

/** Go's zero `time.Time` (year 1), which plakar sends for "no time". */
export const GO_ZERO_SECONDS: bigint = -62135596800n;

/** A Timestamp for a Date, to the millisecond; `null`/absent gives Go's zero time. */
export function timestampFromDate(date: Date | null | undefined): Timestamp {
  if (!date) {
    return create(TimestampSchema, { seconds: GO_ZERO_SECONDS, nanos: 0 });
  }
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return create(TimestampSchema, {
    seconds: BigInt(seconds),
    nanos: (ms - seconds * 1000) * 1_000_000,
  });
}

/** The Date of a Timestamp, or `null` for an absent one or Go's zero time. */
export function dateFromTimestamp(ts: Timestamp | undefined): Date | null {
  if (!ts || ts.seconds === GO_ZERO_SECONDS) return null;
  return new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000));
}
