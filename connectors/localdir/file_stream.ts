/**
 * Streams part of a file in chunks of at most 256 KiB, reading only as fast
 * as the consumer pulls.
 *
 * @module
 */

/**
 * The first read of a file whose size is unknown: most objects and most
 * files backed up are far smaller than a chunk, and a zero-filled 1 MiB
 * buffer for each cost more than reading it (5 000 objects of 4 KiB:
 * 1.1 s of a 4.5 s profile, and the plugin's peak memory).
 */
const FIRST_READ = 64 * 1024;

/**
 * The most one read takes. A quarter of the protocol's 1 MiB: a raw Get of
 * 256 MiB peaked at 128–166 MB with it against 166–240 MB with 1 MiB reads
 * (three runs each, plakar's client), at the same speed; short-lived large
 * buffers are what the plugin's memory is made of.
 */
const READ_CHUNK = 256 * 1024;

/**
 * A stream over `length` bytes of `file` from `offset` (to the end when
 * `length` is undefined). `sizeHint`, the file's size when it was looked
 * at, sizes the reads of a file read to its end; it may have changed
 * since. The file is closed when the stream ends, fails or is cancelled.
 * It fails if the file ends before `length` bytes.
 */
export function fileStream(
  file: Deno.FsFile,
  offset = 0,
  length?: number,
  sizeHint?: number,
): ReadableStream<Uint8Array> {
  let remaining = length ?? Infinity;
  /** Bytes the file should still hold, while it matches its hint. */
  let expected = sizeHint === undefined ? undefined : sizeHint - offset;
  let unknownRead = FIRST_READ;
  let positioned = offset === 0;
  const release = () => {
    try {
      file.close();
    } catch { /* already closed */ }
  };
  return new ReadableStream({
    type: "bytes",
    async pull(controller: ReadableByteStreamController) {
      try {
        if (!positioned) {
          await file.seek(offset, Deno.SeekMode.Start);
          positioned = true;
        }
        if (remaining <= 0) {
          release();
          controller.close();
          return controller.byobRequest?.respond(0);
        }
        // Past the expected end, one byte finds the end of the file (or
        // that it grew, and then it is read in whole chunks).
        const size = Math.min(
          remaining,
          READ_CHUNK,
          expected === undefined ? unknownRead : Math.max(1, expected),
        );
        // A BYOB reader (the SDK's) lends its buffer: no allocation per read.
        const request = controller.byobRequest;
        const lent = request?.view;
        const buffer = lent
          ? new Uint8Array(
            lent.buffer,
            lent.byteOffset,
            Math.min(size, lent.byteLength),
          )
          : new Uint8Array(size);
        const n = await file.read(buffer);
        if (n === null) {
          release();
          if (length !== undefined) {
            return controller.error(
              new Error(
                `file ended ${remaining} bytes before the requested range`,
              ),
            );
          }
          controller.close();
          return request?.respond(0);
        }
        remaining -= n;
        if (expected !== undefined) {
          expected -= n;
          if (expected < 0) expected = undefined;
        }
        if (n === size) unknownRead = READ_CHUNK;
        if (request) request.respond(n);
        else controller.enqueue(buffer.subarray(0, n));
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel: release,
  }, { highWaterMark: 0 });
}
