/**
 * Splitting content into wire chunks.
 *
 * @module
 */
import { type ByteSource, MAX_CHUNK } from "./chunk.ts";

/**
 * Yields the bytes of `source` in chunks of 1 … `max` bytes: larger pieces are
 * split (as views, no copy), empty ones dropped. Pulls from the source only as
 * fast as the consumer asks, so a slow consumer holds back the source.
 */
export async function* chunks(
  source: ByteSource,
  max: number = MAX_CHUNK,
): AsyncGenerator<Uint8Array> {
  if (!(max >= 1)) {
    throw new RangeError(`chunk size must be at least 1, got ${max}`);
  }
  for await (const piece of source as AsyncIterable<Uint8Array>) {
    for (let offset = 0; offset < piece.byteLength; offset += max) {
      yield piece.subarray(offset, Math.min(offset + max, piece.byteLength));
    }
  }
}
