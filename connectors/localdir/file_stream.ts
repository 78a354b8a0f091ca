/**
 * Streams part of a file in chunks of at most 1 MiB, reading only as fast as
 * the consumer pulls.
 *
 * @module
 */
import { MAX_CHUNK } from "@plakar/kit";

/**
 * A stream over `length` bytes of `file` from `offset` (to the end when
 * `length` is undefined). The file is closed when the stream ends, fails or
 * is cancelled. It fails if the file ends before `length` bytes.
 */
export function fileStream(
  file: Deno.FsFile,
  offset = 0,
  length?: number,
): ReadableStream<Uint8Array> {
  let remaining = length ?? Infinity;
  let positioned = offset === 0;
  const release = () => {
    try {
      file.close();
    } catch { /* already closed */ }
  };
  return new ReadableStream<Uint8Array>({
    type: "bytes",
    async pull(controller) {
      try {
        if (!positioned) {
          await file.seek(offset, Deno.SeekMode.Start);
          positioned = true;
        }
        if (remaining <= 0) {
          release();
          return controller.close();
        }
        const buffer = new Uint8Array(Math.min(remaining, MAX_CHUNK));
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
          return controller.close();
        }
        remaining -= n;
        controller.enqueue(buffer.subarray(0, n));
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel: release,
  }, { highWaterMark: 0 });
}
