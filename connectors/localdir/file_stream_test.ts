/**
 * The file streams localdir serves content from: exact bytes, and reads
 * sized to the file rather than to the largest chunk.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileStream } from "./file_stream.ts";

const MIB = 1024 * 1024;
const READ_CHUNK = 256 * 1024;

async function withFile(
  bytes: Uint8Array,
  test: (path: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "localdir-file-stream-" });
  try {
    const path = join(dir, "f");
    await Deno.writeFile(path, bytes);
    await test(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const pattern = (size: number) =>
  new Uint8Array(size).map((_, i) => (i * 7) % 251);

/** The chunks of a stream, with the size of the buffer behind each. */
async function read(stream: ReadableStream<Uint8Array>) {
  const chunks = await Array.fromAsync(stream);
  return {
    bytes: new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer()),
    buffers: chunks.map((chunk) => chunk.buffer.byteLength),
  };
}

Deno.test("a small file read with its size takes buffers of its size, not 1 MiB", async () => {
  const content = pattern(4096);
  await withFile(content, async (path) => {
    const { bytes, buffers } = await read(
      fileStream(await Deno.open(path), 0, undefined, content.length),
    );
    assert.deepEqual(bytes, content);
    assert.deepEqual(buffers, [4096]);
  });
});

Deno.test("without a size, the first read is 64 KiB, then 256 KiB", async () => {
  const content = pattern(3 * MIB + 5);
  await withFile(content, async (path) => {
    const { bytes, buffers } = await read(fileStream(await Deno.open(path)));
    assert.deepEqual(bytes, content);
    assert.equal(buffers[0], 64 * 1024);
    assert.ok(
      buffers.slice(1, -1).every((size) => size === READ_CHUNK),
      `${buffers}`,
    );
  });
});

Deno.test("a file that grew or shrank since its size was taken is read to its end", async () => {
  const content = pattern(2 * MIB + 100);
  await withFile(content, async (path) => {
    for (const hint of [10, 2 * MIB + 100, 3 * MIB]) {
      const { bytes } = await read(
        fileStream(await Deno.open(path), 0, undefined, hint),
      );
      assert.deepEqual(bytes, content, `size hint ${hint}`);
    }
  });
});

Deno.test("a range is read exactly, from its offset", async () => {
  const content = pattern(MIB + 300);
  await withFile(content, async (path) => {
    const { bytes } = await read(fileStream(await Deno.open(path), 200, MIB));
    assert.deepEqual(bytes, content.subarray(200, 200 + MIB));
  });
});

Deno.test("a BYOB reader's buffer is read into in place, a range to its exact end", async () => {
  const content = pattern(MIB);
  await withFile(content, async (path) => {
    const reader = fileStream(await Deno.open(path), 1000, 300_000, MIB)
      .getReader({ mode: "byob" });
    let memory = new ArrayBuffer(READ_CHUNK);
    const got: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(memory));
      assert.ok(value, "a read answers with the lent buffer");
      assert.equal(value.buffer.byteLength, READ_CHUNK, "the same memory");
      got.push(value.slice());
      memory = value.buffer as ArrayBuffer;
      if (done) break;
    }
    const bytes = new Uint8Array(
      await new Blob(got as BlobPart[]).arrayBuffer(),
    );
    assert.deepEqual(bytes, content.subarray(1000, 301_000));
  });
});
