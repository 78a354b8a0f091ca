/**
 * Streamed uploads of unknown size with bounded memory: what fits in one
 * part goes up in a single PUT; anything larger becomes a multipart upload
 * whose parts are read and sent one at a time. An object that ends within
 * its first chunk goes up as a copy of its own size: most objects end
 * there. A larger one fills one part buffer of {@link PART_SIZE} bytes at
 * a time, taken from a small pool and given back, so memory stays flat
 * whatever the object's size and however many objects go up in a row.
 * Data is read with the kit's `readChunks`: the host's messages are copied
 * straight into the part buffer, and nothing is allocated per chunk.
 *
 * @module
 */
import { readChunks } from "@plakar/kit";
import type { S3Client, UploadedPart } from "./client.ts";

/** Bytes per part: S3's minimum for every part but the last. */
export const PART_SIZE = 5 * 1024 * 1024;

/** Part buffers not in use, kept for the next uploads (at most {@link POOL_MAX}). */
const pool: Uint8Array[] = [];
const POOL_MAX = 8;

/** Stores `data` as object `key`; returns the number of bytes stored. */
export async function upload(
  client: S3Client,
  key: string,
  data: ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Promise<number> {
  const parts = partReader(data);
  let buffer: Uint8Array | undefined;
  let uploadId: string | undefined;
  try {
    const small = await parts.single();
    if (small) {
      await client.putObject(key, small, headers);
      return small.byteLength;
    }
    buffer = pool.pop() ?? new Uint8Array(PART_SIZE);
    let part = await parts.next(buffer);
    if (part.ended) {
      await client.putObject(key, part.bytes, headers);
      return part.bytes.length;
    }
    uploadId = await client.createMultipart(key, headers);
    const done: UploadedPart[] = [];
    let total = 0;
    while (part.bytes.length > 0) {
      const number = done.length + 1;
      done.push({
        number,
        etag: await client.uploadPart(key, uploadId, number, part.bytes),
      });
      total += part.bytes.length;
      if (part.ended) break;
      part = await parts.next(buffer);
    }
    await client.completeMultipart(key, uploadId, done);
    return total;
  } catch (error) {
    await parts.cancel(error);
    if (uploadId) await client.abortMultipart(key, uploadId).catch(() => {});
    throw error;
  } finally {
    if (buffer && pool.length < POOL_MAX) pool.push(buffer);
  }
}

/**
 * Reads `data` one part at a time: `single` gives the whole object when it
 * ends within its first chunk, `next` fills a buffer to the full (or to the
 * end of the stream) and says whether the stream ended. What does not fit
 * waits for the next part: a chunk stays valid until the next is asked for.
 */
function partReader(data: ReadableStream<Uint8Array>) {
  const chunks = readChunks(data)[Symbol.asyncIterator]();
  /** Pieces read and not yet used, in order (a copy first, then views). */
  const queued: Uint8Array[] = [];
  let ended = false;
  /** The next piece, or undefined at the end. */
  const pull = async () => {
    const piece = queued.shift();
    if (piece || ended) return piece;
    const { done, value } = await chunks.next();
    ended = done === true;
    return done ? undefined : value;
  };
  return {
    /** A copy of the object if it is a single chunk (or none), else undefined. */
    async single(): Promise<Uint8Array | undefined> {
      const first = (await pull())?.slice() ?? new Uint8Array(0);
      const second = await pull();
      if (!second) return first;
      queued.push(first, second);
      return undefined;
    },
    async next(
      buffer: Uint8Array,
    ): Promise<{ bytes: Uint8Array; ended: boolean }> {
      let length = 0;
      while (length < buffer.length) {
        let piece = await pull();
        if (!piece) return { bytes: buffer.subarray(0, length), ended: true };
        const room = buffer.length - length;
        if (piece.length > room) {
          queued.unshift(piece.subarray(room));
          piece = piece.subarray(0, room);
        }
        buffer.set(piece, length);
        length += piece.length;
      }
      // A full part: the stream may have ended exactly here.
      const after = await pull();
      if (after) queued.unshift(after);
      return { bytes: buffer, ended: !after };
    },
    cancel: async (reason: unknown) => {
      await chunks.return?.(undefined);
      await data.cancel(reason).catch(() => {});
    },
  };
}
