/**
 * Streamed uploads of unknown size with bounded memory: what fits in one
 * part goes up in a single PUT; anything larger becomes a multipart upload
 * whose parts are read and sent one at a time. Each upload fills one part
 * buffer of {@link PART_SIZE} bytes at a time, taken from a small pool and
 * given back, so memory stays flat whatever the object's size and however
 * many objects go up in a row.
 *
 * @module
 */
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
  const buffer = pool.pop() ?? new Uint8Array(PART_SIZE);
  let uploadId: string | undefined;
  try {
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
    if (pool.length < POOL_MAX) pool.push(buffer);
  }
}

/**
 * Reads `data` into a buffer, one part at a time: `next` fills it to the
 * full (or to the end of the stream) and says whether the stream ended.
 * What does not fit waits for the next part.
 */
function partReader(data: ReadableStream<Uint8Array>) {
  const reader = data.getReader();
  let carry: Uint8Array | undefined;
  return {
    async next(
      buffer: Uint8Array,
    ): Promise<{ bytes: Uint8Array; ended: boolean }> {
      let length = 0;
      while (length < buffer.length) {
        let piece = carry;
        carry = undefined;
        if (!piece) {
          const { done, value } = await reader.read();
          if (done) return { bytes: buffer.subarray(0, length), ended: true };
          piece = value;
        }
        const room = buffer.length - length;
        if (piece.length > room) {
          carry = piece.subarray(room);
          piece = piece.subarray(0, room);
        }
        buffer.set(piece, length);
        length += piece.length;
      }
      // A full part: the stream may have ended exactly here.
      if (!carry) {
        const { done, value } = await reader.read();
        if (done) return { bytes: buffer, ended: true };
        carry = value;
      }
      return { bytes: buffer, ended: false };
    },
    cancel: (reason: unknown) => reader.cancel(reason).catch(() => {}),
  };
}
