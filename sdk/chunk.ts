/**
 * Chunking: every content message on the wire holds 1 … 1 MiB bytes.
 *
 * @module
 */

/** The largest chunk the protocol allows: 1 MiB. */
export const MAX_CHUNK = 1024 * 1024;

/**
 * Content as connectors may hand it over. The SDK is done with a chunk
 * once it asks the source for the next one (the transport copied it out by
 * then), so a source may reuse its buffer from that point on.
 *
 * A byte stream (`type: "bytes"`, such as `Deno.FsFile.readable` or a
 * `fetch` body) is read into the SDK's own reused buffers: when its `pull`
 * fills `controller.byobRequest.view` in place, content flows without any
 * allocation per chunk.
 *
 * @example A byte stream over a file, read into the SDK's buffers
 * ```ts
 * import type { ByteSource } from "@plakar/kit";
 *
 * async function content(path: string): Promise<ByteSource> {
 *   const file = await Deno.open(path);
 *   return file.readable;
 * }
 * ```
 */
export type ByteSource =
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>;
