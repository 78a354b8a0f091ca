/**
 * The s3ts storage against a real S3 server (versitygw): the kit's
 * conformance suite on the plugin process, then what the suite does not
 * cover — the official layout, listings past one page, multipart uploads,
 * a refused second Create, and the messages of a missing bucket.
 */
import assert from "node:assert/strict";
import { macToHex, type Storage } from "@plakar/kit";
import { assertConformance, checkStorage } from "@plakar/kit/testing";
import { startVersitygw } from "../../toolchain/versitygw.ts";
import { s3Storage } from "./storage.ts";
import { s3Plugin, testClient } from "./test_support.ts";

Deno.test("the storage passes the conformance suite", async () => {
  await using s3 = await startVersitygw();
  assertConformance(
    await checkStorage({
      ...s3Plugin("storage"),
      config: { location: `s3ts://${s3.host}/conf/repo`, ...s3.options },
    }),
  );
});

Deno.test("over TLS too, trusting the server's certificate from tls_ca_cert", async () => {
  await using s3 = await startVersitygw({ tls: true });
  assertConformance(
    await checkStorage({
      ...s3Plugin("storage"),
      config: { location: `s3ts://${s3.host}/tls/repo`, ...s3.options },
    }),
  );
});

function storage(location: string, options: Record<string, string>): Storage {
  return s3Storage({ proto: "s3ts", config: { location, ...options } });
}

const stream = (...pieces: Uint8Array[]) => ReadableStream.from(pieces);
const mac = (n: number) => new Uint8Array(32).fill(n);

Deno.test("objects use the official integration's layout, and List goes past 1000", async () => {
  await using s3 = await startVersitygw();
  const store = storage(`s3ts://${s3.host}/layout/pre/fix`, s3.options);
  await store.create(new TextEncoder().encode("config"));
  const macs: Uint8Array[] = [];
  for (let i = 0; i < 1100; i++) {
    const m = new Uint8Array(32);
    new DataView(m.buffer).setUint32(0, i * 2654435761 >>> 0);
    macs.push(m);
  }
  // 1100 puts, 16 at a time.
  for (let i = 0; i < macs.length; i += 16) {
    await Promise.all(
      macs.slice(i, i + 16).map((m) =>
        store.put("state", m, stream(new Uint8Array([1])), { hot: false })
      ),
    );
  }
  await store.put("lock", mac(7), stream(), { hot: false });
  const listed = await Array.fromAsync(
    await store.list("state", { hot: false }),
  );
  assert.deepEqual(
    listed.map(macToHex).sort(),
    macs.map(macToHex).sort(),
  );
  const hex = macToHex(macs[0]);
  const files = (path: string) =>
    Deno.stat(`${s3.root}/layout/pre/fix/${path}`).then((s) => s.isFile);
  assert.ok(await files("CONFIG"));
  assert.ok(await files(`states/${hex.slice(0, 2)}/${hex}`));
  assert.ok(await files(`locks/${macToHex(mac(7))}`));
});

Deno.test("a large object goes up in parts and reads back whole and by range", async () => {
  await using s3 = await startVersitygw();
  const store = storage(`s3ts://${s3.host}/big`, s3.options);
  await store.create(new Uint8Array([1]));
  const piece = (n: number) => new Uint8Array(1 << 20).fill(n);
  const pieces = Array.from({ length: 19 }, (_, i) => piece(i));
  const size = await store.put(
    "packfile",
    mac(1),
    stream(...pieces),
    { hot: false },
  );
  assert.equal(size, 19 << 20);
  const stored = await testClient(s3, "big").headObject(
    `packfiles/01/${macToHex(mac(1))}`,
  );
  assert.equal(stored?.size, 19 << 20);
  const range = await store.get(
    "packfile",
    mac(1),
    { offset: BigInt((5 << 20) - 2), length: 4 },
    { hot: false },
  );
  const bytes = new Uint8Array(
    await new Response(range as ReadableStream).arrayBuffer(),
  );
  assert.deepEqual([...bytes], [4, 4, 5, 5]);
});

Deno.test("Create refuses an existing repository and makes a missing bucket", async () => {
  await using s3 = await startVersitygw();
  const store = storage(`s3ts://${s3.host}/fresh-bucket/r`, s3.options);
  await store.create(new Uint8Array([1]));
  await assert.rejects(
    async () => await store.create(new Uint8Array([2])),
    /a repository already exists at s3ts:\/\/127\.0\.0\.1:\d+\/fresh-bucket\/r/,
  );
  assert.deepEqual(await store.open(), new Uint8Array([1]));
  await assert.rejects(
    async () =>
      await storage(`s3ts://${s3.host}/fresh-bucket/other`, s3.options).open(),
    /no repository at s3ts:\/\/127\.0\.0\.1:\d+\/fresh-bucket\/other/,
  );
  await assert.rejects(
    async () =>
      await storage(`s3ts://${s3.host}/no-such-bucket`, s3.options).open(),
    /bucket "no-such-bucket" does not exist at http:\/\/127\.0\.0\.1:\d+ \(option "location"\)/,
  );
});
