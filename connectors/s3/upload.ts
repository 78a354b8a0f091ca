/**
 * Streamed uploads of unknown size with bounded memory: what fits in one
 * part goes up in a single PUT; anything larger becomes a multipart upload
 * whose parts are read and sent one at a time, so at most one part (about
 * {@link PART_SIZE}) is held per upload, whatever the object's size.
 *
 * @module
 */
import type { S3Client, UploadedPart } from "./client.ts";

/** Bytes per part (S3 wants at least 5 MiB for every part but the last). */
export const PART_SIZE = 8 * 1024 * 1024;

/** Stores `data` as object `key`; returns the number of bytes stored. */
export async function upload(
  client: S3Client,
  key: string,
  data: ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
  partSize = PART_SIZE,
): Promise<number> {
  const reader = data.getReader();
  let uploadId: string | undefined;
  try {
    let part = await readPart(reader, partSize);
    if (part.ended) {
      await client.putObject(key, part.bytes, headers);
      return part.bytes.length;
    }
    uploadId = await client.createMultipart(key, headers);
    const parts: UploadedPart[] = [];
    let total = 0;
    while (part.bytes.length > 0) {
      const number = parts.length + 1;
      parts.push({
        number,
        etag: await client.uploadPart(key, uploadId, number, part.bytes),
      });
      total += part.bytes.length;
      if (part.ended) break;
      part = await readPart(reader, partSize);
    }
    await client.completeMultipart(key, uploadId, parts);
    return total;
  } catch (error) {
    await reader.cancel(error).catch(() => {});
    if (uploadId) await client.abortMultipart(key, uploadId).catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
}

/** At least `size` bytes (or what is left), and whether the stream ended. */
async function readPart(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  size: number,
): Promise<{ bytes: Uint8Array; ended: boolean }> {
  const pieces: Uint8Array[] = [];
  let length = 0;
  while (length < size) {
    const { done, value } = await reader.read();
    if (done) return { bytes: concat(pieces, length), ended: true };
    pieces.push(value);
    length += value.length;
  }
  return { bytes: concat(pieces, length), ended: false };
}

function concat(pieces: Uint8Array[], length: number): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return bytes;
}
