/**
 * Writes a file under a temporary name and renames it into place, so that
 * a killed plugin never leaves a partial file where the real one belongs.
 *
 * @module
 */

/**
 * Writes `data` to `tmp` (created new, mode 0600), then renames it to
 * `path`; `tmp` must be on the same filesystem. With `fsync`, the data also
 * reaches the disk before the rename (surviving power loss, at about half
 * the write speed). On failure `tmp` is removed. Returns the bytes written.
 */
export async function writeAtomically(
  tmp: string,
  path: string,
  data: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  fsync: boolean,
): Promise<number> {
  const file = await Deno.open(tmp, {
    write: true,
    createNew: true,
    mode: 0o600,
  });
  let written = 0;
  try {
    for await (const chunk of data) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        offset += await file.write(chunk.subarray(offset));
      }
      written += chunk.byteLength;
    }
    if (fsync) await file.sync();
    file.close();
    await Deno.rename(tmp, path);
    return written;
  } catch (error) {
    try {
      file.close();
    } catch { /* already closed */ }
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}
