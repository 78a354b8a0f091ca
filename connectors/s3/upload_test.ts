/**
 * Uploads from a byte stream that reuses one buffer, as the kit's Put data
 * is read: every object, small, at a part boundary or in many parts, is
 * stored byte-exact.
 */
import assert from "node:assert/strict";
import { startVersitygw } from "../../toolchain/versitygw.ts";
import { testClient } from "./test_support.ts";
import { PART_SIZE, upload } from "./upload.ts";

/** Byte `i` of every test object. */
const byteAt = (i: number) => (i * 13 + (i >> 16)) % 251;

/** A byte stream of `size` bytes, in answers of up to 100 000 bytes. */
function byteStream(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    type: "bytes",
    pull(controller) {
      const request = controller.byobRequest!;
      if (sent === size) {
        controller.close();
        return request.respond(0);
      }
      const view = request.view!;
      const n = Math.min(view.byteLength, 100_000, size - sent);
      const into = new Uint8Array(view.buffer, view.byteOffset, n);
      for (let i = 0; i < n; i++) into[i] = byteAt(sent + i);
      sent += n;
      request.respond(n);
    },
  });
}

Deno.test("objects read from a reused buffer go up byte-exact, whatever their size", async () => {
  await using s3 = await startVersitygw();
  const client = testClient(s3, "uploads");
  await client.createBucket();
  const sizes = [
    0,
    100,
    256 * 1024,
    256 * 1024 + 1,
    PART_SIZE,
    PART_SIZE + 1,
    2 * PART_SIZE + 12_345,
  ];
  for (const size of sizes) {
    const key = `object-${size}`;
    assert.equal(await upload(client, key, byteStream(size)), size);
    const stored = new Uint8Array(
      await new Response(await client.getObject(key)).arrayBuffer(),
    );
    assert.equal(stored.byteLength, size, key);
    const wrong = stored.findIndex((byte, i) => byte !== byteAt(i));
    assert.equal(wrong, -1, `${key}: byte ${wrong} differs`);
  }
});
