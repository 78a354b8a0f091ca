/**
 * The s3ts importer against a real S3 server (versitygw): the kit's
 * conformance suite, the tree a bucket's keys make, a failing object
 * reported by path, and a missing bucket.
 */
import assert from "node:assert/strict";
import { type ScanItem } from "@plakar/kit";
import { assertConformance, checkImporter } from "@plakar/kit/testing";
import { type S3Server, startVersitygw } from "../../toolchain/versitygw.ts";
import { TEST_HOST_OPTIONS } from "../../tests/support/host_options.ts";
import { s3Importer } from "./importer.ts";
import { s3Plugin, testClient } from "./test_support.ts";

async function fill(
  s3: S3Server,
  bucket: string,
  keys: Record<string, number>,
) {
  const c = testClient(s3, bucket);
  await c.createBucket();
  for (const [key, size] of Object.entries(keys)) {
    await c.putObject(key, new Uint8Array(size).fill(key.length));
  }
}

const importer = (s3: S3Server, path: string) =>
  s3Importer({
    proto: "s3ts",
    config: { location: `s3ts://${s3.host}/${path}`, ...s3.options },
    options: TEST_HOST_OPTIONS,
  });

Deno.test("the importer passes the conformance suite", async () => {
  await using s3 = await startVersitygw();
  await fill(s3, "src", {
    "data/big.bin": 3 << 20,
    "data/small.txt": 10,
    "top": 1,
  });
  assertConformance(
    await checkImporter({
      ...s3Plugin("importer"),
      config: { location: `s3ts://${s3.host}/src`, ...s3.options },
    }),
  );
});

Deno.test("keys become files, their prefixes directories, parents first", async () => {
  await using s3 = await startVersitygw();
  await fill(s3, "tree", {
    "p/a.txt": 3,
    "p/a/b/c.txt": 5,
    "p/a-z": 1,
    "p/empty/": 0,
    "other/x": 1,
  });
  const items: ScanItem[] = await Array.fromAsync(
    (await importer(s3, "tree/p")).scan(),
  );
  assert.deepEqual(
    items.map((i) => [i.pathname, "info" in i ? (i.info.size ?? "dir") : "?"]),
    [
      ["/", "dir"],
      ["/p", "dir"],
      ["/p/a-z", 1],
      ["/p/a.txt", 3],
      ["/p/a", "dir"],
      ["/p/a/b", "dir"],
      ["/p/a/b/c.txt", 5],
      ["/p/empty", "dir"],
    ],
  );
  const file = items.find((i) => i.pathname === "/p/a/b/c.txt")!;
  assert.ok("content" in file && file.content);
  const bytes = new Uint8Array(
    await new Response(await file.content() as ReadableStream).arrayBuffer(),
  );
  assert.deepEqual(bytes, new Uint8Array(5).fill(11));
});

Deno.test("an object gone before it is read fails with its key", async () => {
  await using s3 = await startVersitygw();
  await fill(s3, "gone", { "a.txt": 3 });
  const items = await Array.fromAsync((await importer(s3, "gone")).scan());
  await testClient(s3, "gone").deleteObject("a.txt");
  const file = items.find((i) => i.pathname === "/a.txt")!;
  assert.ok("content" in file && file.content);
  await assert.rejects(
    async () => await file.content!(),
    /could not read a\.txt at http:\/\/127\.0\.0\.1:\d+\/gone: NoSuchKey/,
  );
});

Deno.test("a missing bucket is refused at Init, naming it", async () => {
  await using s3 = await startVersitygw();
  await assert.rejects(
    () => importer(s3, "no-bucket/x"),
    /bucket "no-bucket" does not exist at http:\/\/127\.0\.0\.1:\d+ \(option "location"\)/,
  );
});
