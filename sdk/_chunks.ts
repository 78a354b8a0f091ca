/**
 * Splitting content into wire chunks.
 *
 * @module
 */
import { bufferPool } from "./_buffer_pool.ts";
import { type ByteSource, MAX_CHUNK } from "./chunk.ts";

/**
 * Bytes read from a byte stream at a time: a quarter of the protocol's
 * chunk, as large as helped (localdir's raw Get of 256 MiB peaked at
 * 128–166 MB with 256 KiB reads against 166–240 MB with 1 MiB reads, at
 * the same speed).
 */
const BYTE_STREAM_READ = 256 * 1024;

/**
 * Read buffers shared by every call, enough kept for the host's usual
 * concurrency: a byte stream is read into one of these rather than into a
 * fresh buffer per chunk.
 */
const readBuffers = bufferPool(BYTE_STREAM_READ, 16);

/** How {@link chunks} cuts and reads. */
export interface ChunkOptions {
  /** The largest chunk, in bytes (1 MiB, the protocol's, by default). */
  max?: number;
  /**
   * Whether a byte stream may be read into one reused buffer (the default),
   * for consumers done with each chunk before they ask for the next, as the
   * SDK's transport is. A host whose writes keep chunks queued says false.
   */
  reuse?: boolean;
}

/**
 * Yields the bytes of `source` in chunks of 1 … `max` bytes: larger pieces are
 * split (as views, no copy), empty ones dropped. Pulls from the source only as
 * fast as the consumer asks, so a slow consumer holds back the source.
 *
 * A byte stream (`type: "bytes"`) is read into buffers of the SDK's own,
 * each reused once the consumer asks for the next chunk (unless `reuse` is
 * false): a consumer must be done with a chunk by then.
 */
export async function* chunks(
  source: ByteSource,
  { max = MAX_CHUNK, reuse = true }: ChunkOptions = {},
): AsyncGenerator<Uint8Array> {
  if (!(max >= 1)) {
    throw new RangeError(`chunk size must be at least 1, got ${max}`);
  }
  const reader = reuse ? byobReader(source) : undefined;
  if (reader) {
    yield* readInto(reader, Math.min(max, BYTE_STREAM_READ));
    return;
  }
  for await (const piece of source as AsyncIterable<Uint8Array>) {
    for (let offset = 0; offset < piece.byteLength; offset += max) {
      yield piece.subarray(offset, Math.min(offset + max, piece.byteLength));
    }
  }
}

/** A BYOB reader of `source` if it is a byte stream. */
function byobReader(source: ByteSource) {
  if (!(source instanceof ReadableStream) || source.locked) return undefined;
  try {
    return source.getReader({ mode: "byob" });
  } catch {
    return undefined; // not a byte stream
  }
}

/** Reads `reader` in chunks of up to `size` bytes, one reused buffer. */
async function* readInto(
  reader: ReadableStreamBYOBReader,
  size: number,
): AsyncGenerator<Uint8Array> {
  // A read takes the buffer over (detaching it) and hands it back in its
  // answer; one that failed leaves `memory` detached, and the pool refuses it.
  let memory = readBuffers.take();
  let ended = false;
  try {
    while (!ended) {
      // Filled by reads of what came, rather than one read with `min`: a
      // source that closes without answering the last request would leave
      // such a read waiting for ever.
      let filled = 0;
      while (filled < size && !ended) {
        const { done, value } = await reader.read(
          new Uint8Array(memory, filled, size - filled),
        );
        if (value) {
          memory = value.buffer as ArrayBuffer;
          filled += value.byteLength;
        }
        ended = done;
      }
      if (filled > 0) yield new Uint8Array(memory, 0, filled);
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => {});
    reader.releaseLock();
    readBuffers.give(memory);
  }
}

/**
 * The chunks of `source` for a connector that is done with each chunk
 * before it asks for the next: a byte stream, such as the data of a Put or
 * the content of a restored file, is read into buffers the SDK reuses, so
 * reading it allocates nothing per chunk. A chunk is valid only until the
 * next one is asked for: copy what you keep.
 *
 * @example Writing the data of a Put to a file
 * ```ts
 * import { readChunks } from "@plakar/kit";
 *
 * async function store(path: string, data: ReadableStream<Uint8Array>) {
 *   using file = await Deno.create(path);
 *   for await (const chunk of readChunks(data)) {
 *     for (let at = 0; at < chunk.byteLength;) {
 *       at += await file.write(chunk.subarray(at));
 *     }
 *   }
 * }
 * ```
 */
export function readChunks(source: ByteSource): AsyncIterable<Uint8Array> {
  return chunks(source);
}
