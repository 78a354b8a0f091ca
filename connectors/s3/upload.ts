/**
 * Streamed uploads of unknown size with bounded memory: what fits in one
 * part goes up in a single PUT; anything larger becomes a multipart upload
 * whose parts are read and sent one at a time. An upload first gathers up
 * to {@link SMALL} bytes as they came: most objects end there and go up
 * as one buffer of their own size. A larger one fills one part buffer of
 * {@link PART_SIZE} bytes at a time, taken from a small pool and given
 * back, so memory stays flat whatever the object's size and however many
 * objects go up in a row.
 *
 * @module
 */
import { MAX_CHUNK } from "@plakar/kit";
import type { S3Client, UploadedPart } from "./client.ts";

/** Bytes per part: S3's minimum for every part but the last. */
export const PART_SIZE = 5 * 1024 * 1024;

/**
 * Bytes an upload gathers before it takes a part buffer: 16 uploads of
 * 4 KiB at once took 80 MiB of part buffers, and their zero-filling was
 * 4 % of the plugin's time.
 */
const SMALL = MAX_CHUNK;

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
    const head = await parts.gather(SMALL);
    if (head.ended) {
      await client.putObject(key, head.bytes(), headers);
      return head.length;
    }
    buffer = pool.pop() ?? new Uint8Array(PART_SIZE);
    let part = await parts.next(buffer, head.copyTo(buffer));
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
 * Reads `data` one part at a time: `gather` takes the first pieces as they
 * come, `next` fills a buffer to the full (or to the end of the stream),
 * and both say whether the stream ended. What does not fit waits for the
 * next part.
 */
function partReader(data: ReadableStream<Uint8Array>) {
  const reader = data.getReader();
  let carry: Uint8Array | undefined;
  return {
    /** Pieces until more than `limit` bytes came, or the end. */
    async gather(limit: number) {
      const pieces: Uint8Array[] = [];
      let length = 0;
      let ended = false;
      while (length <= limit) {
        const { done, value } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        pieces.push(value);
        length += value.length;
      }
      const copyTo = (buffer: Uint8Array) => {
        let at = 0;
        for (const piece of pieces) {
          buffer.set(piece, at);
          at += piece.length;
        }
        return at;
      };
      return {
        length,
        ended,
        copyTo,
        /** The pieces as one buffer (no copy for a single piece). */
        bytes() {
          if (pieces.length === 1) return pieces[0];
          const all = new Uint8Array(length);
          copyTo(all);
          return all;
        },
      };
    },
    async next(
      buffer: Uint8Array,
      start = 0,
    ): Promise<{ bytes: Uint8Array; ended: boolean }> {
      let length = start;
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
