/**
 * Chunking: every content message on the wire holds 1 … 1 MiB bytes.
 *
 * @module
 */

/** The largest chunk the protocol allows: 1 MiB. */
export const MAX_CHUNK = 1024 * 1024;

/**
 * Content as connectors may hand it over. Each chunk is the SDK's once
 * handed over: the transport sends it without copying, so a source must not
 * write into a chunk's buffer again (yield a fresh buffer, or a part of one
 * that is never reused).
 */
export type ByteSource =
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>;
