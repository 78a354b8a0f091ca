/**
 * Content the host sends, as the byte stream a connector reads.
 *
 * @module
 */

/** Where a {@link receivedBytes} stream takes its chunks from. */
export interface ReceivedChunks {
  /** The next chunk of a received message; undefined at the end. */
  next(): Promise<Uint8Array | undefined>;
  /** Gives back the message the last chunk came from (see `ServerCall.recycle`). */
  recycle(): void;
}

/**
 * A byte stream over received chunks, pulled one at a time, so that an
 * unread stream holds back the host. A BYOB reader gets the bytes copied
 * into its own buffer, and each message is recycled once copied out: an
 * upload then allocates nothing per chunk. A default reader takes each
 * chunk itself (its buffer is handed over to the reader).
 */
export function receivedBytes(
  chunks: ReceivedChunks,
): ReadableStream<Uint8Array> {
  let piece: Uint8Array | undefined;
  return new ReadableStream({
    type: "bytes",
    async pull(controller) {
      piece ??= await chunks.next();
      const request = controller.byobRequest;
      if (!piece) {
        controller.close();
        return request?.respond(0);
      }
      const view = request?.view;
      if (!request || !view) {
        controller.enqueue(piece);
        piece = undefined;
        return;
      }
      const n = Math.min(view.byteLength, piece.byteLength);
      new Uint8Array(view.buffer, view.byteOffset, n).set(piece.subarray(0, n));
      if (n < piece.byteLength) piece = piece.subarray(n);
      else {
        piece = undefined;
        chunks.recycle();
      }
      request.respond(n);
    },
  }, { highWaterMark: 0 });
}
